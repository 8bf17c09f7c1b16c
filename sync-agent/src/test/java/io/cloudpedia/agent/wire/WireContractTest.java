package io.cloudpedia.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.send.EnvelopePacker;
import io.cloudpedia.agent.sync.ObjectEncoder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the wire contract: encoding the deltas each file of events/wire/ describes must produce that
 * file (gzip fields compared by content: gzip headers differ between writers). Upserts are produced by the real
 * encoder from unpruned objects, so pruning, annotation and the gzip / truncation decisions are pinned too.
 */
class WireContractTest {

    private static final Path WIRE = Path.of("../events/wire");
    private static final AgentIdentity AGENT = new AgentIdentity("cluster-1", "cluster-1-6f1c2b");
    private static final Instant SENT_AT = Instant.parse("2026-11-25T21:00:00.123Z");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int MAX_MESSAGE_BYTES = 262_144;
    private static final int MAX_DELTA_BYTES = MAX_MESSAGE_BYTES - WireCodec.envelopeOverhead(AGENT);
    private static final ObjectEncoder ENCODER = new ObjectEncoder("cluster-1", SERIALIZATION, 4096, MAX_DELTA_BYTES);

    private static final ResourceType PODS = new ResourceType(Gvr.parse("v1/pods"), "Pod", true);
    private static final ResourceType NODES = new ResourceType(Gvr.parse("v1/nodes"), "Node", false);
    private static final ResourceType CONFIGMAPS = new ResourceType(Gvr.parse("v1/configmaps"), "ConfigMap", true);
    private static final ResourceType SECRETS = new ResourceType(Gvr.parse("v1/secrets"), "Secret", true);

    @Test
    void deleteMatchesDeletePodJson() throws IOException {
        Delete delete = new Delete(Gvr.parse("v1/pods"), "default", "web-0", "3c2b7a52-6a3e-4c1f-9d59-0d1f0f6b2a11",
                "1210");
        assertEncodesAs(List.of(delete), "delete-pod.json");
    }

    @Test
    void relistBeginMatchesRelistBeginJson() throws IOException {
        RelistBegin begin = new RelistBegin(Gvr.parse("apps/v1/deployments"),
                "cluster-1-6f1c2b/apps/v1/deployments/1", RelistReason.Initial);
        assertEncodesAs(List.of(begin), "relist-begin.json");
    }

    @Test
    void relistEndMatchesRelistEndJson() throws IOException {
        byte[] keys = Gzip.compress("default/api\ndefault/web\nkube-system/coredns".getBytes(StandardCharsets.UTF_8));
        RelistEnd end = new RelistEnd(Gvr.parse("apps/v1/deployments"), "cluster-1-6f1c2b/apps/v1/deployments/1",
                "1300", 3, 0, 1, keys);
        assertEncodesAs(List.of(end), "relist-end.json");
    }

    @Test
    void statusMatchesStatusJson() throws IOException {
        AgentStatus status = new AgentStatus(Instant.parse("2026-11-25T21:00:00Z"), "v1.32.1", true, "", List.of(
                new AgentStatus.ResourceStatus(Gvr.parse("v1/pods"), "Pod", true, SyncStatus.Syncing, "", "", false,
                        1, 0),
                new AgentStatus.ResourceStatus(Gvr.parse("apps/v1/deployments"), "Deployment", true,
                        SyncStatus.Pending, "WaitInit", "", true, 0, 0)));
        assertEncodesAs(List.of(status), "status.json");
    }

    @Test
    void prunedAnnotatedPodMatchesUpsertPodJson() throws IOException {
        Upsert upsert = ENCODER.upsert(PODS, unpruned(expectedObject("upsert-pod.json", 0)), Optional.empty());
        assertThat(upsert.object()).isInstanceOf(ObjectPayload.Plain.class);
        assertEncodesAs(List.of(upsert), "upsert-pod.json");
    }

    @Test
    void objectAboveCompressThresholdMatchesUpsertConfigmapGzipJson() throws IOException {
        Upsert upsert = ENCODER.upsert(CONFIGMAPS, unpruned(expectedObject("upsert-configmap-gzip.json", 0)),
                Optional.empty());
        assertThat(upsert.object()).isInstanceOf(ObjectPayload.Gzipped.class);
        assertEncodesAs(List.of(upsert), "upsert-configmap-gzip.json");
    }

    @Test
    void objectTooLargeEvenCompressedMatchesUpsertTruncatedJson() throws IOException {
        ObjectNode secret = expectedObject("upsert-truncated.json", 0);
        ((ObjectNode) secret.get("metadata").get("annotations")).remove("cloudpedia.io/truncated");
        secret.put("type", "Opaque");
        secret.putObject("data").put("blob", "");
        // Pad the secret so that its pruned JSON is exactly the 3 MiB the example reports.
        ObjectEncoder plain = new ObjectEncoder("cluster-1", SERIALIZATION, Integer.MAX_VALUE, Integer.MAX_VALUE);
        long unpadded = Utf8.length(plain.upsert(SECRETS, unpruned(secret.deepCopy()), Optional.empty())
                .object().json());
        ((ObjectNode) secret.get("data")).put("blob", randomBase64((int) (3_145_728 - unpadded)));

        Upsert upsert = ENCODER.upsert(SECRETS, unpruned(secret), Optional.empty());

        assertThat(upsert.truncated()).contains(new Upsert.Truncation("TooLarge", 3_145_728));
        assertEncodesAs(List.of(upsert), "upsert-truncated.json");
    }

    @Test
    void packedDeltasMatchPackedMixedJson() throws IOException {
        Upsert node = ENCODER.upsert(NODES, unpruned(expectedObject("packed-mixed.json", 0)),
                Optional.of("cluster-1-6f1c2b/v1/nodes/1"));
        Upsert pod = ENCODER.upsert(PODS, unpruned(expectedObject("packed-mixed.json", 1)), Optional.empty());
        Delete delete = new Delete(Gvr.parse("v1/pods"), "default", "web-1", "4d3c2b1a-0f9e-4d8c-b7a6-958473625140",
                "1206");
        EnvelopePacker packer = new EnvelopePacker(AGENT, MAX_MESSAGE_BYTES, Clock.fixed(SENT_AT, ZoneOffset.UTC));
        List<EnvelopePacker.Envelope> envelopes = new ArrayList<>();
        long seq = 0;
        for (Delta d : List.of(node, pod, delete)) {
            packer.add(WireCodec.encodeDelta(d), ++seq).ifPresent(envelopes::add);
        }
        packer.drain().ifPresent(envelopes::add);

        assertThat(envelopes).hasSize(1);
        assertThat(normalized(envelopes.get(0).body())).isEqualTo(normalized(Files.readAllBytes(WIRE.resolve(
                "packed-mixed.json"))));
    }

    /**
     * What the agent sends for a type it stops syncing (SyncAgent.reconfigure): a relist that found nothing. No file of
     * events/wire/ holds it yet (that directory belongs to both sides; see sync-agent/README.md), so the expected
     * JSON is inline, ready to become events/wire/relist-removed.json.
     */
    @Test
    void aRemovedTypeIsAnEmptyRelistWithReasonRemoved() throws IOException {
        String relistId = "cluster-1-6f1c2b/apps/v1/deployments/2";
        List<Delta> removal = List.of(
                new RelistBegin(Gvr.parse("apps/v1/deployments"), relistId, RelistReason.Removed),
                new RelistEnd(Gvr.parse("apps/v1/deployments"), relistId, "1400", 0, 0, 1,
                        Gzip.compress(new byte[0])));
        String expected = """
                {"format": "cloudpedia.io/v1", "cluster": "cluster-1", "agent": "cluster-1-6f1c2b",
                 "sentAt": "2026-11-25T21:00:00.123Z", "deltas": [
                  {"op": "relistBegin", "gvr": "apps/v1/deployments",
                   "relistId": "cluster-1-6f1c2b/apps/v1/deployments/2", "reason": "Removed"},
                  {"op": "relistEnd", "gvr": "apps/v1/deployments",
                   "relistId": "cluster-1-6f1c2b/apps/v1/deployments/2", "resourceVersion": "1400",
                   "count": 0, "part": 0, "parts": 1, "keysGzip": "H4sIAAAAAAAA/wMAAAAAAAAAAAA="}]}
                """;

        byte[] produced = WireCodec.encodeEnvelope(AGENT, SENT_AT, removal);

        assertThat(normalized(produced)).isEqualTo(normalized(expected.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertEncodesAs(List<Delta> deltas, String file) throws IOException {
        byte[] produced = WireCodec.encodeEnvelope(AGENT, SENT_AT, deltas);
        assertThat(normalized(produced)).isEqualTo(normalized(Files.readAllBytes(WIRE.resolve(file))));
    }

    /** The JSON tree, with gzip-carrying fields replaced by what they decompress to. */
    private static JsonNode normalized(byte[] json) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        for (JsonNode delta : root.get("deltas")) {
            ObjectNode d = (ObjectNode) delta;
            if (d.has("objectGzip")) {
                d.set("objectGzip", Json.MAPPER.readTree(gunzip(d.get("objectGzip").asText())));
            }
            if (d.has("keysGzip")) {
                d.set("keysGzip", new TextNode(new String(gunzip(d.get("keysGzip").asText()),
                        StandardCharsets.UTF_8)));
            }
        }
        return root;
    }

    private static byte[] gunzip(String base64) {
        return Gzip.decompress(Base64.getDecoder().decode(base64));
    }

    /** The object the file's delta carries (decompressed if need be). */
    private static ObjectNode expectedObject(String file, int delta) throws IOException {
        JsonNode d = Json.MAPPER.readTree(WIRE.resolve(file).toFile()).get("deltas").get(delta);
        if (d.has("objectGzip")) {
            return (ObjectNode) Json.MAPPER.readTree(gunzip(d.get("objectGzip").asText()));
        }
        return (ObjectNode) d.get("object").deepCopy();
    }

    /** The object as the member cluster would serve it: no cluster annotation, but managedFields and last-applied. */
    private static GenericKubernetesResource unpruned(ObjectNode object) throws IOException {
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        ObjectNode annotations = (ObjectNode) metadata.get("annotations");
        annotations.remove("shadow.clusterpedia.io/cluster-name");
        annotations.put("kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\":\"v1\"}");
        ArrayNode managed = metadata.putArray("managedFields");
        managed.addObject().put("manager", "kubectl").put("operation", "Apply").put("apiVersion", "v1")
                .putObject("fieldsV1").putObject("f:metadata").putObject("f:labels");
        return SERIALIZATION.unmarshal(Json.MAPPER.writeValueAsString(object), GenericKubernetesResource.class);
    }

    private static String randomBase64(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, length);
    }
}
