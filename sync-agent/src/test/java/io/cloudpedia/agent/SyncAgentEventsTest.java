package io.cloudpedia.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.testing.Await;
import io.cloudpedia.agent.testing.AgentHarness;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.testing.RecordingSink;
import io.cloudpedia.agent.testing.Sentinels;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.Json;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events of synced objects (Clusterpedia's event association), against fabric8's CRUD mock API server. The mock
 * ignores the event synchro's field selector {@code involvedObject.kind=...}, so these tests also exercise the
 * agent's client-side check of the kind.
 */
class SyncAgentEventsTest {

    private static final Duration WAIT = AgentHarness.WAIT;
    private static final QueueConfig QUEUE = AgentHarness.QUEUE;
    private static final Gvr PODS = Gvr.parse("v1/pods");
    private static final Gvr EVENTS = Gvr.parse("v1/events");

    private final AgentHarness harness = new AgentHarness();

    @AfterEach
    void closeAll() throws Exception {
        harness.close();
    }

    private MockCluster cluster() {
        return harness.cluster();
    }

    private SyncAgent start(MockCluster cluster, RecordingSink sink, SyncResource... resources) throws Exception {
        return harness.startSynced(cluster, sink, resources);
    }

    private static SyncResource podsWithEvents() {
        return SyncResource.of("", "pods").withEventsInvolvedResources("pods");
    }

    private static void createPod(MockCluster cluster, String name) {
        cluster.client().pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata().build()).create();
    }

    private static Event createEvent(MockCluster cluster, String name, String apiVersion, String kind,
                                     String object, int count) {
        return cluster.client().v1().events().inNamespace("default").resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewInvolvedObject().withApiVersion(apiVersion).withKind(kind).withNamespace("default")
                .withName(object).withUid("uid-" + object).endInvolvedObject()
                .withReason("Scheduled").withMessage("about " + object).withCount(count).build()).create();
    }

    private static Event podEvent(MockCluster cluster, String name, String pod) {
        return createEvent(cluster, name, "v1", "Pod", pod, 1);
    }

    /** The upserts of v1/events, by name. */
    private static List<String> eventUpserts(RecordingSink sink) {
        return sink.upserts().stream().filter(u -> u.gvr().equals(EVENTS)).map(Upsert::name)
                .collect(Collectors.toList());
    }

    private static Upsert awaitEvent(RecordingSink sink, String name) throws InterruptedException {
        return sink.await(Upsert.class, u -> u.gvr().equals(EVENTS) && u.name().equals(name), WAIT);
    }

    /** Once the event watch is open, a new event about a synced pod: its upsert proves earlier events handled. */
    private static void marker(MockCluster cluster, SyncAgent agent, RecordingSink sink, String pod)
            throws InterruptedException {
        Await.until(WAIT, "the watches", agent::watching);
        podEvent(cluster, "marker", pod);
        awaitEvent(sink, "marker");
    }

    private static TypeSnapshot.Events events(SyncAgent agent, Gvr gvr) {
        return agent.snapshot().stream().filter(t -> t.type().gvr().equals(gvr)).findFirst().orElseThrow()
                .events().orElseThrow();
    }

    private static JsonNode object(Upsert upsert) throws IOException {
        return Json.MAPPER.readTree(upsert.object().json());
    }

    @Test
    void eventsOfSyncedPodsAreSentAfterTheInitialList() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web-0");
        createPod(cluster, "web-1");
        Event e0 = podEvent(cluster, "web-0.scheduled", "web-0");
        podEvent(cluster, "web-1.scheduled", "web-1");
        RecordingSink sink = new RecordingSink();

        SyncAgent agent = start(cluster, sink, podsWithEvents());

        Upsert upsert = awaitEvent(sink, "web-0.scheduled");
        awaitEvent(sink, "web-1.scheduled");
        List<Delta> all = sink.all();
        int podsListEnd = all.indexOf(sink.relistEnds().stream().filter(e -> e.gvr().equals(PODS)).findFirst()
                .orElseThrow());
        assertThat(all.indexOf(upsert)).isGreaterThan(podsListEnd);
        assertThat(upsert.namespace()).isEqualTo("default");
        assertThat(upsert.uid()).isEqualTo(e0.getMetadata().getUid());
        assertThat(upsert.resourceVersion()).isEqualTo(e0.getMetadata().getResourceVersion());
        // Plain upserts: no relist framing for events.
        assertThat(upsert.relistId()).isEmpty();
        assertThat(sink.relistBegins()).extracting(RelistBegin::gvr).doesNotContain(EVENTS);
        assertThat(sink.relistEnds()).extracting(RelistEnd::gvr).doesNotContain(EVENTS);
        JsonNode json = object(upsert);
        assertThat(json.at("/kind").asText()).isEqualTo("Event");
        assertThat(json.at("/involvedObject/name").asText()).isEqualTo("web-0");
        assertThat(json.at("/metadata/annotations/shadow.clusterpedia.io~1cluster-name").asText())
                .isEqualTo("cluster-1");
        assertThat(agent.eventIndex(PODS).orElseThrow().size()).isEqualTo(2);
        // Counted once the sink took the delta, so maybe just after the upsert was seen.
        Await.until(WAIT, "2 events counted as sent", () -> events(agent, PODS).sent() == 2);
        assertThat(agent.metricsText())
                .contains("cloudpedia_agent_events_sent_total{cluster=\"cluster-1\",gvr=\"v1/pods\"} 2\n");
    }

    @Test
    void eventsOfObjectsNotSyncedAreNotSent() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web-0");
        podEvent(cluster, "web-0.scheduled", "web-0");
        podEvent(cluster, "ghost.scheduled", "ghost");
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, podsWithEvents());
        awaitEvent(sink, "web-0.scheduled");

        Await.until(WAIT, "the watches", agent::watching);
        podEvent(cluster, "ghost-2.killing", "ghost-2");
        marker(cluster, agent, sink, "web-0");

        assertThat(eventUpserts(sink)).containsExactly("web-0.scheduled", "marker");
        // ghost.scheduled in the list, ghost-2.killing in the watch (the mock's watch replays ghost.scheduled too).
        assertThat(events(agent, PODS).skipped()).isGreaterThanOrEqualTo(2);
        assertThat(agent.metricsText())
                .containsPattern("cloudpedia_agent_events_skipped_total\\{cluster=\"cluster-1\",gvr=\"v1/pods\"} [2-9]");
    }

    @Test
    void eventsOfOtherKindsAreNotSent() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web");
        cluster.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata().build()).create();
        // Same namespace and name as the synced pod, other kinds; the last one is a Pod of another group.
        createEvent(cluster, "cm.updated", "v1", "ConfigMap", "web", 1);
        createEvent(cluster, "deploy.scaled", "apps/v1", "Deployment", "web", 1);
        createEvent(cluster, "other-pod.seen", "example.com/v1", "Pod", "web", 1);
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, podsWithEvents(), SyncResource.of("", "configmaps"));

        marker(cluster, agent, sink, "web");

        assertThat(eventUpserts(sink)).containsExactly("marker");
        // Not this type's events at all, so not counted as skipped either.
        assertThat(events(agent, PODS).skipped()).isZero();
        assertThat(agent.eventsInvolved()).extracting(t -> t.gvr()).containsExactly(PODS);
    }

    @Test
    void anUpdatedEventIsSentAgain() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web-0");
        createEvent(cluster, "web-0.backoff", "v1", "Pod", "web-0", 3);
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, podsWithEvents());
        Upsert first = awaitEvent(sink, "web-0.backoff");
        assertThat(object(first).at("/count").asInt()).isEqualTo(3);

        Await.until(WAIT, "the watches", agent::watching);
        Event updated = cluster.client().v1().events().inNamespace("default").withName("web-0.backoff")
                .edit(e -> new EventBuilder(e).withCount(4).build());

        Upsert second = sink.await(Upsert.class, u -> u.gvr().equals(EVENTS) && u.name().equals("web-0.backoff")
                && !u.resourceVersion().equals(first.resourceVersion()), WAIT);
        assertThat(second.resourceVersion()).isEqualTo(updated.getMetadata().getResourceVersion());
        assertThat(object(second).at("/count").asInt()).isEqualTo(4);
        assertThat(second.relistId()).isEmpty();
        marker(cluster, agent, sink, "web-0");
        // The watch's replay of the unchanged event is not sent again.
        assertThat(eventUpserts(sink)).containsExactly("web-0.backoff", "web-0.backoff", "marker");
        assertThat(agent.eventIndex(PODS).orElseThrow().get("default/web-0.backoff"))
                .contains(updated.getMetadata().getResourceVersion());
    }

    @Test
    void aDeletedEventIsSentAsDelete() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web-0");
        Event sent = podEvent(cluster, "web-0.pulled", "web-0");
        podEvent(cluster, "ghost.pulled", "ghost");
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, podsWithEvents());
        awaitEvent(sink, "web-0.pulled");
        Await.until(WAIT, "the watches", agent::watching);

        cluster.client().v1().events().inNamespace("default").withName("ghost.pulled").delete();
        cluster.client().v1().events().inNamespace("default").withName("web-0.pulled").delete();

        Delete delete = sink.await(Delete.class, d -> d.gvr().equals(EVENTS) && d.name().equals("web-0.pulled"),
                WAIT);
        assertThat(delete.namespace()).isEqualTo("default");
        assertThat(delete.uid()).isEqualTo(sent.getMetadata().getUid());
        // The watch is ordered: the orphan's deletion came first, and was never stored, so it is not sent.
        assertThat(sink.deletes()).extracting(Delete::name).containsExactly("web-0.pulled");
        assertThat(agent.eventIndex(PODS).orElseThrow().get("default/web-0.pulled")).isEmpty();
    }

    @Test
    void reconfigureStopsTheEventSynchroWithItsType() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web-0");
        podEvent(cluster, "web-0.scheduled", "web-0");
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, podsWithEvents(), SyncResource.of("", "configmaps"));
        awaitEvent(sink, "web-0.scheduled");
        assertThat(eventThreads()).containsExactly("sync-events-of-v1/pods");
        Sentinels.settle(cluster, agent, sink, WAIT);

        SyncAgent.Reconfiguration result = agent.reconfigure(List.of(SyncResource.of("", "configmaps")));

        assertThat(result.stopped()).extracting(t -> t.gvr()).containsExactly(PODS);
        assertThat(eventThreads()).isEmpty();
        assertThat(agent.eventsInvolved()).isEmpty();
        assertThat(agent.eventIndex(PODS)).isEmpty();
        assertThat(agent.metricsText()).doesNotContain("cloudpedia_agent_events_sent_total{");
        // The type is removed with an empty relist; its events are not: ingest deletes them with their objects.
        assertThat(sink.relistBegins()).extracting(RelistBegin::gvr).contains(PODS).doesNotContain(EVENTS);
    }

    @Test
    void reconfigureStartsAndStopsTheEventsOfATypeThatStays() throws Exception {
        MockCluster cluster = cluster();
        createPod(cluster, "web-0");
        podEvent(cluster, "web-0.scheduled", "web-0");
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, SyncResource.of("", "pods"));
        Sentinels.settle(cluster, agent, sink, WAIT);
        assertThat(eventUpserts(sink)).isEmpty();

        SyncAgent.Reconfiguration on = agent.reconfigure(List.of(podsWithEvents()));

        assertThat(on.started()).isEmpty();
        assertThat(on.eventsStarted()).extracting(t -> t.gvr()).containsExactly(PODS);
        awaitEvent(sink, "web-0.scheduled");
        Sentinels.settle(cluster, agent, sink, WAIT);

        SyncAgent.Reconfiguration off = agent.reconfigure(List.of(SyncResource.of("", "pods")));

        assertThat(off.stopped()).isEmpty();
        assertThat(off.eventsStopped()).extracting(t -> t.gvr()).containsExactly(PODS);
        assertThat(eventThreads()).isEmpty();
        assertThat(agent.snapshot().get(0).events()).isEmpty();
        assertThat(sink.relistBegins()).extracting(RelistBegin::gvr).doesNotContain(EVENTS);
    }

    private static List<String> eventThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("sync-events-of-")).collect(Collectors.toList());
    }
}
