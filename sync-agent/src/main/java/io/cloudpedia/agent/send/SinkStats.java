package io.cloudpedia.agent.send;

/**
 * Delivery counters of a sink.
 *
 * @param messagesSent messages (envelopes) the queue accepted
 * @param deltasSent   deltas in those messages
 * @param bytesSent    message body bytes the queue accepted
 * @param sendRetries  entries or calls sent again after a failure or throttling
 * @param pending      deltas handed over and not delivered yet
 * @param abandoned    deltas given up at shutdown because the queue kept failing past the close deadline
 * @param lastDeliveryEpochMillis when the queue last accepted a message; 0 before the first
 */
public record SinkStats(long messagesSent, long deltasSent, long bytesSent, long sendRetries, long pending,
                        long abandoned, long lastDeliveryEpochMillis) {

    public static final SinkStats NONE = new SinkStats(0, 0, 0, 0, 0, 0, 0);
}
