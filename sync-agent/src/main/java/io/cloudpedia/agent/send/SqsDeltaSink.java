package io.cloudpedia.agent.send;

import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.Delta;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The production sink: deltas packed into envelopes and sent to an SQS queue with {@code SendMessageBatch}, retried
 * with backoff until accepted, with back-pressure on a full buffer (see {@link PackingDeltaSink}).
 */
public final class SqsDeltaSink implements DeltaSink {

    private final PackingDeltaSink sink;

    /** Sends with the given client, which the caller keeps and closes. */
    public SqsDeltaSink(SqsClient sqs, String queueUrl, AgentIdentity identity, SendOptions options) {
        this(new SqsEnvelopeTransport(sqs, queueUrl, false), identity, options);
    }

    private SqsDeltaSink(SqsEnvelopeTransport transport, AgentIdentity identity, SendOptions options) {
        this.sink = new PackingDeltaSink(identity, transport, options);
    }

    /** A sink with its own SQS client built from the queue configuration; {@link #close()} closes that client. */
    public static SqsDeltaSink create(QueueConfig queue, AgentIdentity identity) {
        return new SqsDeltaSink(new SqsEnvelopeTransport(buildClient(queue), queue.url(), true), identity,
                SendOptions.from(queue));
    }

    /** An SQS client for the queue: URLConnection HTTP client, the configured region and optional endpoint. */
    public static SqsClient buildClient(QueueConfig queue) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .region(Region.of(queue.region()));
        queue.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The largest encoded delta that fits one message. */
    public int maxDeltaBytes() {
        return sink.maxDeltaBytes();
    }

    @Override
    public void send(Delta delta) throws InterruptedException {
        sink.send(delta);
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        return sink.flush(timeout);
    }

    @Override
    public SinkStats stats() {
        return sink.stats();
    }

    @Override
    public void close() {
        sink.close();
    }
}
