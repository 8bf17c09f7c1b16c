package io.cloudpedia.cli.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.send.EnvelopeTransport;
import io.cloudpedia.agent.send.PackingDeltaSink;
import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.Gzip;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.SyncStatus;
import io.cloudpedia.agent.wire.Upsert;
import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.ingest.RecordingIngestMetrics;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.SyncStateStore.TypeSyncState;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.wire.MalformedMessageException;
import io.cloudpedia.wire.WireDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoClustersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:17:23Z"), ZoneOffset.UTC);
    private static final String CLUSTER_ANNOTATION = "shadow.clusterpedia.io/cluster-name";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every demo cluster replayed once through the agent's sink into the real ingest, as `local --demo` does. */
    private static Pipeline pipeline;

    @BeforeAll
    static void replayEveryCluster() throws InterruptedException {
        pipeline = new Pipeline();
        for (String cluster : DemoClusters.names()) {
            pipeline.replay(cluster, CLOCK);
        }
    }

    @Test
    void namesAreTheThreeDemoClusters() {
        assertThat(DemoClusters.names()).containsExactly("demo-east", "demo-west", "demo-edge");
    }

    @Test
    void replayThroughIngestStoresEveryObject() {
        assertThat(pipeline.malformed).hasValue(0);
        assertThat(pipeline.metrics.total(IngestMetrics.MALFORMED_MESSAGES)).isZero();
        assertThat(pipeline.metrics.total(IngestMetrics.UPSERTS_STALE)).isZero();
        assertThat(pipeline.metrics.total(IngestMetrics.UPSERTS_SUPERSEDED_BY_RELIST)).isZero();
        assertThat(pipeline.metrics.total(IngestMetrics.OBJECTS_SWEPT)).isZero();
        assertThat(pipeline.syncState.clusters()).containsExactlyInAnyOrderElementsOf(DemoClusters.names());
        long total = 0;
        for (String cluster : DemoClusters.names()) {
            Map<String, Integer> counts = DemoClusters.counts(cluster);
            assertThat(counts.keySet()).containsExactlyInAnyOrder("v1/namespaces", "v1/nodes", "v1/pods",
                    "v1/services", "v1/configmaps", "v1/events", "apps/v1/deployments", "apps/v1/replicasets",
                    "apps/v1/statefulsets", "apps/v1/daemonsets", "batch/v1/jobs", "batch/v1/cronjobs");
            Map<String, Integer> stored = new LinkedHashMap<>();
            counts.keySet().forEach(gvr -> stored.put(gvr, pipeline.objects(cluster, gvr).size()));
            assertThat(stored).as(cluster).isEqualTo(counts);
            assertThat(counts.values()).allSatisfy(n -> assertThat(n).isPositive());

            Map<String, TypeSyncState> types = pipeline.syncState.types(cluster).stream()
                    .collect(Collectors.toMap(t -> t.type().toString(), t -> t));
            assertThat(types.keySet()).containsExactlyInAnyOrderElementsOf(counts.keySet());
            counts.forEach((gvr, n) -> {
                assertThat(types.get(gvr).listing()).as(gvr).isFalse();
                assertThat(types.get(gvr).lastCount()).as(gvr).isEqualTo(n.longValue());
            });
            assertThat(pipeline.syncState.agentStatus(cluster)).isPresent();
            total += counts.values().stream().mapToInt(Integer::intValue).sum();
        }
        assertThat(pipeline.metrics.total(IngestMetrics.UPSERTS_APPLIED)).isEqualTo(total);
        assertThat(pipeline.metrics.total(IngestMetrics.RELISTS_COMPLETED)).isEqualTo(12L * 3);
        // "A few hundred objects": enough to look like clusters, small enough to replay in a blink.
        assertThat(total).isBetween(200L, 600L);
    }

    @Test
    void relistsAreFramedLikeTheAgentsAndTheStatusListsEveryType() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        DemoClusters.replay("demo-west", sink, CLOCK);

        Map<String, Integer> counts = DemoClusters.counts("demo-west");
        List<Delta> deltas = sink.deltas;
        int i = 0;
        for (Map.Entry<String, Integer> type : counts.entrySet()) {
            RelistBegin begin = (RelistBegin) deltas.get(i++);
            assertThat(begin.gvr().toString()).isEqualTo(type.getKey());
            List<String> keys = new ArrayList<>();
            for (int n = 0; n < type.getValue(); n++) {
                Upsert upsert = (Upsert) deltas.get(i++);
                assertThat(upsert.gvr()).isEqualTo(begin.gvr());
                assertThat(upsert.relistId()).contains(begin.relistId());
                keys.add(upsert.key());
            }
            RelistEnd end = (RelistEnd) deltas.get(i++);
            assertThat(end.relistId()).isEqualTo(begin.relistId());
            assertThat(end.count()).isEqualTo(type.getValue());
            assertThat(end.part()).isZero();
            assertThat(end.parts()).isOne();
            assertThat(keys).isSorted();
            assertThat(new String(Gzip.decompress(end.keysGzip()), StandardCharsets.UTF_8))
                    .isEqualTo(String.join("\n", keys));
        }
        AgentStatus status = (AgentStatus) deltas.get(i++);
        assertThat(i).isEqualTo(deltas.size());
        assertThat(status.healthy()).isTrue();
        assertThat(status.clusterVersion()).isEqualTo("v1.31.4");
        assertThat(status.observedAt()).isEqualTo(CLOCK.instant());
        assertThat(status.resources()).hasSize(counts.size()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(SyncStatus.Syncing);
            assertThat(r.initialListPhase()).isFalse();
            assertThat(r.objects()).isEqualTo(counts.get(r.gvr().toString()).longValue());
        });
        assertThat(status.resources()).filteredOn(r -> r.gvr().toString().equals("v1/nodes"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo("Node");
                    assertThat(r.namespaced()).isFalse();
                });
        assertThat(sink.flushes).as("replay flushes after its last delta").isEqualTo(1);
    }

    @Test
    void everyObjectCarriesTheClusterAnnotation() {
        forEachStored((cluster, gvr, object) -> {
            JsonNode metadata = object.path("metadata");
            assertThat(metadata.path("annotations").path(CLUSTER_ANNOTATION).asText()).as(gvr).isEqualTo(cluster);
            assertThat(metadata.has("managedFields")).isFalse();
            assertThat(object.path("apiVersion").asText() + "/").as(gvr).isEqualTo(
                    gvr.substring(0, gvr.lastIndexOf('/') + 1));
        });
    }

    @Test
    void ownerReferencesPointAtStoredOwners() {
        AtomicInteger checked = new AtomicInteger();
        forEachStored((cluster, gvr, object) -> {
            List<JsonNode> controllers = new ArrayList<>();
            object.path("metadata").path("ownerReferences").forEach(ref -> {
                if (ref.path("controller").asBoolean()) {
                    controllers.add(ref);
                }
            });
            if (Set.of("v1/pods", "apps/v1/replicasets", "batch/v1/jobs").contains(gvr)) {
                assertThat(controllers).as("%s %s has a controller", gvr, name(object)).hasSize(1);
            }
            for (JsonNode ref : controllers) {
                DemoType owner = DemoType.ofKind(ref.path("kind").asText());
                assertThat(ref.path("apiVersion").asText()).isEqualTo(owner.apiVersion());
                Optional<StoredObject> stored = pipeline.get(cluster, owner.gvr().toString(),
                        object.path("metadata").path("namespace").asText(), ref.path("name").asText());
                assertThat(stored).as("owner of %s %s", gvr, name(object)).isPresent();
                assertThat(stored.get().uid()).isEqualTo(ref.path("uid").asText());
                checked.incrementAndGet();
            }
        });
        assertThat(checked).hasValueGreaterThan(50);
    }

    @Test
    void podsChainUpToTheirDeployment() {
        // pod -> replica set -> deployment, found the way `kubectl describe` and the API's owner search do: by uid.
        for (String cluster : DemoClusters.names()) {
            for (JsonNode deployment : pipeline.objects(cluster, "apps/v1/deployments")) {
                String uid = deployment.path("metadata").path("uid").asText();
                List<ObjectKey> replicaSets = pipeline.store.ownedBy(cluster, uid);
                assertThat(replicaSets).as(name(deployment)).isNotEmpty()
                        .allSatisfy(k -> assertThat(k.type().resource()).isEqualTo("replicasets"));
                int pods = 0;
                for (ObjectKey rs : replicaSets) {
                    String rsUid = pipeline.store.get(rs).orElseThrow().uid();
                    pods += pipeline.store.ownedBy(cluster, rsUid).size();
                }
                assertThat(pods).as(name(deployment)).isEqualTo(deployment.path("spec").path("replicas").asInt());
            }
        }
    }

    @Test
    void eventsInvolveStoredObjects() {
        Set<String> types = new HashSet<>();
        for (String cluster : DemoClusters.names()) {
            List<JsonNode> events = pipeline.objects(cluster, "v1/events");
            assertThat(events).isNotEmpty();
            for (JsonNode event : events) {
                JsonNode involved = event.path("involvedObject");
                DemoType type = DemoType.ofKind(involved.path("kind").asText());
                Optional<StoredObject> stored = pipeline.get(cluster, type.gvr().toString(),
                        involved.path("namespace").asText(""), involved.path("name").asText());
                assertThat(stored).as("%s involves %s", name(event), involved).isPresent();
                assertThat(stored.get().uid()).isEqualTo(involved.path("uid").asText());
                if (type.namespaced()) {
                    assertThat(event.path("metadata").path("namespace").asText())
                            .isEqualTo(involved.path("namespace").asText());
                }
                assertThat(event.path("reason").asText()).isNotEmpty();
                assertThat(event.path("message").asText()).isNotEmpty();
                assertThat(event.path("count").asInt()).isPositive();
                assertThat(Instant.parse(event.path("firstTimestamp").asText()))
                        .isBeforeOrEqualTo(Instant.parse(event.path("lastTimestamp").asText()))
                        .isBeforeOrEqualTo(CLOCK.instant());
                types.add(event.path("type").asText());
            }
        }
        assertThat(types).containsExactlyInAnyOrder("Normal", "Warning");
    }

    @Test
    void replayIsDeterministic() throws InterruptedException {
        for (String cluster : DemoClusters.names()) {
            RecordingSink first = new RecordingSink();
            RecordingSink second = new RecordingSink();
            DemoClusters.replay(cluster, first, CLOCK);
            DemoClusters.replay(cluster, second, CLOCK);
            assertThat(second.deltas).isEqualTo(first.deltas);
        }
    }

    @Test
    void countsDoNotDependOnTheClock() throws InterruptedException {
        // Jobs and their events follow the cron schedules' ticks; at any moment the same number are kept.
        for (Instant at : List.of(Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2026-11-26T10:01:59Z"),
                Instant.parse("2027-03-01T23:59:59Z"))) {
            for (String cluster : DemoClusters.names()) {
                RecordingSink sink = new RecordingSink();
                DemoClusters.replay(cluster, sink, Clock.fixed(at, ZoneOffset.UTC));
                Map<String, Integer> sent = new LinkedHashMap<>();
                DemoClusters.counts(cluster).keySet().forEach(gvr -> sent.put(gvr, 0));
                sink.deltas.stream().filter(d -> d instanceof Upsert)
                        .forEach(d -> sent.merge(((Upsert) d).gvr().toString(), 1, Integer::sum));
                assertThat(sent).as("%s at %s", cluster, at).isEqualTo(DemoClusters.counts(cluster));
            }
        }
    }

    @Test
    void timesAreInThePastOfTheClock() {
        forEachStored((cluster, gvr, object) -> {
            Instant created = Instant.parse(object.path("metadata").path("creationTimestamp").asText());
            assertThat(created).as("%s %s", gvr, name(object))
                    .isBefore(CLOCK.instant())
                    .isAfter(CLOCK.instant().minus(Duration.ofDays(121)));
        });
    }

    @Test
    void resourceVersionsAreDistinctNumbersBelowTheirList() {
        for (String cluster : DemoClusters.names()) {
            Set<Long> seen = new HashSet<>();
            for (String gvr : DemoClusters.counts(cluster).keySet()) {
                long list = Long.parseLong(pipeline.syncState.completedRelist(cluster, GroupVersionResource.parse(gvr))
                        .orElseThrow().resourceVersion());
                for (JsonNode object : pipeline.objects(cluster, gvr)) {
                    long rv = Long.parseLong(object.path("metadata").path("resourceVersion").asText());
                    assertThat(rv).as("%s %s", gvr, name(object)).isLessThan(list);
                    assertThat(seen.add(rv)).as("resourceVersion %d is unique in %s", rv, cluster).isTrue();
                }
            }
        }
    }

    @Test
    void kubectlColumnsHaveData() {
        List<JsonNode> pods = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>();
        List<JsonNode> services = new ArrayList<>();
        for (String cluster : DemoClusters.names()) {
            pods.addAll(pipeline.objects(cluster, "v1/pods"));
            nodes.addAll(pipeline.objects(cluster, "v1/nodes"));
            services.addAll(pipeline.objects(cluster, "v1/services"));
            // READY of deployments and stateful sets: status.readyReplicas of spec.replicas.
            for (String gvr : List.of("apps/v1/deployments", "apps/v1/statefulsets", "apps/v1/replicasets")) {
                assertThat(pipeline.objects(cluster, gvr)).allSatisfy(o -> {
                    assertThat(o.path("spec").path("replicas").isInt()).isTrue();
                    assertThat(o.path("status").path("replicas").isInt()).isTrue();
                    assertThat(o.path("spec").path("selector").path("matchLabels").size()).isPositive();
                });
            }
            assertThat(pipeline.objects(cluster, "apps/v1/daemonsets")).allSatisfy(ds -> assertThat(
                    ds.path("status").path("desiredNumberScheduled").asInt())
                    .isEqualTo(DemoClusters.counts(cluster).get("v1/nodes")));
            assertThat(pipeline.objects(cluster, "batch/v1/jobs")).allSatisfy(job ->
                    assertThat(job.path("status").path("succeeded").asInt()).isOne());
            assertThat(pipeline.objects(cluster, "batch/v1/cronjobs")).allSatisfy(cj ->
                    assertThat(cj.path("spec").path("schedule").asText()).isNotEmpty());
        }

        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.path("spec").path("containers").path(0).path("image").asText()).isNotEmpty();
            assertThat(pod.path("status").path("phase").asText()).isIn("Running", "Pending", "Succeeded");
        });
        assertThat(pods).filteredOn(pod -> !phase(pod).equals("Pending")).allSatisfy(pod -> {
            assertThat(pod.path("spec").path("nodeName").asText()).isNotEmpty();
            assertThat(pod.path("status").path("podIP").asText()).isNotEmpty();
            JsonNode container = pod.path("status").path("containerStatuses").path(0);
            assertThat(container.path("state").size()).isOne();
            assertThat(container.has("restartCount")).isTrue();
            assertThat(container.has("ready")).isTrue();
        });
        assertThat(pods).filteredOn(pod -> phase(pod).equals("Running")).hasSizeGreaterThan(40)
                .filteredOn(pod -> pod.path("status").path("containerStatuses").path(0).path("ready").asBoolean())
                .allSatisfy(pod -> assertThat(condition(pod, "Ready")).isEqualTo("True"));
        assertThat(pods).filteredOn(pod -> phase(pod).equals("Pending")).singleElement()
                .satisfies(pod -> assertThat(condition(pod, "PodScheduled")).isEqualTo("False"));
        assertThat(pods).filteredOn(pod -> phase(pod).equals("Succeeded")).isNotEmpty();
        assertThat(pods).filteredOn(pod -> pod.path("status").path("containerStatuses").path(0).path("state")
                .path("waiting").path("reason").asText().equals("CrashLoopBackOff")).singleElement()
                .satisfies(pod -> assertThat(pod.path("status").path("containerStatuses").path(0)
                        .path("restartCount").asInt()).isGreaterThan(5));

        assertThat(nodes).allSatisfy(node -> {
            assertThat(condition(node, "Ready")).isEqualTo("True");
            assertThat(node.path("status").path("nodeInfo").path("kubeletVersion").asText()).startsWith("v1.");
            assertThat(node.path("status").path("addresses").findValuesAsText("type")).contains("InternalIP");
        });
        assertThat(nodes).anySatisfy(node -> assertThat(node.path("metadata").path("labels").fieldNames())
                .toIterable().anyMatch(label -> label.startsWith("node-role.kubernetes.io/")));
        assertThat(nodes).anySatisfy(node -> assertThat(node.path("spec").path("unschedulable").asBoolean()).isTrue());

        assertThat(services).allSatisfy(svc -> {
            assertThat(svc.path("spec").path("clusterIP").asText()).isNotEmpty();
            assertThat(svc.path("spec").path("ports").size()).isPositive();
        });
        assertThat(services).filteredOn(svc -> svc.path("spec").path("type").asText().equals("LoadBalancer"))
                .isNotEmpty()
                .allSatisfy(svc -> assertThat(svc.path("status").path("loadBalancer").path("ingress").size())
                        .isPositive());
    }

    @Test
    void clustersDifferSoThatSearchingAcrossThemShowsSomething() {
        assertThat(DemoClusters.counts("demo-east")).isNotEqualTo(DemoClusters.counts("demo-west"))
                .isNotEqualTo(DemoClusters.counts("demo-edge"));
        String eastFrontend = image(pipeline.get("demo-east", "apps/v1/deployments", "shop", "frontend"));
        String westFrontend = image(pipeline.get("demo-west", "apps/v1/deployments", "shop", "frontend"));
        assertThat(eastFrontend).isNotEqualTo(westFrontend);
        assertThat(DemoClusters.names()).map(c -> pipeline.objects(c, "v1/nodes").get(0).path("status")
                .path("nodeInfo").path("kubeletVersion").asText()).doesNotHaveDuplicates();
    }

    @Test
    void unknownClustersAreRejected() {
        assertThatThrownBy(() -> DemoClusters.counts("prod")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo-east");
        assertThatThrownBy(() -> DemoClusters.replay("prod", new RecordingSink(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private interface StoredCheck {
        void check(String cluster, String gvr, JsonNode object);
    }

    private static void forEachStored(StoredCheck check) {
        for (String cluster : DemoClusters.names()) {
            for (String gvr : DemoClusters.counts(cluster).keySet()) {
                pipeline.objects(cluster, gvr).forEach(object -> check.check(cluster, gvr, object));
            }
        }
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("namespace").asText("") + "/" + object.path("metadata").path("name")
                .asText();
    }

    private static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText();
    }

    private static String condition(JsonNode object, String type) {
        for (JsonNode condition : object.path("status").path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText();
            }
        }
        return "absent";
    }

    private static String image(Optional<StoredObject> deployment) {
        return parse(deployment.orElseThrow().json()).path("spec").path("template").path("spec").path("containers")
                .path(0).path("image").asText();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The functions side of `cloudpedia local`: every message body decoded and applied to in-memory stores. */
    private static final class Pipeline {
        final InMemoryResourceStore store = new InMemoryResourceStore();
        final InMemorySyncStateStore syncState = new InMemorySyncStateStore();
        final RecordingIngestMetrics metrics = new RecordingIngestMetrics();
        final IngestService ingest = new IngestService(store, syncState, metrics);
        final AtomicInteger malformed = new AtomicInteger();

        void replay(String cluster, Clock clock) throws InterruptedException {
            EnvelopeTransport transport = this::deliver;
            try (PackingDeltaSink sink = new PackingDeltaSink(AgentIdentity.generate(cluster), transport,
                    SendOptions.defaults(1_048_576))) {
                DemoClusters.replay(cluster, sink, clock);
            }
        }

        private List<EnvelopeTransport.EntryFailure> deliver(List<String> bodies) {
            for (String body : bodies) {
                try {
                    ingest.apply(WireDecoder.decode(body));
                } catch (MalformedMessageException e) {
                    // Accepted all the same: retrying a malformed body would never end. The tests assert none.
                    malformed.incrementAndGet();
                    metrics.count(IngestMetrics.MALFORMED_MESSAGES, 1);
                }
            }
            return List.of();
        }

        List<JsonNode> objects(String cluster, String gvr) {
            return store.list(ListRequest.all(cluster, GroupVersionResource.parse(gvr), ListRequest.MAX_LIMIT))
                    .items().stream().map(o -> parse(o.json())).toList();
        }

        Optional<StoredObject> get(String cluster, String gvr, String namespace, String name) {
            return store.get(new ObjectKey(cluster, GroupVersionResource.parse(gvr), namespace, name));
        }
    }

    /** Keeps what it is sent, in order. */
    private static final class RecordingSink implements DeltaSink {
        final List<Delta> deltas = new ArrayList<>();
        int flushes;

        @Override
        public void send(Delta delta) {
            deltas.add(delta);
        }

        @Override
        public boolean flush(Duration timeout) {
            flushes++;
            return true;
        }

        @Override
        public void close() {
        }
    }
}
