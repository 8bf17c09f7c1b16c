package io.cloudpedia.agent.send;

import java.util.List;

/** Delivers message bodies to the queue, a batch at a time (SQS SendMessageBatch, or an in-process queue). */
public interface EnvelopeTransport extends AutoCloseable {

    /** The most bodies one {@link #sendBatch} call takes. */
    int MAX_BATCH_ENTRIES = 10;
    /** The most body bytes one {@link #sendBatch} call takes. */
    int MAX_BATCH_BYTES = 1_048_576;

    /**
     * Sends up to {@value #MAX_BATCH_ENTRIES} bodies of at most {@value #MAX_BATCH_BYTES} bytes together.
     *
     * @return the entries that failed (to be retried); empty when all were accepted
     * @throws Exception when the call as a whole failed (network, throttling, ...): every entry is retried
     */
    List<EntryFailure> sendBatch(List<String> bodies) throws Exception;

    @Override
    default void close() {
    }

    /**
     * One rejected entry.
     *
     * @param index       its position in the batch
     * @param senderFault true when the queue blames the message itself (retrying is unlikely to help)
     */
    record EntryFailure(int index, String code, boolean senderFault) {
    }
}
