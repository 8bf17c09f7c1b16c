package io.cloudpedia.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.ingest.IngestReport;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ingest side of the wire contract: every example in {@code events/wire/} decodes to the values it spells out and
 * applies to the stores with the effect docs/wire-format.md describes; every example in {@code events/wire/malformed/}
 * is rejected. The agent's own contract test encodes the same files.
 */
class WireContractTest {
  /** Surefire runs in the module directory. */
  static final Path WIRE = Path.of("..", "events", "wire");

  static final String CLUSTER = "cluster-1";
  static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  static final GroupVersionResource DEPLOYMENTS = GroupVersionResource.parse("apps/v1/deployments");
  static final String POD_UID = "3c2b7a52-6a3e-4c1f-9d59-0d1f0f6b2a11";
  static final String STATEFULSET_UID = "9a1e6c1d-2f0b-4a53-8e0e-6c5d7b3f1e20";
  static final ObjectKey WEB_0 = new ObjectKey(CLUSTER, PODS, "default", "web-0");

  InMemoryResourceStore resources;
  InMemorySyncStateStore syncState;
  IngestService ingest;

  @BeforeEach
  void stores() {
    resources = new InMemoryResourceStore();
    syncState = new InMemorySyncStateStore();
    ingest = new IngestService(resources, syncState);
  }

  static Stream<Path> examples() {
    return files(WIRE, 8);
  }

  static Stream<Path> malformedExamples() {
    return files(WIRE.resolve("malformed"), 8);
  }

  /** The files of a directory; fails (rather than passing vacuously) if the directory is not where it should be. */
  static Stream<Path> files(Path dir, int atLeast) {
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
      assertThat(files).as("examples in %s", dir.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(atLeast);
      return files.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String name) {
    try {
      return Files.readString(WIRE.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Envelope decode(String name) {
    return WireDecoder.decode(read(name));
  }

  static JsonNode tree(byte[] json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleDecodesAndApplies(Path file) throws IOException {
    Envelope envelope = WireDecoder.decode(Files.readString(file, StandardCharsets.UTF_8));

    assertThat(envelope.format()).isEqualTo("cloudpedia.io/v1");
    assertThat(envelope.cluster()).isEqualTo(CLUSTER);
    assertThat(envelope.agent()).isEqualTo("cluster-1-6f1c2b");
    assertThat(envelope.sentAt()).isEqualTo(Instant.parse("2026-11-25T21:00:00.123Z"));
    assertThat(envelope.deltas()).isNotEmpty();
    IngestReport report = ingest.apply(envelope);
    long outcomes =
        report.upsertsApplied() + report.deletesApplied() + report.relistsBegun() + report.relistPartsReceived()
            + report.statusesKept();
    assertThat(outcomes).as("deltas that changed something").isEqualTo(envelope.deltas().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedExamples")
  void everyMalformedExampleIsRejectedWithAShortReason(Path file) throws IOException {
    String body = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> expectedReason =
        Map.of(
            "bad-gvr.json", "bad gvr",
            "both-object-forms.json", "both 'object' and 'objectGzip'",
            "missing-name.json", "missing field 'name'",
            "no-deltas.json", "no deltas",
            "not-json.txt", "not JSON",
            "relist-count-mismatch.json", "count says 4",
            "unknown-format.json", "unknown format",
            "unknown-op.json", "unknown op 'patch'");

    MalformedMessageException e =
        catchThrowableOfType(MalformedMessageException.class, () -> WireDecoder.decode(body));

    assertThat(e).as("%s is rejected", file.getFileName()).isNotNull();
    String name = file.getFileName().toString();
    assertThat(expectedReason).as("an expected reason for %s", name).containsKey(name);
    assertThat(e.reason()).contains(expectedReason.get(name));
    assertThat(e.reason()).hasSizeLessThan(200).doesNotContain(POD_UID).doesNotContain("this is not a cloudpedia");
  }

  @Test
  void upsertPodCarriesKeyIdentityAndTheObjectAsSent() {
    Upsert upsert = (Upsert) decode("upsert-pod.json").deltas().get(0);

    assertThat(upsert.type()).isEqualTo(PODS);
    assertThat(upsert.namespace()).isEqualTo("default");
    assertThat(upsert.name()).isEqualTo("web-0");
    assertThat(upsert.uid()).isEqualTo(POD_UID);
    assertThat(upsert.resourceVersion()).isEqualTo("1201");
    assertThat(upsert.identity().kind()).isEqualTo("Pod");
    assertThat(upsert.identity().creationTimestamp()).isEqualTo("2026-11-25T20:59:58Z");
    assertThat(upsert.identity().labels()).isEqualTo(Map.of("app", "web"));
    assertThat(upsert.identity().controllerOwnerUid()).contains(STATEFULSET_UID);
    assertThat(upsert.truncated()).isEmpty();
    assertThat(upsert.relistId()).isEmpty();
    assertThat(upsert.compressed()).isFalse();
    JsonNode sent = tree(read("upsert-pod.json").getBytes(StandardCharsets.UTF_8)).at("/deltas/0/object");
    assertThat(tree(upsert.objectJson())).isEqualTo(sent);
  }

  @Test
  void upsertPodIsStoredWithItsIndexedFields() {
    ingest.apply(decode("upsert-pod.json"));

    StoredObject stored = resources.get(WEB_0).orElseThrow();
    assertThat(stored.uid()).isEqualTo(POD_UID);
    assertThat(stored.resourceVersion()).isEqualTo("1201");
    assertThat(tree(stored.json()).at("/status/podIP").asText()).isEqualTo("10.0.0.12");
    assertThat(resources.ownedBy(CLUSTER, STATEFULSET_UID)).containsExactly(WEB_0);
  }

  @Test
  void gzipConfigMapDecodesToTheExactJsonTheAgentCompressed() {
    Upsert upsert = (Upsert) decode("upsert-configmap-gzip.json").deltas().get(0);

    StringBuilder config = new StringBuilder("# generated\n");
    for (int i = 0; i < 300; i++) {
      config.append(String.format("key%04d: value-%04d\n", i, i));
    }
    ObjectNode expected = Json.mapper().createObjectNode();
    expected.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = expected.putObject("metadata");
    metadata
        .put("name", "big-config")
        .put("namespace", "kube-system")
        .put("uid", "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f")
        .put("resourceVersion", "1202")
        .put("creationTimestamp", "2026-11-25T20:59:59Z")
        .putObject("annotations")
        .put("shadow.clusterpedia.io/cluster-name", CLUSTER);
    expected.putObject("data").put("config.yaml", config.toString());

    assertThat(upsert.compressed()).isTrue();
    assertThat(new String(upsert.objectJson(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    assertThat(upsert.identity().kind()).isEqualTo("ConfigMap");
    assertThat(upsert.identity().labels()).isEmpty();
    assertThat(upsert.identity().controllerOwnerUid()).isEmpty();

    ingest.apply(decode("upsert-configmap-gzip.json"));
    ObjectKey key = new ObjectKey(CLUSTER, GroupVersionResource.parse("v1/configmaps"), "kube-system", "big-config");
    assertThat(tree(resources.get(key).orElseThrow().json())).isEqualTo(expected);
  }

  @Test
  void truncatedUpsertIsStoredAsTruncatedAndCounted() {
    Upsert upsert = (Upsert) decode("upsert-truncated.json").deltas().get(0);
    assertThat(upsert.truncated()).contains(new Truncation("TooLarge", 3_145_728));
    assertThat(upsert.identity().kind()).isEqualTo("Secret");

    IngestReport report = ingest.apply(decode("upsert-truncated.json"));

    assertThat(report.truncatedByAgent()).isEqualTo(1);
    ObjectKey key = new ObjectKey(CLUSTER, GroupVersionResource.parse("v1/secrets"), "default", "huge-blob");
    assertThat(resources.get(key).orElseThrow().truncated()).contains("TooLarge");
  }

  @Test
  void deletePodRemovesTheObjectAndBlocksTheOlderUpsert() {
    Delete delete = (Delete) decode("delete-pod.json").deltas().get(0);
    assertThat(delete).isEqualTo(new Delete(PODS, "default", "web-0", POD_UID, "1210"));
    ingest.apply(decode("upsert-pod.json"));

    assertThat(ingest.apply(decode("delete-pod.json")).deletesApplied()).isEqualTo(1);
    assertThat(resources.get(WEB_0)).isEmpty();

    IngestReport late = ingest.apply(decode("upsert-pod.json"));
    assertThat(late.upsertsStale()).isEqualTo(1);
    assertThat(resources.get(WEB_0)).isEmpty();
  }

  @Test
  void packedMessageAppliesEachDeltaInOrder() {
    List<Delta> deltas = decode("packed-mixed.json").deltas();
    assertThat(deltas).extracting(Delta::op).containsExactly("upsert", "upsert", "delete");
    Upsert node = (Upsert) deltas.get(0);
    assertThat(node.namespace()).as("cluster-scoped").isEmpty();
    assertThat(node.relistId()).contains("cluster-1-6f1c2b/v1/nodes/1");
    assertThat(((Upsert) deltas.get(1)).identity().labels()).isEqualTo(Map.of("app", "web", "tier", "front"));

    ingest.apply(decode("upsert-pod.json"));
    IngestReport report = ingest.apply(decode("packed-mixed.json"));

    assertThat(report.upsertsApplied()).isEqualTo(2);
    assertThat(report.deletesApplied()).isEqualTo(1);
    ObjectKey nodeKey = new ObjectKey(CLUSTER, GroupVersionResource.parse("v1/nodes"), "", "node-1");
    assertThat(resources.get(nodeKey).orElseThrow().resourceVersion()).isEqualTo("1190");
    assertThat(resources.get(WEB_0).orElseThrow().resourceVersion()).isEqualTo("1205");
    assertThat(resources.get(new ObjectKey(CLUSTER, PODS, "default", "web-1"))).isEmpty();
  }

  @Test
  void relistBeginMarksTheTypeListing() {
    RelistBegin begin = (RelistBegin) decode("relist-begin.json").deltas().get(0);
    assertThat(begin).isEqualTo(new RelistBegin(DEPLOYMENTS, "cluster-1-6f1c2b/apps/v1/deployments/1", "Initial"));

    ingest.apply(decode("relist-begin.json"));

    SyncStateStore.TypeSyncState state = syncState.types(CLUSTER).get(0);
    assertThat(state.type()).isEqualTo(DEPLOYMENTS);
    assertThat(state.relistId()).isEqualTo(begin.relistId());
    assertThat(state.listing()).isTrue();
  }

  @Test
  void relistEndCarriesItsKeysAndSweepsWhatTheListNoLongerHolds() {
    RelistEnd end = (RelistEnd) decode("relist-end.json").deltas().get(0);
    assertThat(end.keys()).containsExactly("default/api", "default/web", "kube-system/coredns");
    assertThat(end.resourceVersion()).isEqualTo("1300");
    assertThat(end.count()).isEqualTo(3);
    assertThat(end.part()).isZero();
    assertThat(end.parts()).isEqualTo(1);

    deployment("default", "web", "1100");
    deployment("default", "gone", "1250");
    deployment("default", "new", "1301");
    ingest.apply(decode("relist-begin.json"));
    IngestReport report = ingest.apply(decode("relist-end.json"));

    assertThat(report.relistsCompleted()).isEqualTo(1);
    assertThat(report.swept()).isEqualTo(1);
    assertThat(resources.get(new ObjectKey(CLUSTER, DEPLOYMENTS, "default", "gone"))).isEmpty();
    assertThat(resources.get(new ObjectKey(CLUSTER, DEPLOYMENTS, "default", "web"))).isPresent();
    assertThat(resources.get(new ObjectKey(CLUSTER, DEPLOYMENTS, "default", "new"))).isPresent();
    SyncStateStore.TypeSyncState state = syncState.types(CLUSTER).get(0);
    assertThat(state.listing()).isFalse();
    assertThat(state.lastCount()).isEqualTo(3);
  }

  @Test
  void statusCarriesClusterAndTypeStateAndIsKept() {
    AgentStatus status = (AgentStatus) decode("status.json").deltas().get(0);
    assertThat(status.observedAt()).isEqualTo(Instant.parse("2026-11-25T21:00:00Z"));
    assertThat(status.clusterVersion()).isEqualTo("v1.32.1");
    assertThat(status.healthy()).isTrue();
    assertThat(status.resources())
        .containsExactly(
            new AgentStatus.ResourceStatus(PODS, "Pod", true, "Syncing", "", "", false, 1, 0),
            new AgentStatus.ResourceStatus(DEPLOYMENTS, "Deployment", true, "Pending", "WaitInit", "", true, 0, 0));

    IngestReport report = ingest.apply(decode("status.json"));

    assertThat(report.statusesKept()).isEqualTo(1);
    SyncStateStore.AgentStatusRecord kept = syncState.agentStatus(CLUSTER).orElseThrow();
    assertThat(kept.observedAt()).isEqualTo(status.observedAt());
    assertThat(tree(kept.statusJson()).get("clusterVersion").asText()).isEqualTo("v1.32.1");
    assertThat(syncState.clustersSyncing(PODS)).containsExactly(CLUSTER);
    assertThat(syncState.clustersSyncing(DEPLOYMENTS)).containsExactly(CLUSTER);
    assertThat(ingest.apply(decode("status.json")).statusesStale()).as("the same status again").isEqualTo(1);
  }

  @Test
  void malformedCountMismatchIsCaughtBeforeAnythingIsApplied() {
    assertThatThrownBy(() -> WireDecoder.decode(read("malformed/relist-count-mismatch.json")))
        .isInstanceOf(MalformedMessageException.class);
    assertThat(syncState.types(CLUSTER)).isEmpty();
  }

  private void deployment(String namespace, String name, String rv) {
    ObjectKey key = new ObjectKey(CLUSTER, DEPLOYMENTS, namespace, name);
    byte[] json =
        ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    resources.upsert(
        new ObjectRecord(key, "uid-" + name, rv, "Deployment", "", Map.of(), Optional.empty(), Optional.empty(),
            json));
  }
}
