package io.cloudpedia.agent.send;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Delivers message bodies with SQS {@code SendMessageBatch}. */
public final class SqsEnvelopeTransport implements EnvelopeTransport {

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean ownsClient;

    /**
     * @param ownsClient whether {@link #close()} closes {@code sqs}
     */
    public SqsEnvelopeTransport(SqsClient sqs, String queueUrl, boolean ownsClient) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.ownsClient = ownsClient;
    }

    @Override
    public List<EntryFailure> sendBatch(List<String> bodies) {
        if (bodies.isEmpty() || bodies.size() > MAX_BATCH_ENTRIES) {
            throw new IllegalArgumentException("a batch has 1.." + MAX_BATCH_ENTRIES + " entries");
        }
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i))
                    .build());
        }
        SendMessageBatchResponse response = sqs.sendMessageBatch(SendMessageBatchRequest.builder()
                .queueUrl(queueUrl).entries(entries).build());
        List<EntryFailure> failures = new ArrayList<>();
        for (BatchResultErrorEntry failed : response.failed()) {
            failures.add(new EntryFailure(Integer.parseInt(failed.id()), String.valueOf(failed.code()),
                    Boolean.TRUE.equals(failed.senderFault())));
        }
        return failures;
    }

    @Override
    public void close() {
        if (ownsClient) {
            sqs.close();
        }
    }
}
