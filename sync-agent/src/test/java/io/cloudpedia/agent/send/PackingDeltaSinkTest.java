package io.cloudpedia.agent.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.testing.Await;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.Json;
import io.cloudpedia.agent.wire.ObjectPayload;
import io.cloudpedia.agent.wire.Upsert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PackingDeltaSinkTest {

    private static final AgentIdentity AGENT = new AgentIdentity("cluster-1", "cluster-1-abcdef");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void flushDeliversEveryDeltaInBatchesWithinTheQueueLimits() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        java.time.Instant now = java.time.Instant.parse("2026-01-02T03:04:05.678Z");
        SendOptions options = SendOptions.defaults(16_384).withLinger(Duration.ofSeconds(30))
                .withClock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        try (PackingDeltaSink sink = new PackingDeltaSink(AGENT, transport, options)) {
            assertThat(sink.stats().lastDeliveryEpochMillis()).as("nothing delivered yet").isZero();
            for (int i = 0; i < 500; i++) {
                sink.send(upsert("obj-" + i, 600));
            }

            assertThat(sink.flush(WAIT)).isTrue();

            assertThat(transport.deltaNames()).hasSize(500).doesNotHaveDuplicates();
            for (List<String> batch : transport.batches()) {
                assertThat(batch).hasSizeLessThanOrEqualTo(EnvelopeTransport.MAX_BATCH_ENTRIES);
                assertThat(batch.stream().mapToInt(b -> b.getBytes(StandardCharsets.UTF_8).length).sum())
                        .isLessThanOrEqualTo(EnvelopeTransport.MAX_BATCH_BYTES);
                batch.forEach(body -> assertThat(body.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(16_384));
            }
            SinkStats stats = sink.stats();
            assertThat(stats.deltasSent()).isEqualTo(500);
            assertThat(stats.messagesSent()).isEqualTo(transport.bodies().size());
            assertThat(stats.pending()).isZero();
            assertThat(stats.lastDeliveryEpochMillis()).as("the sender's clock at delivery")
                    .isEqualTo(now.toEpochMilli());
        }
    }

    @Test
    void lingerSendsAPartlyFilledMessageWithoutFlush() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        try (PackingDeltaSink sink = new PackingDeltaSink(AGENT, transport,
                SendOptions.defaults(262_144).withLinger(Duration.ofMillis(50)))) {
            sink.send(delete("lonely"));

            Await.until(WAIT, "the lingering message", () -> transport.deltaNames().contains("lonely"));
            assertThat(transport.bodies()).hasSize(1);
        }
    }

    @Test
    void failedEntriesAndFailedCallsAreRetriedUntilAccepted() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        transport.failNextCalls.set(2);
        transport.rejectFirstEntryOfNextCalls.set(3);
        SendOptions options = SendOptions.defaults(4096).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
        try (PackingDeltaSink sink = new PackingDeltaSink(AGENT, transport, options)) {
            for (int i = 0; i < 100; i++) {
                sink.send(upsert("obj-" + i, 300));
            }

            assertThat(sink.flush(WAIT)).isTrue();

            assertThat(transport.deltaNames()).hasSize(100).doesNotHaveDuplicates();
            assertThat(sink.stats().sendRetries()).isGreaterThanOrEqualTo(3);
            assertThat(sink.stats().deltasSent()).isEqualTo(100);
        }
    }

    @Test
    void producersBlockWhileTheBufferIsFull() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        transport.gate = new CountDownLatch(1);
        SendOptions options = SendOptions.defaults(4096).withBufferBytes(8192).withLinger(Duration.ofMillis(1));
        try (PackingDeltaSink sink = new PackingDeltaSink(AGENT, transport, options)) {
            AtomicInteger handedOver = new AtomicInteger();
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        sink.send(upsert("obj-" + i, 500));
                        handedOver.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();

            // The transport holds the first batch: the buffer fills and the producer must wait.
            Await.until(WAIT, "the producer to block", () -> producer.getState() == Thread.State.WAITING
                    && transport.callsStarted.get() > 0);
            assertThat(handedOver.get()).isLessThan(200);

            transport.gate.countDown();
            producer.join(WAIT.toMillis());
            assertThat(producer.isAlive()).isFalse();
            assertThat(sink.flush(WAIT)).isTrue();
            assertThat(transport.deltaNames()).hasSize(200);
        }
    }

    @Test
    void flushTimesOutWhileTheQueueKeepsFailingAndCloseAbandonsAfterItsDeadline() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        transport.failNextCalls.set(Integer.MAX_VALUE);
        SendOptions options = SendOptions.defaults(4096).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .withCloseTimeout(Duration.ofMillis(200));
        PackingDeltaSink sink = new PackingDeltaSink(AGENT, transport, options);
        sink.send(delete("stuck"));

        assertThat(sink.flush(Duration.ofMillis(300))).isFalse();
        assertThat(sink.stats().pending()).isEqualTo(1);
        sink.close();

        assertThat(sink.stats().abandoned()).isEqualTo(1);
        assertThat(transport.deltaNames()).isEmpty();
    }

    private static Upsert upsert(String name, int size) {
        String json = "{\"data\":{\"x\":\"" + "y".repeat(size) + "\"}}";
        return new Upsert(Gvr.parse("v1/configmaps"), "default", name, "uid-" + name, "1",
                new ObjectPayload.Plain(json), Optional.empty(), Optional.empty());
    }

    private static Delete delete(String name) {
        return new Delete(Gvr.parse("v1/pods"), "default", name, "uid", "2");
    }

    /** Our own transport seam, recording accepted bodies; can fail calls or entries, or hold calls at a gate. */
    static final class RecordingTransport implements EnvelopeTransport {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<String> bodiesAccepted = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failNextCalls = new AtomicInteger();
        final AtomicInteger rejectFirstEntryOfNextCalls = new AtomicInteger();
        final AtomicInteger callsStarted = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public List<EntryFailure> sendBatch(List<String> bodies) throws Exception {
            callsStarted.incrementAndGet();
            CountDownLatch g = gate;
            if (g != null && !g.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            if (failNextCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new IOException("connection reset");
            }
            List<String> accepted = new ArrayList<>(bodies);
            List<EntryFailure> failures = new ArrayList<>();
            if (rejectFirstEntryOfNextCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                failures.add(new EntryFailure(0, "ThrottlingException", false));
                accepted.set(0, null);
            }
            accepted.removeIf(b -> b == null);
            batches.add(bodies);
            bodiesAccepted.addAll(accepted);
            return failures;
        }

        List<List<String>> batches() {
            synchronized (batches) {
                return List.copyOf(batches);
            }
        }

        List<String> bodies() {
            synchronized (bodiesAccepted) {
                return List.copyOf(bodiesAccepted);
            }
        }

        List<String> deltaNames() {
            List<String> names = new ArrayList<>();
            for (String body : bodies()) {
                try {
                    JsonNode root = Json.MAPPER.readTree(body);
                    root.get("deltas").forEach(d -> names.add(d.get("name").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return names;
        }
    }
}
