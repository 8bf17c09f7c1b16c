package io.cloudpedia.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.sync.KeyVersionIndex;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.testing.Await;
import io.cloudpedia.agent.testing.AgentHarness;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.testing.Sentinels;
import io.cloudpedia.agent.testing.RecordingSink;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.Gzip;
import io.cloudpedia.agent.wire.Json;
import io.cloudpedia.agent.wire.ObjectPayload;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.SyncStatus;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent against fabric8's CRUD mock API server, with a recording sink in place of the queue. */
class SyncAgentTest {

    private static final Duration WAIT = AgentHarness.WAIT;
    private static final Gvr CONFIGMAPS = Gvr.parse("v1/configmaps");
    private static final QueueConfig QUEUE = AgentHarness.QUEUE;

    private final AgentHarness harness = new AgentHarness();

    @AfterEach
    void closeAll() throws Exception {
        harness.close();
    }

    private MockCluster cluster() {
        return harness.cluster();
    }

    private SyncAgent start(MockCluster cluster, Config config, DeltaSink sink) {
        RecordingSink recorded = sink instanceof GatedSink ? ((GatedSink) sink).recorded : (RecordingSink) sink;
        return harness.start(cluster, config, sink, recorded);
    }

    private static Config configMaps(String clusterName) {
        return Config.of(clusterName, QUEUE, SyncResource.of("", "configmaps")).withHealthPort(-1);
    }

    private static ConfigMap create(MockCluster cluster, String namespace, String name, Map<String, String> data) {
        return cluster.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(data).build()).create();
    }

    private static JsonNode object(Upsert upsert) throws IOException {
        return Json.MAPPER.readTree(upsert.object().json());
    }

    private static String keys(RelistEnd end) {
        return new String(Gzip.decompress(end.keysGzip()), StandardCharsets.UTF_8);
    }

    @Test
    void initialListOfTwoClustersSendsRelistFramedUpsertsWithTheirOwnKeysAndVersions() throws Exception {
        MockCluster a = cluster();
        MockCluster b = cluster();
        ConfigMap a1 = create(a, "default", "a1", Map.of("k", "v"));
        ConfigMap a2 = create(a, "kube-system", "a2", Map.of("k", "v"));
        ConfigMap b1 = create(b, "default", "b1", Map.of("k", "v"));
        String listRvA = a.client().configMaps().inAnyNamespace().list().getMetadata().getResourceVersion();
        RecordingSink sinkA = new RecordingSink();
        RecordingSink sinkB = new RecordingSink();

        SyncAgent agentA = start(a, configMaps("cluster-a"), sinkA);
        SyncAgent agentB = start(b, configMaps("cluster-b"), sinkB);

        assertThat(agentA.awaitInitialSync(WAIT)).isTrue();
        assertThat(agentB.awaitInitialSync(WAIT)).isTrue();
        List<Delta> relistDeltas = sinkA.all().stream()
                .filter(d -> !(d instanceof AgentStatus)).collect(Collectors.toList());
        assertThat(relistDeltas).hasSize(4);
        RelistBegin begin = (RelistBegin) relistDeltas.get(0);
        assertThat(begin.gvr()).isEqualTo(CONFIGMAPS);
        assertThat(begin.reason()).isEqualTo(RelistReason.Initial);
        assertThat(begin.relistId()).isEqualTo(agentA.identity().agentId() + "/v1/configmaps/1");
        assertThat(relistDeltas.subList(1, 3)).allSatisfy(d -> assertThat(d).isInstanceOf(Upsert.class));
        assertThat(sinkA.upserts()).extracting(Upsert::key, Upsert::resourceVersion).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("default/a1", a1.getMetadata().getResourceVersion()),
                org.assertj.core.groups.Tuple.tuple("kube-system/a2", a2.getMetadata().getResourceVersion()));
        assertThat(sinkA.upserts()).allSatisfy(u -> {
            assertThat(u.relistId()).contains(begin.relistId());
            assertThat(object(u).at("/metadata/annotations/shadow.clusterpedia.io~1cluster-name").asText())
                    .isEqualTo("cluster-a");
        });
        RelistEnd end = (RelistEnd) relistDeltas.get(3);
        assertThat(end.relistId()).isEqualTo(begin.relistId());
        assertThat(end.resourceVersion()).isEqualTo(listRvA);
        assertThat(end.count()).isEqualTo(2);
        assertThat(end.part()).isZero();
        assertThat(end.parts()).isEqualTo(1);
        assertThat(keys(end)).isEqualTo("default/a1\nkube-system/a2");

        assertThat(sinkB.upserts()).singleElement().satisfies(u -> {
            assertThat(u.key()).isEqualTo("default/b1");
            assertThat(u.resourceVersion()).isEqualTo(b1.getMetadata().getResourceVersion());
            assertThat(object(u).at("/metadata/annotations/shadow.clusterpedia.io~1cluster-name").asText())
                    .isEqualTo("cluster-b");
        });
        assertThat(keys(sinkB.relistEnds().get(0))).isEqualTo("default/b1");
    }

    @Test
    void changesAfterStartBecomeUpsertsAndDeletesWhileUnchangedReplaysSendNothing() throws Exception {
        MockCluster cluster = cluster();
        ConfigMap c1 = create(cluster, "default", "c1", Map.of("v", "1"));
        ConfigMap c2 = create(cluster, "default", "c2", Map.of("v", "1"));
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();

        ConfigMap c3 = create(cluster, "default", "c3", Map.of("v", "1"));
        ConfigMap c1v2 = cluster.client().configMaps().inNamespace("default").withName("c1")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
        cluster.client().configMaps().inNamespace("default").withName("c2").delete();

        Delete delete = sink.await(Delete.class, d -> d.name().equals("c2"), WAIT);
        assertThat(delete.namespace()).isEqualTo("default");
        assertThat(delete.uid()).isEqualTo(c2.getMetadata().getUid());
        assertThat(delete.resourceVersion()).isEqualTo(c2.getMetadata().getResourceVersion());
        // The watch is ordered: by the time the delete arrived, the create and the update had been handled.
        assertThat(sink.upserts()).extracting(Upsert::key, Upsert::resourceVersion).containsExactly(
                org.assertj.core.groups.Tuple.tuple("default/c1", c1.getMetadata().getResourceVersion()),
                org.assertj.core.groups.Tuple.tuple("default/c2", c2.getMetadata().getResourceVersion()),
                org.assertj.core.groups.Tuple.tuple("default/c3", c3.getMetadata().getResourceVersion()),
                org.assertj.core.groups.Tuple.tuple("default/c1", c1v2.getMetadata().getResourceVersion()));
        Upsert fromWatch = sink.upserts().get(3);
        assertThat(fromWatch.relistId()).isEmpty();
        assertThat(object(fromWatch).at("/data/v").asText()).isEqualTo("2");
        assertThat(agent.index(CONFIGMAPS).orElseThrow().get("default/c2")).isEmpty();
        assertThat(agent.index(CONFIGMAPS).orElseThrow().size()).isEqualTo(2);
        // c1, c2 from the list and c3 from the watch were new; c1 changed once; c2 went.
        assertThat(agent.metricsText())
                .contains("cloudpedia_agent_objects_added_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\"} 3\n")
                .contains("cloudpedia_agent_objects_updated_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\"} 1\n")
                .contains("cloudpedia_agent_objects_deleted_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\"} 1\n");
    }

    @Test
    void objectsArePrunedAndCarryTheClusterNameAnnotation() throws Exception {
        MockCluster cluster = cluster();
        cluster.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("applied").withNamespace("default")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"big\":\"json\"}")
                .addToAnnotations("team", "search")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Apply")
                        .withApiVersion("v1").build())
                .endMetadata().addToData("k", "v").build()).create();
        assertThat(cluster.client().configMaps().inNamespace("default").withName("applied").get()
                .getMetadata().getManagedFields()).as("the mock keeps managedFields").isNotEmpty();
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);

        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        JsonNode object = object(sink.upserts().get(0));
        assertThat(object.at("/metadata").has("managedFields")).isFalse();
        assertThat(Json.MAPPER.convertValue(object.at("/metadata/annotations"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { })).isEqualTo(Map.of(
                "team", "search", "shadow.clusterpedia.io/cluster-name", "cluster-1"));
        assertThat(object.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(object.get("kind").asText()).isEqualTo("ConfigMap");
        assertThat(object.at("/data/k").asText()).isEqualTo("v");
    }

    @Test
    void objectsAboveCompressAboveBytesGoGzip() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "small", Map.of("k", "v"));
        create(cluster, "default", "large", Map.of("k", "x".repeat(10_000)));
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);

        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        Map<String, Upsert> byName = sink.upserts().stream().collect(Collectors.toMap(Upsert::name, u -> u));
        assertThat(byName.get("small").object()).isInstanceOf(ObjectPayload.Plain.class);
        assertThat(byName.get("large").object()).isInstanceOf(ObjectPayload.Gzipped.class);
        assertThat(object(byName.get("large")).at("/data/k").asText()).hasSize(10_000);
    }

    @Test
    void anObjectTooLargeEvenCompressedIsSentAsATruncatedStubAndCounted() throws Exception {
        MockCluster cluster = cluster();
        byte[] noise = new byte[24_000];
        new Random(5).nextBytes(noise);
        ConfigMap huge = create(cluster, "default", "huge", Map.of("blob", Base64.getEncoder().encodeToString(noise)));
        create(cluster, "default", "fine", Map.of("k", "v"));
        RecordingSink sink = new RecordingSink();
        Config config = configMaps("cluster-1").withQueue(QUEUE.withMaxMessageBytes(QueueConfig.MIN_MESSAGE_BYTES));

        SyncAgent agent = start(cluster, config, sink);

        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        Upsert stub = sink.await(Upsert.class, u -> u.name().equals("huge"), WAIT);
        assertThat(stub.truncated()).hasValueSatisfying(t -> {
            assertThat(t.reason()).isEqualTo("TooLarge");
            assertThat(t.bytes()).isGreaterThan(32_000);
        });
        assertThat(stub.resourceVersion()).isEqualTo(huge.getMetadata().getResourceVersion());
        JsonNode object = object(stub);
        assertThat(object.has("data")).isFalse();
        assertThat(object.at("/metadata/annotations/cloudpedia.io~1truncated").asText()).isEqualTo("TooLarge");
        assertThat(object.at("/metadata/name").asText()).isEqualTo("huge");
        assertThat(sink.await(Upsert.class, u -> u.name().equals("fine"), WAIT).truncated()).isEmpty();
        assertThat(agent.snapshot().get(0).truncated()).isEqualTo(1);
        assertThat(agent.metricsText())
                .contains("cloudpedia_agent_objects_truncated_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\"} 1");
        sink.await(AgentStatus.class, s -> s.resources().get(0).truncated() == 1, WAIT);
    }

    @Test
    void aWatchAnswering410GoneCausesARelistWithReasonExpired() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "c1", Map.of("k", "v"));
        String listRv = cluster.client().configMaps().inAnyNamespace().list().getMetadata().getResourceVersion();
        cluster.server().expect().get()
                .withPath("/api/v1/configmaps?allowWatchBookmarks=true&resourceVersion=" + listRv + "&watch=true")
                .andReturn(410, new StatusBuilder().withCode(410).withReason("Expired").withStatus("Failure")
                        .withMessage("too old resource version").build())
                .once();
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);

        List<RelistEnd> ends = sink.awaitCount(RelistEnd.class, e -> true, 2, WAIT);
        assertThat(sink.relistBegins()).extracting(RelistBegin::reason)
                .containsExactly(RelistReason.Initial, RelistReason.Expired);
        assertThat(ends.get(1).relistId()).endsWith("/v1/configmaps/2");
        assertThat(keys(ends.get(1))).isEqualTo("default/c1");
        assertThat(sink.upserts()).as("the relist found nothing changed").hasSize(1);
        TypeSnapshot snapshot = agent.snapshot().get(0);
        assertThat(snapshot.relists()).containsEntry(RelistReason.Initial, 1L).containsEntry(RelistReason.Expired, 1L);
        assertThat(agent.metricsText())
                .contains("cloudpedia_agent_relists_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\","
                        + "reason=\"Expired\"} 1");

        create(cluster, "default", "after", Map.of("k", "v"));
        sink.await(Upsert.class, u -> u.name().equals("after"), WAIT);
    }

    @Test
    void aWatchThatEndsIsResumedFromTheLastSeenResourceVersion() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "c1", Map.of("k", "v"));
        String listRv = cluster.client().configMaps().inAnyNamespace().list().getMetadata().getResourceVersion();
        ConfigMap scripted = new ConfigMapBuilder().withNewMetadata().withName("scripted").withNamespace("default")
                .withResourceVersion("100").withUid("u-100").endMetadata().build();
        // The first watch delivers one event, then the server ends it.
        cluster.server().expect().get()
                .withPath("/api/v1/configmaps?allowWatchBookmarks=true&resourceVersion=" + listRv + "&watch=true")
                .andUpgradeToWebSocket().open()
                .waitFor(50).andEmit(new io.fabric8.kubernetes.api.model.WatchEvent(scripted, "ADDED"))
                .done().once();
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);

        sink.await(Upsert.class, u -> u.name().equals("scripted") && u.resourceVersion().equals("100"), WAIT);
        Await.until(WAIT, "the watch to be resumed from resourceVersion 100",
                () -> requestedPaths(cluster).stream().anyMatch(p -> p.contains("resourceVersion=100&watch=true")));
        Await.until(WAIT, "a counted watch restart", () -> agent.snapshot().get(0).watchRestarts() == 1);
        assertThat(sink.relistBegins()).as("no relist for a watch that merely ended").hasSize(1);
    }

    @Test
    void aFailingListIsReportedAsErrorAndRetried() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "c1", Map.of("k", "v"));
        cluster.server().expect().get().withPath("/api/v1/configmaps?limit=500")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure")
                        .withMessage("configmaps is forbidden").build())
                .once();
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);

        AgentStatus error = sink.await(AgentStatus.class,
                s -> s.resources().get(0).status() == SyncStatus.Error, WAIT);
        assertThat(error.resources().get(0).reason()).isEqualTo("ListFailed");
        assertThat(error.resources().get(0).message()).contains("403");
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        sink.await(AgentStatus.class, s -> s.resources().get(0).status() == SyncStatus.Syncing
                && !s.resources().get(0).initialListPhase(), WAIT);
        assertThat(sink.relistBegins()).extracting(RelistBegin::reason)
                .containsExactly(RelistReason.Initial, RelistReason.Initial);
        assertThat(sink.relistEnds()).singleElement().satisfies(e -> assertThat(keys(e)).isEqualTo("default/c1"));
        assertThat(agent.metricsText())
                .contains("cloudpedia_agent_sync_failures_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\","
                        + "reason=\"ListFailed\"} 1\n")
                .contains("cloudpedia_agent_sync_failures_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\","
                        + "reason=\"WatchFailed\"} 0\n");
    }

    @Test
    void theIndexHoldsKeysAndVersionsNotObjectBodies() throws Exception {
        MockCluster cluster = cluster();
        for (int i = 0; i < 60; i++) {
            create(cluster, "ns-" + (i % 3), "big-" + i, Map.of("blob", "z".repeat(20_000)));
        }
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, configMaps("cluster-1"), sink);

        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        KeyVersionIndex index = agent.index(CONFIGMAPS).orElseThrow();
        assertThat(index.size()).isEqualTo(60);
        assertThat(sink.upserts()).hasSize(60);
        // Each object is over 20 KB; what the agent keeps per object must stay tiny.
        assertThat(index.estimatedHeapBytes() / index.size()).isLessThan(150);
        assertThat(agent.snapshot().get(0).objects()).isEqualTo(60);
    }

    @Test
    void statusReportsEachTypeTheClusterVersionAndTheEndOfTheInitialList() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "c1", Map.of("k", "v"));
        // Gated: the initial list cannot be delivered before the status sent at start (which probes /version first).
        GatedSink gated = new GatedSink();
        RecordingSink sink = gated.recorded;

        SyncAgent agent = start(cluster, configMaps("cluster-1"), gated);

        AgentStatus first = sink.await(AgentStatus.class, s -> true, WAIT);
        assertThat(first.resources().get(0).initialListPhase()).as("the status sent at start").isTrue();
        gated.delivered.countDown();
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        AgentStatus status = sink.await(AgentStatus.class, s -> !s.resources().get(0).initialListPhase(), WAIT);
        assertThat(status.clusterVersion()).isEqualTo("v1.32.1");
        assertThat(status.healthy()).isTrue();
        assertThat(status.resources()).singleElement().satisfies(r -> {
            assertThat(r.gvr()).isEqualTo(CONFIGMAPS);
            assertThat(r.kind()).isEqualTo("ConfigMap");
            assertThat(r.namespaced()).isTrue();
            assertThat(r.status()).isEqualTo(SyncStatus.Syncing);
            assertThat(r.objects()).isEqualTo(1);
        });
    }

    @Test
    void readyzTurnsReadyOnlyOnceTheInitialListIsDeliveredAndMetricsAreServed() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "c1", Map.of("k", "v"));
        create(cluster, "default", "c2", Map.of("k", "v"));
        GatedSink sink = new GatedSink();
        Config config = configMaps("cluster-1").withHealthPort(0);

        SyncAgent agent = start(cluster, config, sink);
        int port = agent.httpPort().orElseThrow();

        sink.flushing.await();
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(port, "/readyz").statusCode()).as("initial list not delivered yet").isEqualTo(503);
        sink.delivered.countDown();
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body())
                .contains("cloudpedia_agent_build_info{version=")
                .containsPattern("cloudpedia_build_info\\{version=\"[^\"]+\",git_commit=\"[^\"]+\",build_date=\"[^\"]+\","
                        + "java_version=\"" + java.util.regex.Pattern.quote(Runtime.version().toString()) + "\"} 1\n")
                .contains("cloudpedia_agent_last_successful_send_timestamp_seconds{cluster=\"cluster-1\"} ")
                .contains("cloudpedia_agent_objects{cluster=\"cluster-1\",gvr=\"v1/configmaps\"} 2")
                .contains("cloudpedia_agent_relists_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\","
                        + "reason=\"Initial\"} 1")
                .contains("cloudpedia_agent_watch_restarts_total{cluster=\"cluster-1\",gvr=\"v1/configmaps\"} 0")
                .contains("cloudpedia_agent_deltas_sent_total 0")
                .contains("cloudpedia_agent_messages_sent_total 0")
                .contains("cloudpedia_agent_send_retries_total 0");
    }

    @Test
    void starSyncsEveryTypeOfTheGroup() throws Exception {
        MockCluster cluster = cluster();
        cluster.client().apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, Config.of("cluster-1", QUEUE, SyncResource.of("apps", "*"))
                .withHealthPort(-1), sink);

        assertThat(agent.types()).extracting(t -> t.gvr().toString())
                .containsExactly("apps/v1/deployments", "apps/v1/statefulsets", "apps/v1/controllerrevisions");
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        Upsert web = sink.await(Upsert.class, u -> u.name().equals("web"), WAIT);
        assertThat(web.gvr()).isEqualTo(Gvr.parse("apps/v1/deployments"));
        assertThat(object(web).get("kind").asText()).isEqualTo("Deployment");
        assertThat(sink.relistEnds()).hasSize(3);
    }

    @Test
    void closeStopsEveryThreadTheAgentStarted() throws Exception {
        MockCluster cluster = cluster();
        create(cluster, "default", "c1", Map.of("k", "v"));
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = SyncAgent.start(configMaps("cluster-1").withHealthPort(0), cluster.client(), sink);
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        assertThat(agentThreads()).isNotEmpty();
        Sentinels.settle(cluster, agent, sink, WAIT);

        agent.close();

        // close() joins its threads: nothing of the agent may be left running.
        assertThat(agentThreads()).isEmpty();
        assertThat(agent.httpPort()).isPresent();
        int port = agent.httpPort().getAsInt();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get(port, "/healthz")))
                .as("the HTTP server is stopped").isInstanceOf(java.io.IOException.class);
    }

    /** Every request path the mock server received so far (drains its request log). */
    private final List<String> requested = new ArrayList<>();

    private synchronized List<String> requestedPaths(MockCluster cluster) {
        try {
            io.fabric8.mockwebserver.http.RecordedRequest r;
            while ((r = cluster.server().takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                requested.add(r.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(requested);
    }

    private static List<String> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("sync-") || n.equals("status-reporter") || n.equals("agent-http"))
                .collect(Collectors.toList());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records deltas, but "delivers" them only once the test opens the gate. */
    private static final class GatedSink implements DeltaSink {
        final RecordingSink recorded = new RecordingSink();
        final CountDownLatch flushing = new CountDownLatch(1);
        final CountDownLatch delivered = new CountDownLatch(1);

        @Override
        public void send(Delta delta) {
            recorded.send(delta);
        }

        @Override
        public boolean flush(Duration timeout) throws InterruptedException {
            flushing.countDown();
            return delivered.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
        }
    }
}
