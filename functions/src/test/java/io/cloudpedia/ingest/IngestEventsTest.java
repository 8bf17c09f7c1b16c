package io.cloudpedia.ingest;

import static io.cloudpedia.ingest.Deltas.CLUSTER;
import static io.cloudpedia.ingest.Deltas.deletePod;
import static io.cloudpedia.ingest.Deltas.envelope;
import static io.cloudpedia.ingest.Deltas.pod;
import static io.cloudpedia.ingest.Deltas.relistBegin;
import static io.cloudpedia.ingest.Deltas.relistEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.events.EventRetention;
import io.cloudpedia.events.EventStoreContract;
import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.events.StoredEvent;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.wire.Delete;
import io.cloudpedia.wire.ObjectIdentity;
import io.cloudpedia.wire.Upsert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest associates core/v1 Events with their involved objects and removes them with the objects. */
class IngestEventsTest {
  static final GroupVersionResource EVENTS = GroupVersionResource.parse("v1/events");
  static final Instant NOW = Instant.parse("2026-11-25T21:00:00Z");

  InMemoryResourceStore resources;
  InMemorySyncStateStore syncState;
  InMemoryEventStore events;
  RecordingIngestMetrics metrics;
  IngestService ingest;

  @BeforeEach
  void setUp() {
    resources = new InMemoryResourceStore();
    syncState = new InMemorySyncStateStore();
    events = new InMemoryEventStore();
    metrics = new RecordingIngestMetrics();
    ingest = new IngestService(resources, syncState, events, metrics);
  }

  static Upsert podEvent(String eventName, String rv, String podName) {
    byte[] json = EventStoreContract.podEvent(eventName, rv, "default", podName, NOW);
    return new Upsert(EVENTS, "default", eventName, "uid-" + eventName, rv,
        new ObjectIdentity("Event", "2026-11-25T20:00:00Z", Map.of(), Optional.empty()), json, Optional.empty(),
        Optional.empty(), false);
  }

  List<String> eventsOfPod(String name) {
    String key = "default/" + name;
    return events.eventsOf(CLUSTER, "", "Pod", key, key).getOrDefault(key, List.of()).stream()
        .map(StoredEvent::eventName)
        .toList();
  }

  @Test
  void anEventUpsertIsStoredAndAssociated() {
    IngestReport report = ingest.apply(envelope(pod("default", "web-0", "10"), podEvent("web-0.1", "11", "web-0")));

    assertThat(report.eventsStored()).isEqualTo(1);
    assertThat(resources.get(new ObjectKey(CLUSTER, EVENTS, "default", "web-0.1"))).as("as an object too").isPresent();
    assertThat(eventsOfPod("web-0")).containsExactly("web-0.1");
    assertThat(metrics.total(IngestMetrics.EVENTS_STORED)).isEqualTo(1);

    IngestReport again = ingest.apply(envelope(podEvent("web-0.1", "11", "web-0")));
    assertThat(again.eventsStale()).isEqualTo(1);
    assertThat(metrics.total(IngestMetrics.EVENTS_STALE)).isEqualTo(1);
  }

  @Test
  void anEventWithoutInvolvedObjectIsStoredButNotAssociated() {
    Upsert event = podEvent("e", "11", "");

    IngestReport report = ingest.apply(envelope(event));

    assertThat(report.upsertsApplied()).isEqualTo(1);
    assertThat(report.eventsIgnored()).isEqualTo(1);
    assertThat(metrics.total(IngestMetrics.EVENTS_IGNORED)).isEqualTo(1);
  }

  @Test
  void deletingAnEventRemovesItsAssociation() {
    ingest.apply(envelope(podEvent("web-0.1", "11", "web-0"), podEvent("web-0.2", "12", "web-0")));

    ingest.apply(envelope(new Delete(EVENTS, "default", "web-0.1", "uid-web-0.1", "13")));

    assertThat(eventsOfPod("web-0")).containsExactly("web-0.2");
    assertThat(ingest.apply(envelope(podEvent("web-0.1", "11", "web-0"))).eventsStale()).as("late").isEqualTo(1);
    assertThat(eventsOfPod("web-0")).containsExactly("web-0.2");
  }

  @Test
  void deletingThePodDeletesItsEvents() {
    ingest.apply(envelope(pod("default", "web-0", "10"), pod("default", "web-1", "10"),
        podEvent("web-0.1", "11", "web-0"), podEvent("web-0.2", "12", "web-0"), podEvent("web-1.1", "13", "web-1")));

    IngestReport report = ingest.apply(envelope(deletePod("default", "web-0", "20")));

    assertThat(report.eventsDeletedWithObject()).isEqualTo(2);
    assertThat(metrics.total(IngestMetrics.EVENTS_DELETED_WITH_OBJECT)).isEqualTo(2);
    assertThat(eventsOfPod("web-0")).isEmpty();
    assertThat(eventsOfPod("web-1")).containsExactly("web-1.1");
  }

  /** Found by ChaosConvergenceTest: a late Event of a deleted pod stayed associated for good. */
  @Test
  void anEventDeliveredAfterItsPodsDeleteIsNotLeftAssociated() {
    ingest.apply(envelope(pod("default", "web-0", "10")));
    ingest.apply(envelope(deletePod("default", "web-0", "20")));

    IngestReport report = ingest.apply(envelope(podEvent("web-0.1", "15", "web-0")));

    assertThat(report.eventsDeletedWithObject()).isEqualTo(1);
    assertThat(eventsOfPod("web-0")).isEmpty();
    // Delivered again: still not associated.
    ingest.apply(envelope(podEvent("web-0.1", "15", "web-0")));
    assertThat(eventsOfPod("web-0")).isEmpty();
  }

  /**
   * Found by ChaosConvergenceTest: a pod delete whose Events' removal failed (throttled) was redelivered as stale and
   * left them associated.
   */
  @Test
  void aRedeliveredDeleteOfADeletedPodRemovesItsEvents() {
    ingest.apply(envelope(pod("default", "web-0", "10"), podEvent("web-0.1", "11", "web-0")));
    resources.delete(new ObjectKey(CLUSTER, Deltas.PODS, "default", "web-0"), "20"); // applied, then the run failed

    ingest.apply(envelope(deletePod("default", "web-0", "20")));

    assertThat(eventsOfPod("web-0")).isEmpty();
  }

  @Test
  void anEventDeliveredBeforeItsPodKeepsItsAssociation() {
    ingest.apply(envelope(pod("default", "other", "5")));
    ingest.apply(envelope(podEvent("web-0.1", "11", "web-0")));
    ingest.apply(envelope(pod("default", "web-0", "10")));

    assertThat(eventsOfPod("web-0")).containsExactly("web-0.1");
  }

  @Test
  void aStaleDeleteOfThePodKeepsItsEvents() {
    ingest.apply(envelope(pod("default", "web-0", "10"), podEvent("web-0.1", "11", "web-0")));

    IngestReport report = ingest.apply(envelope(deletePod("default", "web-0", "9")));

    assertThat(report.deletesStale()).isEqualTo(1);
    assertThat(eventsOfPod("web-0")).containsExactly("web-0.1");
  }

  @Test
  void theKindOfAnObjectNotUpsertedSinceStartIsReadBeforeItsDelete() {
    ingest.apply(envelope(pod("default", "web-0", "10"), podEvent("web-0.1", "11", "web-0")));
    IngestService restarted = new IngestService(resources, syncState, events, metrics);
    long readsBefore = resources.reads().requests();

    IngestReport report = restarted.apply(envelope(deletePod("default", "web-0", "20")));

    assertThat(report.eventsDeletedWithObject()).isEqualTo(1);
    assertThat(eventsOfPod("web-0")).isEmpty();
    assertThat(resources.reads().requests() - readsBefore).as("one get").isEqualTo(1);
  }

  @Test
  void aRelistSweepThatDeletesAPodDeletesItsEvents() {
    ingest.apply(envelope(pod("default", "a", "10"), pod("default", "b", "11"),
        podEvent("a.1", "12", "a"), podEvent("b.1", "13", "b")));

    IngestReport report = ingest.apply(envelope(relistBegin("r1"), relistEnd("r1", "20", 1, "default/b")));

    assertThat(report.swept()).isEqualTo(1);
    assertThat(report.eventsDeletedWithObject()).isEqualTo(1);
    assertThat(eventsOfPod("a")).isEmpty();
    assertThat(eventsOfPod("b")).containsExactly("b.1");
  }

  @Test
  void aRelistSweepOfEventsRemovesTheirAssociations() {
    ingest.apply(envelope(podEvent("a.1", "12", "a"), podEvent("a.2", "13", "a")));

    ingest.apply(envelope(new io.cloudpedia.wire.RelistBegin(EVENTS, "r1", "Expired"),
        new io.cloudpedia.wire.RelistEnd(EVENTS, "r1", "20", 1, 0, 1, List.of("default/a.2"))));

    assertThat(eventsOfPod("a")).containsExactly("a.2");
  }

  @Test
  void withoutAnEventStoreEventsAreOrdinaryObjects() {
    IngestService plain = new IngestService(resources, syncState, metrics);

    IngestReport report = plain.apply(envelope(podEvent("web-0.1", "11", "web-0"), deletePod("default", "x", "1")));

    assertThat(report.upsertsApplied()).isEqualTo(1);
    assertThat(report.eventsStored()).isZero();
    assertThat(eventsOfPod("web-0")).isEmpty();
  }

  @Test
  void configReadsEventRetention() {
    Map<String, String> tables = Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s");
    assertThat(IngestConfig.from(tables).eventRetention()).isEqualTo(EventRetention.UNTIL_OBJECT_DELETED);
    IngestConfig config =
        IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
            IngestConfig.EVENTS_MAX_AGE_SECONDS, "3600", IngestConfig.EVENTS_MAX_PER_OBJECT, "50"));
    assertThat(config.eventRetention())
        .isEqualTo(EventRetention.UNTIL_OBJECT_DELETED.withMaxAge(Duration.ofHours(1)).withMaxPerObject(50));
    assertThat(IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
        IngestConfig.EVENTS_MAX_AGE_SECONDS, "0", IngestConfig.EVENTS_MAX_PER_OBJECT, "0")).eventRetention())
        .as("0: no limit").isEqualTo(EventRetention.UNTIL_OBJECT_DELETED);
    assertThatThrownBy(() -> IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
        IngestConfig.EVENTS_MAX_PER_OBJECT, "-1"))).hasMessageContaining(IngestConfig.EVENTS_MAX_PER_OBJECT);
    assertThatThrownBy(() -> IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
        IngestConfig.EVENTS_MAX_AGE_SECONDS, "soon"))).hasMessageContaining(IngestConfig.EVENTS_MAX_AGE_SECONDS);
  }
}
