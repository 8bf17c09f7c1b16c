package io.cloudpedia.agent.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.Json;
import io.cloudpedia.agent.wire.ObjectPayload;
import io.cloudpedia.agent.wire.Upsert;
import io.cloudpedia.agent.wire.WireCodec;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopePackerTest {

    private static final AgentIdentity AGENT = new AgentIdentity("cluster-1", "cluster-1-abcdef");

    @Test
    void randomDeltasArePackedWithinTheLimitWithoutLossAndInOrder() throws IOException {
        for (long seed = 1; seed <= 30; seed++) {
            Random random = new Random(seed);
            int maxMessageBytes = 2048 + random.nextInt(64 * 1024);
            EnvelopePacker packer = new EnvelopePacker(AGENT, maxMessageBytes, Clock.systemUTC());
            List<String> sentNames = new ArrayList<>();
            List<EnvelopePacker.Envelope> envelopes = new ArrayList<>();
            int deltas = 200 + random.nextInt(3000);
            for (int i = 0; i < deltas; i++) {
                String name = "obj-" + i;
                byte[] encoded = WireCodec.encodeDelta(randomDelta(random, name, packer.maxDeltaBytes()));
                sentNames.add(name);
                packer.add(encoded, i + 1).ifPresent(envelopes::add);
                if (random.nextInt(100) == 0) {
                    packer.drain().ifPresent(envelopes::add);
                }
            }
            packer.drain().ifPresent(envelopes::add);

            List<String> received = new ArrayList<>();
            long lastSeq = 0;
            for (EnvelopePacker.Envelope e : envelopes) {
                assertThat(e.body().length).as("seed %d", seed).isLessThanOrEqualTo(maxMessageBytes);
                JsonNode root = Json.MAPPER.readTree(e.body());
                assertThat(root.get("format").asText()).isEqualTo(WireCodec.FORMAT);
                assertThat(root.get("deltas").size()).isBetween(1, EnvelopePacker.MAX_DELTAS)
                        .isEqualTo(e.deltaCount());
                root.get("deltas").forEach(d -> received.add(d.get("name").asText()));
                assertThat(e.lastSeq()).isEqualTo(lastSeq + e.deltaCount());
                lastSeq = e.lastSeq();
            }
            assertThat(received).as("seed %d", seed).containsExactlyElementsOf(sentNames);
        }
    }

    @Test
    void neverPutsMoreThanAThousandDeltasInOneEnvelope() {
        EnvelopePacker packer = new EnvelopePacker(AGENT, 1_048_576, Clock.systemUTC());
        byte[] tiny = WireCodec.encodeDelta(new Delete(Gvr.parse("v1/pods"), "d", "x", "u", "1"));
        List<EnvelopePacker.Envelope> envelopes = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            packer.add(tiny, i + 1).ifPresent(envelopes::add);
        }
        packer.drain().ifPresent(envelopes::add);

        assertThat(envelopes).extracting(EnvelopePacker.Envelope::deltaCount).containsExactly(1000, 1000, 500);
    }

    @Test
    void aDeltaExactlyAsLargeAsTheRoomFitsAloneAndALargerOneIsRefused() {
        int max = 4096;
        EnvelopePacker packer = new EnvelopePacker(AGENT, max, Clock.systemUTC());
        byte[] exact = new byte[packer.maxDeltaBytes()];
        java.util.Arrays.fill(exact, (byte) '1');

        packer.add(exact, 1);
        EnvelopePacker.Envelope envelope = packer.drain().orElseThrow();

        assertThat(envelope.body().length).isEqualTo(max);
        assertThatThrownBy(() -> packer.add(new byte[packer.maxDeltaBytes() + 1], 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static io.cloudpedia.agent.wire.Delta randomDelta(Random random, String name, int maxDeltaBytes) {
        if (random.nextInt(3) == 0) {
            return new Delete(Gvr.parse("v1/pods"), "default", name, "uid", Integer.toString(random.nextInt()));
        }
        int size = random.nextInt(10) == 0 ? random.nextInt(Math.max(1, maxDeltaBytes - 400)) : random.nextInt(2000);
        StringBuilder padding = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            padding.append((char) ('a' + random.nextInt(26)));
        }
        String json = "{\"kind\":\"ConfigMap\",\"data\":{\"x\":\"" + padding + "\"}}";
        return new Upsert(Gvr.parse("v1/configmaps"), "default", name, "uid", "1", new ObjectPayload.Plain(json),
                Optional.empty(), Optional.empty());
    }
}
