package io.cloudpedia.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.StoreReads;
import io.cloudpedia.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EventStore} does; each implementation runs it. */
public abstract class EventStoreContract {
  protected static final Duration TOMBSTONE_TTL = Duration.ofHours(1);

  protected MutableClock clock;
  protected String cluster;
  protected EventStore store;

  protected abstract EventStore newStore(MutableClock clock, EventRetention retention);

  /** A cluster no other test uses (stores may share a table). */
  protected abstract String uniqueClusterName();

  @BeforeEach
  void setUp() {
    clock = MutableClock.startingNow();
    cluster = uniqueClusterName();
    store = newStore(clock, EventRetention.UNTIL_OBJECT_DELETED);
  }

  /** A core/v1 Event about a Pod. */
  public static byte[] podEvent(String eventName, String rv, String podNamespace, String podName, Instant time) {
    return event("default", eventName, rv, "v1", "Pod", podNamespace, podName, time);
  }

  public static byte[] event(
      String namespace,
      String name,
      String rv,
      String apiVersion,
      String kind,
      String involvedNamespace,
      String involvedName,
      Instant time) {
    String involvedNs = involvedNamespace.isEmpty() ? "" : ",\"namespace\":\"" + involvedNamespace + "\"";
    return ("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"namespace\":\"" + namespace
            + "\",\"name\":\"" + name + "\",\"resourceVersion\":\"" + rv
            + "\",\"creationTimestamp\":\"2020-01-01T00:00:00Z\"},\"involvedObject\":{\"apiVersion\":\"" + apiVersion
            + "\",\"kind\":\"" + kind + "\"" + involvedNs + ",\"name\":\"" + involvedName + "\",\"uid\":\"uid-"
            + involvedName + "\"},\"reason\":\"Started\",\"message\":\"rv " + rv + "\",\"lastTimestamp\":\""
            + time + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  Instant at(int minutesAgo) {
    return clock.instant().minus(Duration.ofMinutes(minutesAgo)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  Map<String, List<StoredEvent>> podEvents(String from, String to) {
    return store.eventsOf(cluster, "", "Pod", from, to);
  }

  List<String> namesOf(String involvedKey) {
    return podEvents(involvedKey, involvedKey).getOrDefault(involvedKey, List.of()).stream()
        .map(e -> e.eventName() + "@" + e.resourceVersion())
        .toList();
  }

  @Test
  void anEventIsAssociatedWithItsInvolvedObject() {
    assertThat(store.put(cluster, podEvent("web-0.1", "10", "app", "web-0", at(1))))
        .isEqualTo(EventWriteOutcome.APPLIED);

    List<StoredEvent> events = podEvents("app/web-0", "app/web-0").get("app/web-0");
    assertThat(events).hasSize(1);
    StoredEvent event = events.get(0);
    assertThat(event.cluster()).isEqualTo(cluster);
    assertThat(event.eventNamespace()).isEqualTo("default");
    assertThat(event.eventName()).isEqualTo("web-0.1");
    assertThat(event.resourceVersion()).isEqualTo("10");
    assertThat(event.involved()).isEqualTo(new InvolvedRef("", "Pod", "app", "web-0", "uid-web-0"));
    assertThat(event.time()).isEqualTo(at(1));
    assertThat(new String(event.json(), StandardCharsets.UTF_8)).contains("\"reason\":\"Started\"");
  }

  @Test
  void newerVersionReplacesOlder() {
    store.put(cluster, podEvent("web-0.1", "10", "app", "web-0", at(5)));

    assertThat(store.put(cluster, podEvent("web-0.1", "11", "app", "web-0", at(1))))
        .isEqualTo(EventWriteOutcome.APPLIED);
    assertThat(store.put(cluster, podEvent("web-0.1", "9", "app", "web-0", at(0))))
        .as("older").isEqualTo(EventWriteOutcome.STALE);

    assertThat(namesOf("app/web-0")).containsExactly("web-0.1@11");
  }

  @Test
  void duplicatesAreNoOps() {
    byte[] event = podEvent("web-0.1", "10", "app", "web-0", at(1));
    store.put(cluster, event);

    assertThat(store.put(cluster, event)).isEqualTo(EventWriteOutcome.STALE);
    assertThat(namesOf("app/web-0")).containsExactly("web-0.1@10");
  }

  @Test
  void numericResourceVersionsCompareAsNumbers() {
    store.put(cluster, podEvent("web-0.1", "9", "app", "web-0", at(1)));

    assertThat(store.put(cluster, podEvent("web-0.1", "10", "app", "web-0", at(1))))
        .isEqualTo(EventWriteOutcome.APPLIED);
    assertThat(namesOf("app/web-0")).containsExactly("web-0.1@10");
  }

  @Test
  void anEventWhoseInvolvedObjectChangedIsMoved() {
    store.put(cluster, podEvent("e", "10", "app", "web-0", at(2)));

    store.put(cluster, podEvent("e", "11", "app", "web-1", at(1)));

    assertThat(namesOf("app/web-0")).isEmpty();
    assertThat(namesOf("app/web-1")).containsExactly("e@11");
  }

  @Test
  void eventsOfARangeComeFromOneRequest() {
    for (int pod = 0; pod < 20; pod++) {
      for (int e = 0; e < 3; e++) {
        store.put(cluster, podEvent("web-" + pod + "." + e, Integer.toString(100 + pod * 3 + e), "app",
            String.format("web-%02d", pod), at(e)));
      }
    }
    store.put(cluster, podEvent("other", "500", "other", "x", at(0)));
    StoreReads.Snapshot before = store.reads().snapshot();

    Map<String, List<StoredEvent>> events = podEvents("app/web-05", "app/web-14");

    StoreReads.Snapshot read = store.reads().snapshot().since(before);
    assertThat(events.keySet()).hasSize(10).allMatch(k -> k.compareTo("app/web-05") >= 0
        && k.compareTo("app/web-14") <= 0);
    assertThat(events.values()).allMatch(list -> list.size() == 3);
    assertThat(read.requests()).isEqualTo(1);
    assertThat(read.items()).isEqualTo(30);
  }

  @Test
  void aRangeHoldsEveryKeyBetweenItsBoundsInStorageKeyOrder() {
    // "app/a-b" sorts before "app/a/..." byte-wise but lies between "app/a" and "app/b" as a key.
    store.put(cluster, podEvent("e1", "1", "app", "a", at(1)));
    store.put(cluster, podEvent("e2", "2", "app", "a-b", at(1)));
    store.put(cluster, podEvent("e3", "3", "app", "b", at(1)));
    store.put(cluster, podEvent("e4", "4", "app", "b-c", at(1)));
    store.put(cluster, podEvent("e5", "5", "app2", "a", at(1)));

    assertThat(podEvents("app/a", "app/b").keySet()).containsExactlyInAnyOrder("app/a", "app/a-b", "app/b");
    assertThat(podEvents("app/a", "app/a").keySet()).containsExactly("app/a");
  }

  @Test
  void clusterScopedObjectsAreKeyedSlashName() {
    store.put(cluster, event("default", "node-1.1", "10", "v1", "Node", "", "node-1", at(1)));
    store.put(cluster, event("default", "d.1", "11", "apps/v1", "Deployment", "app", "web", at(1)));

    assertThat(store.eventsOf(cluster, "", "Node", "/", "/node-9").keySet()).containsExactly("/node-1");
    assertThat(store.eventsOf(cluster, "apps", "Deployment", "app/web", "app/web").get("app/web"))
        .extracting(e -> e.involved().group())
        .containsExactly("apps");
    assertThat(store.eventsOf(cluster, "", "Pod", "", "\uffff")).isEmpty();
  }

  @Test
  void eventsAreNewestFirst() {
    store.put(cluster, podEvent("middle", "12", "app", "web-0", at(5)));
    store.put(cluster, podEvent("newest", "10", "app", "web-0", at(1)));
    store.put(cluster, podEvent("oldest", "11", "app", "web-0", at(9)));

    assertThat(namesOf("app/web-0")).containsExactly("newest@10", "middle@12", "oldest@11");
  }

  @Test
  void deleteRemovesTheAssociation() {
    store.put(cluster, podEvent("e", "10", "app", "web-0", at(1)));
    store.put(cluster, podEvent("f", "11", "app", "web-0", at(1)));

    assertThat(store.delete(cluster, "default", "e", "9")).as("older").isEqualTo(EventWriteOutcome.STALE);
    assertThat(namesOf("app/web-0")).hasSize(2);
    assertThat(store.delete(cluster, "default", "e", "10")).isEqualTo(EventWriteOutcome.APPLIED);

    assertThat(namesOf("app/web-0")).containsExactly("f@11");
    assertThat(store.delete(cluster, "default", "e", "10")).as("again").isEqualTo(EventWriteOutcome.STALE);
  }

  @Test
  void aDeleteBlocksOlderPutsUntilItsTombstoneExpires() {
    assertThat(store.delete(cluster, "default", "e", "10")).as("never seen").isEqualTo(EventWriteOutcome.APPLIED);

    assertThat(store.put(cluster, podEvent("e", "10", "app", "web-0", at(1)))).isEqualTo(EventWriteOutcome.STALE);
    assertThat(namesOf("app/web-0")).isEmpty();
    clock.advance(TOMBSTONE_TTL.plusSeconds(1));
    assertThat(store.put(cluster, podEvent("e", "9", "app", "web-0", at(1)))).isEqualTo(EventWriteOutcome.APPLIED);
    assertThat(store.put(cluster, podEvent("e", "11", "app", "web-0", at(1)))).isEqualTo(EventWriteOutcome.APPLIED);
    assertThat(namesOf("app/web-0")).containsExactly("e@11");
  }

  @Test
  void deleteAllOfRemovesEveryEventOfTheObject() {
    for (int e = 0; e < 5; e++) {
      store.put(cluster, podEvent("web-0." + e, Integer.toString(10 + e), "app", "web-0", at(e)));
    }
    store.put(cluster, podEvent("web-0-x.1", "20", "app", "web-0-x", at(1)));
    store.put(cluster, podEvent("web-1.1", "21", "app", "web-1", at(1)));

    assertThat(store.deleteAllOf(cluster, "", "Pod", "app", "web-0")).isEqualTo(5);

    assertThat(podEvents("app/", "app/zzz").keySet()).containsExactlyInAnyOrder("app/web-0-x", "app/web-1");
    assertThat(store.deleteAllOf(cluster, "", "Pod", "app", "web-0")).isZero();
    // A newer version of one of them (the object is gone, yet its Event changed) is associated again.
    assertThat(store.put(cluster, podEvent("web-0.0", "30", "app", "web-0", at(0))))
        .isEqualTo(EventWriteOutcome.APPLIED);
    assertThat(namesOf("app/web-0")).containsExactly("web-0.0@30");
  }

  @Test
  void maxAgeHidesOldEvents() {
    store = newStore(clock, EventRetention.UNTIL_OBJECT_DELETED.withMaxAge(Duration.ofMinutes(30)));
    store.put(cluster, podEvent("recent", "10", "app", "web-0", at(10)));
    store.put(cluster, podEvent("old", "11", "app", "web-0", at(40)));

    assertThat(namesOf("app/web-0")).containsExactly("recent@10");
    clock.advance(Duration.ofMinutes(21));
    assertThat(namesOf("app/web-0")).isEmpty();
  }

  @Test
  void maxCountDropsTheOldest() {
    store = newStore(clock, EventRetention.UNTIL_OBJECT_DELETED.withMaxPerObject(2));
    store.put(cluster, podEvent("a", "10", "app", "web-0", at(3)));
    store.put(cluster, podEvent("b", "11", "app", "web-0", at(5)));
    store.put(cluster, podEvent("c", "12", "app", "web-0", at(1)));
    store.put(cluster, podEvent("other", "13", "app", "web-1", at(9)));

    assertThat(namesOf("app/web-0")).containsExactly("c@12", "a@10");
    assertThat(namesOf("app/web-1")).containsExactly("other@13");
  }

  @Test
  void eventsWithoutInvolvedObjectAreIgnored() {
    byte[] noInvolved =
        "{\"kind\":\"Event\",\"metadata\":{\"namespace\":\"default\",\"name\":\"e\",\"resourceVersion\":\"1\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] noName = event("default", "f", "2", "v1", "Pod", "app", "", at(1));

    assertThat(store.put(cluster, noInvolved)).isEqualTo(EventWriteOutcome.IGNORED);
    assertThat(store.put(cluster, noName)).isEqualTo(EventWriteOutcome.IGNORED);
    assertThat(store.put(cluster, "not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(EventWriteOutcome.IGNORED);
    assertThat(podEvents("", "\uffff")).isEmpty();
  }

  @Test
  void timeFallsBackToEventTimeThenCreationTimestamp() {
    String withEventTime =
        "{\"kind\":\"Event\",\"metadata\":{\"namespace\":\"default\",\"name\":\"e\",\"resourceVersion\":\"1\","
            + "\"creationTimestamp\":\"2020-01-01T00:00:00Z\"},\"involvedObject\":{\"kind\":\"Pod\","
            + "\"namespace\":\"app\",\"name\":\"web-0\"},\"eventTime\":\"2026-11-25T21:00:00.123456Z\"}";
    String withCreation =
        "{\"kind\":\"Event\",\"metadata\":{\"namespace\":\"default\",\"name\":\"f\",\"resourceVersion\":\"2\","
            + "\"creationTimestamp\":\"2020-01-01T00:00:00Z\"},\"involvedObject\":{\"kind\":\"Pod\","
            + "\"namespace\":\"app\",\"name\":\"web-0\"},\"lastTimestamp\":null}";
    store.put(cluster, withEventTime.getBytes(StandardCharsets.UTF_8));
    store.put(cluster, withCreation.getBytes(StandardCharsets.UTF_8));

    assertThat(podEvents("app/web-0", "app/web-0").get("app/web-0"))
        .extracting(StoredEvent::time)
        .containsExactly(Instant.parse("2026-11-25T21:00:00.123Z"), Instant.parse("2020-01-01T00:00:00Z"));
  }

  @Test
  void clustersAreSeparate() {
    String other = uniqueClusterName();
    store.put(other, podEvent("e", "10", "app", "web-0", at(1)));

    assertThat(namesOf("app/web-0")).isEmpty();
    assertThat(store.eventsOf(other, "", "Pod", "app/web-0", "app/web-0")).containsKey("app/web-0");
  }
}
