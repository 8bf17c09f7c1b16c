package io.cloudpedia.ingest;

import static io.cloudpedia.ingest.Deltas.CLUSTER;
import static io.cloudpedia.ingest.Deltas.PODS;
import static io.cloudpedia.ingest.Deltas.deletePod;
import static io.cloudpedia.ingest.Deltas.envelope;
import static io.cloudpedia.ingest.Deltas.pod;
import static io.cloudpedia.ingest.Deltas.relistBegin;
import static io.cloudpedia.ingest.Deltas.relistEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.KeyVersion;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.wire.AgentStatus;
import io.cloudpedia.wire.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  InMemoryResourceStore resources;
  InMemorySyncStateStore syncState;
  RecordingIngestMetrics metrics;
  IngestService ingest;

  @BeforeEach
  void setUp() {
    resources = new InMemoryResourceStore();
    syncState = new InMemorySyncStateStore();
    metrics = new RecordingIngestMetrics();
    ingest = new IngestService(resources, syncState, metrics);
  }

  static ObjectKey podKey(String namespace, String name) {
    return new ObjectKey(CLUSTER, PODS, namespace, name);
  }

  Optional<String> rvOf(String namespace, String name) {
    return resources.get(podKey(namespace, name)).map(StoredObject::resourceVersion);
  }

  List<String> liveKeys() {
    List<String> keys = new ArrayList<>();
    resources.forEachKey(CLUSTER, PODS, (KeyVersion kv) -> keys.add(kv.key().cacheKey() + "@" + kv.resourceVersion()));
    return keys;
  }

  @Test
  void upsertIsStoredWithItsIndexedFields() {
    IngestReport report = ingest.apply(envelope(pod("default", "a", "10")));

    assertThat(report.upsertsApplied()).isEqualTo(1);
    StoredObject stored = resources.get(podKey("default", "a")).orElseThrow();
    assertThat(stored.uid()).isEqualTo("uid-a");
    assertThat(stored.resourceVersion()).isEqualTo("10");
    assertThat(new String(stored.json(), StandardCharsets.UTF_8)).contains("\"kind\":\"Pod\"");
    assertThat(resources.ownedBy(CLUSTER, "owner-uid")).containsExactly(podKey("default", "a"));
  }

  @Test
  void olderOrDuplicateUpsertIsACountedNoOp() {
    ingest.apply(envelope(pod("default", "a", "10")));

    IngestReport report = ingest.apply(envelope(pod("default", "a", "10"), pod("default", "a", "9")));

    assertThat(report.upsertsApplied()).isZero();
    assertThat(report.upsertsStale()).isEqualTo(2);
    assertThat(rvOf("default", "a")).contains("10");
    assertThat(metrics.total(IngestMetrics.UPSERTS_STALE)).isEqualTo(2);
    assertThat(metrics.total(IngestMetrics.UPSERTS_APPLIED)).isEqualTo(1);
  }

  @Test
  void deltasOfOneMessageApplyInOrder() {
    IngestReport report =
        ingest.apply(envelope(pod("default", "a", "10"), pod("default", "a", "11"), deletePod("default", "a", "12")));

    assertThat(report.upsertsApplied()).isEqualTo(2);
    assertThat(report.deletesApplied()).isEqualTo(1);
    assertThat(resources.get(podKey("default", "a"))).isEmpty();
  }

  @Test
  void deleteLeavesATombstoneThatBlocksALateOlderUpsert() {
    ingest.apply(envelope(pod("default", "a", "10")));
    assertThat(ingest.apply(envelope(deletePod("default", "a", "12"))).deletesApplied()).isEqualTo(1);

    IngestReport late = ingest.apply(envelope(pod("default", "a", "11")));

    assertThat(late.upsertsStale()).isEqualTo(1);
    assertThat(resources.get(podKey("default", "a"))).isEmpty();
    assertThat(ingest.apply(envelope(pod("default", "a", "13"))).upsertsApplied()).as("a newer one").isEqualTo(1);
  }

  @Test
  void deleteAtTheSameResourceVersionWinsAndOlderDeleteIsStale() {
    ingest.apply(envelope(pod("default", "a", "10"), pod("default", "b", "20")));

    IngestReport report = ingest.apply(envelope(deletePod("default", "a", "10"), deletePod("default", "b", "19")));

    assertThat(report.deletesApplied()).isEqualTo(1);
    assertThat(report.deletesStale()).isEqualTo(1);
    assertThat(rvOf("default", "a")).isEmpty();
    assertThat(rvOf("default", "b")).contains("20");
  }

  @Test
  void relistSweepDeletesOnlyKeysMissingFromTheListAndNotNewerThanIt() {
    ingest.apply(
        envelope(
            pod("default", "kept", "100"),
            pod("default", "gone", "200"),
            pod("default", "gone-at-list-rv", "1300"),
            pod("default", "written-after-list", "1400"),
            pod("", "cluster-scoped-gone", "5")));

    IngestReport report =
        ingest.apply(envelope(relistBegin("r1"), relistEnd("r1", "1300", 1, "default/kept")));

    assertThat(report.relistsCompleted()).isEqualTo(1);
    assertThat(report.swept()).isEqualTo(3);
    assertThat(report.sweepKeptNewer()).isEqualTo(1);
    assertThat(liveKeys()).containsExactly("default/kept@100", "default/written-after-list@1400");
    assertThat(metrics.total(IngestMetrics.OBJECTS_SWEPT)).isEqualTo(3);
  }

  @Test
  void sweptObjectsLeaveTombstonesAtTheListVersionThatBlockLateOlderUpserts() {
    ingest.apply(envelope(pod("default", "gone", "200")));
    ingest.apply(envelope(relistEnd("r1", "1300", 0)));

    // A late delivery of an upsert older than the list: without the tombstone it would resurrect the object.
    assertThat(ingest.apply(envelope(pod("default", "gone", "250"))).upsertsStale()).isEqualTo(1);
    assertThat(rvOf("default", "gone")).isEmpty();
    // Created again after the list: newer, so it wins.
    assertThat(ingest.apply(envelope(pod("default", "gone", "1301"))).upsertsApplied()).isEqualTo(1);
  }

  @Test
  void upsertOfAListedKeyArrivingAfterTheEndIsApplied() {
    IngestReport end = ingest.apply(envelope(relistEnd("r1", "1300", 1, "default/late")));
    assertThat(end.swept()).isZero();

    assertThat(ingest.apply(envelope(pod("default", "late", "1250"))).upsertsApplied()).isEqualTo(1);
  }

  @Test
  void sweepTouchesOnlyItsOwnClusterAndType() {
    GroupVersionResource services = GroupVersionResource.parse("v1/services");
    ingest.apply(envelope(pod("default", "a", "10")));
    ingest.apply(envelope("cluster-2", pod("default", "b", "10")));
    ingest.apply(envelope(Deltas.upsert(services, "default", "svc", "10", "{\"kind\":\"Service\"}")));

    IngestReport report = ingest.apply(envelope(relistEnd("r1", "1300", 0)));

    assertThat(report.swept()).isEqualTo(1);
    assertThat(resources.get(new ObjectKey("cluster-2", PODS, "default", "b"))).isPresent();
    assertThat(resources.get(new ObjectKey(CLUSTER, services, "default", "svc"))).isPresent();
  }

  @Test
  void multiPartRelistCompletesOnlyWhenEveryPartArrivedInAnyOrderWithDuplicates() {
    ingest.apply(envelope(pod("default", "a", "10"), pod("default", "b", "10"), pod("default", "c", "10"),
        pod("default", "gone", "10")));

    IngestReport p2 = ingest.apply(envelope(relistEnd("r1", "100", 3, 2, 3, "default/c")));
    IngestReport p0 = ingest.apply(envelope(relistEnd("r1", "100", 3, 0, 3, "default/a")));
    IngestReport p2again = ingest.apply(envelope(relistEnd("r1", "100", 3, 2, 3, "default/c")));
    assertThat(p2.relistsCompleted() + p0.relistsCompleted() + p2again.relistsCompleted()).isZero();
    assertThat(rvOf("default", "gone")).as("not swept before the last part").contains("10");

    IngestReport p1 = ingest.apply(envelope(relistEnd("r1", "100", 3, 1, 3, "default/b")));

    assertThat(p1.relistsCompleted()).isEqualTo(1);
    assertThat(p1.swept()).isEqualTo(1);
    assertThat(liveKeys()).containsExactly("default/a@10", "default/b@10", "default/c@10");
    SyncStateStore.TypeSyncState state = syncState.types(CLUSTER).get(0);
    assertThat(state.lastCount()).isEqualTo(3);
    assertThat(state.listing()).isFalse();
  }

  @Test
  void keysRepeatedAcrossPartsCountOnce() {
    IngestReport report =
        ingest.apply(
            envelope(
                relistEnd("r1", "100", 2, 0, 2, "default/a", "default/b"),
                relistEnd("r1", "100", 2, 1, 2, "default/b")));

    assertThat(report.relistsCompleted()).isEqualTo(1);
  }

  @Test
  void keySetWhoseSizeDiffersFromCountIsMalformedAndSweepsNothing() {
    ingest.apply(envelope(pod("default", "a", "10"), pod("default", "gone", "10")));
    ingest.apply(envelope(relistEnd("r1", "100", 3, 0, 2, "default/a")));

    assertThatThrownBy(() -> ingest.apply(envelope(relistEnd("r1", "100", 3, 1, 2, "default/b"))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("2 distinct keys, count says 3");
    assertThat(rvOf("default", "gone")).contains("10");
    assertThat(syncState.types(CLUSTER)).noneMatch(s -> s.lastCount() >= 0);
  }

  @Test
  void partsThatDisagreeOnTheListVersionAreMalformed() {
    ingest.apply(envelope(relistEnd("r1", "100", 2, 0, 2, "default/a")));

    assertThatThrownBy(() -> ingest.apply(envelope(relistEnd("r1", "101", 2, 1, 2, "default/b"))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("disagree");
  }

  // ---- a completed relist is a watermark: late upserts of objects it no longer lists -------------------------------

  /** Relist r2 listed at rv 22 without app/pod-3: pod-3 was deleted before, while nobody watched. */
  void relistR2CompletesWithoutPod3() {
    ingest.apply(envelope(relistBegin("r2"), relistEnd("r2", "22", 2, "app/pod-0", "app/pod-1")));
  }

  @Test
  void aLateUpsertOfAnObjectTheNewestRelistDoesNotListIsDeletedAgain() {
    relistR2CompletesWithoutPod3();

    IngestReport late = ingest.apply(envelope(pod("app", "pod-3", "7")));

    assertThat(late.upsertsApplied()).isEqualTo(1);
    assertThat(late.upsertsSupersededByRelist()).isEqualTo(1);
    assertThat(rvOf("app", "pod-3")).isEmpty();
    assertThat(metrics.total(IngestMetrics.UPSERTS_SUPERSEDED_BY_RELIST)).isEqualTo(1);
    IngestReport again = ingest.apply(envelope(pod("app", "pod-3", "7")));
    assertThat(again.upsertsStale()).as("blocked by the tombstone at the list's rv").isEqualTo(1);
    assertThat(again.upsertsSupersededByRelist()).isZero();
    assertThat(rvOf("app", "pod-3")).isEmpty();
  }

  @Test
  void aLateUpsertOfAKeyTheNewestRelistListsStays() {
    relistR2CompletesWithoutPod3();

    IngestReport late = ingest.apply(envelope(pod("app", "pod-0", "7")));

    assertThat(late.upsertsSupersededByRelist()).isZero();
    assertThat(rvOf("app", "pod-0")).contains("7");
  }

  @Test
  void anUnlistedUpsertNewerThanTheNewestRelistStays() {
    relistR2CompletesWithoutPod3();

    IngestReport created = ingest.apply(envelope(pod("app", "pod-3", "23")));

    assertThat(created.upsertsSupersededByRelist()).as("created after the list's snapshot").isZero();
    assertThat(rvOf("app", "pod-3")).contains("23");
  }

  @Test
  void anUnlistedUpsertAtTheListsResourceVersionIsDeletedAgain() {
    relistR2CompletesWithoutPod3();

    ingest.apply(envelope(pod("app", "pod-3", "22")));

    assertThat(rvOf("app", "pod-3")).isEmpty();
  }

  @Test
  void anOlderRelistCompletingLateDoesNotLowerTheWatermark() {
    relistR2CompletesWithoutPod3();
    ingest.apply(envelope(relistBegin("r1"), relistEnd("r1", "10", 3, "app/pod-0", "app/pod-1", "app/pod-3")));

    IngestReport late = ingest.apply(envelope(pod("app", "pod-3", "7"), pod("app", "pod-5", "15")));

    assertThat(late.upsertsSupersededByRelist()).isEqualTo(2);
    assertThat(rvOf("app", "pod-3")).isEmpty();
    assertThat(rvOf("app", "pod-5")).as("newer than r1's list, not than r2's").isEmpty();
    assertThat(syncState.completedRelist(CLUSTER, PODS))
        .contains(new SyncStateStore.CompletedRelist("r2", "22"));
  }

  @Test
  void upsertsInTheSameMessageAsTheRelistEndAreCheckedAgainstIt() {
    IngestReport report =
        ingest.apply(envelope(pod("app", "pod-3", "7"), relistEnd("r2", "22", 1, "app/pod-0"), pod("app", "pod-4", "8")));

    assertThat(report.swept()).isEqualTo(1);
    assertThat(report.upsertsSupersededByRelist()).isEqualTo(1);
    assertThat(liveKeys()).isEmpty();
  }

  @Test
  void upsertsOfOtherTypesAndClustersAreNotCheckedAgainstTheRelist() {
    GroupVersionResource services = GroupVersionResource.parse("v1/services");
    relistR2CompletesWithoutPod3();

    ingest.apply(envelope(Deltas.upsert(services, "app", "pod-3", "7", "{\"kind\":\"Service\"}")));
    ingest.apply(envelope("cluster-2", pod("app", "pod-3", "7")));

    assertThat(resources.get(new ObjectKey(CLUSTER, services, "app", "pod-3"))).isPresent();
    assertThat(resources.get(new ObjectKey("cluster-2", PODS, "app", "pod-3"))).isPresent();
  }

  @Test
  void theNewestRelistsKeySetIsReadOnceThenCached() {
    ObservedSyncStateStore observed = new ObservedSyncStateStore(syncState);
    relistR2CompletesWithoutPod3();
    IngestService fresh = new IngestService(resources, observed, metrics);

    fresh.apply(envelope(pod("app", "pod-3", "7")));
    fresh.apply(envelope(pod("app", "pod-0", "8"), pod("app", "pod-4", "9")));
    fresh.apply(envelope(pod("app", "pod-9", "30")));

    assertThat(observed.relistKeyReads()).isEqualTo(1);
    assertThat(liveKeys()).containsExactly("app/pod-0@8", "app/pod-9@30");
  }

  @Test
  void anUpsertStoredBeforeTheCheckFailedIsCheckedWhenTheMessageComesAgain() {
    ObservedSyncStateStore observed = new ObservedSyncStateStore(syncState);
    IngestService flaky = new IngestService(resources, observed, metrics);
    relistR2CompletesWithoutPod3();
    observed.afterNextCompletedRelistRead(() -> {
      throw new StoreUnavailableException("throttled (test)", null);
    });

    assertThatThrownBy(() -> flaky.apply(envelope(pod("app", "pod-3", "7"))))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(rvOf("app", "pod-3")).as("stored, not yet checked").contains("7");

    IngestReport redelivered = flaky.apply(envelope(pod("app", "pod-3", "7")));

    assertThat(redelivered.upsertsStale()).isEqualTo(1);
    assertThat(redelivered.upsertsSupersededByRelist()).isEqualTo(1);
    assertThat(rvOf("app", "pod-3")).isEmpty();
  }

  @Test
  void upsertsBeforeAMalformedDeltaAreCheckedAllTheSame() {
    relistR2CompletesWithoutPod3();
    ingest.apply(envelope(relistEnd("r3", "30", 2, 0, 2, "app/pod-0")));

    assertThatThrownBy(
            () -> ingest.apply(envelope(pod("app", "pod-3", "7"), relistEnd("r3", "30", 2, 1, 2, "app/pod-0"))))
        .isInstanceOf(MalformedMessageException.class);

    assertThat(rvOf("app", "pod-3")).isEmpty();
    assertThat(metrics.total(IngestMetrics.UPSERTS_SUPERSEDED_BY_RELIST)).isEqualTo(1);
  }

  @Test
  void whenANewerRelistCompletesDuringTheCheckTheNewestIsReadAgain() {
    ingest.apply(envelope(relistEnd("r1", "10", 1, "app/pod-0")));
    ObservedSyncStateStore observed = new ObservedSyncStateStore(syncState);
    IngestService checking = new IngestService(resources, observed, metrics);
    // Another invocation completes r2 between this check's read of the newest relist (r1) and of r1's key set, and
    // forgets r1's parts; its sweep has not run yet.
    observed.afterNextCompletedRelistRead(() -> {
      syncState.addRelistPart(
          new io.cloudpedia.store.RelistPart(CLUSTER, PODS, "r2", "22", 1, 0, 1, List.of("app/pod-0")));
      syncState.relistCompleted(CLUSTER, PODS, "r2", "22", 1, Deltas.SENT_AT);
    });

    IngestReport late = checking.apply(envelope(pod("app", "pod-3", "7")));

    assertThat(late.upsertsSupersededByRelist()).isEqualTo(1);
    assertThat(rvOf("app", "pod-3")).isEmpty();
  }

  @Test
  void upsertsWithNonNumericResourceVersionsAreNotChecked() {
    relistR2CompletesWithoutPod3();

    ingest.apply(envelope(pod("app", "pod-3", "abc")));

    assertThat(rvOf("app", "pod-3")).contains("abc");
  }

  @Test
  void nonNumericResourceVersionsAreNeverSweptButCounted() {
    ingest.apply(envelope(pod("default", "opaque", "abc"), pod("default", "numeric", "10")));

    IngestReport numericList = ingest.apply(envelope(relistEnd("r1", "100", 0)));
    assertThat(numericList.swept()).isEqualTo(1);
    assertThat(numericList.sweepSkippedNonNumeric()).isEqualTo(1);
    assertThat(rvOf("default", "opaque")).contains("abc");

    ingest.apply(envelope(pod("default", "numeric2", "150"))); // after r1's list, so r1 does not supersede it
    IngestReport opaqueList = ingest.apply(envelope(relistEnd("r2", "xyz", 0)));
    assertThat(opaqueList.swept()).isZero();
    assertThat(opaqueList.sweepSkippedNonNumeric()).isEqualTo(2);
    assertThat(metrics.total(IngestMetrics.SWEEP_SKIPPED_NON_NUMERIC)).isEqualTo(3);
  }

  @Test
  void relistBeginMarksTheTypeListingAtTheMessagesTime() {
    ingest.apply(envelope(relistBegin("r1")));

    SyncStateStore.TypeSyncState state = syncState.types(CLUSTER).get(0);
    assertThat(state.type()).isEqualTo(PODS);
    assertThat(state.relistId()).isEqualTo("r1");
    assertThat(state.listing()).isTrue();
    assertThat(syncState.clustersSyncing(PODS)).containsExactly(CLUSTER);
  }

  @Test
  void truncatedByTheAgentIsCountedAndStoredAsTruncated() {
    IngestReport report = ingest.apply(envelope(Deltas.truncatedPod("default", "big", "10")));

    assertThat(report.truncatedByAgent()).isEqualTo(1);
    assertThat(report.truncatedByStore()).isZero();
    assertThat(resources.get(podKey("default", "big")).orElseThrow().truncated()).contains("TooLarge");
    assertThat(metrics.total(IngestMetrics.OBJECTS_TRUNCATED_BY_AGENT)).isEqualTo(1);
  }

  @Test
  void objectTooLargeForTheStoreIsCountedAsTruncatedByTheStore() {
    byte[] noise = new byte[ObjectBodies.MAX_GZIP_BODY_BYTES];
    new Random(1).nextBytes(noise);
    String incompressible = java.util.Base64.getEncoder().encodeToString(noise);
    String json = "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"huge\"},\"data\":{\"x\":\"" + incompressible + "\"}}";

    IngestReport report = ingest.apply(envelope(Deltas.upsert(PODS, "default", "huge", "10", json)));

    assertThat(report.upsertsApplied()).isEqualTo(1);
    assertThat(report.truncatedByStore()).isEqualTo(1);
    assertThat(metrics.total(IngestMetrics.OBJECTS_TRUNCATED)).isEqualTo(1);
    assertThat(resources.get(podKey("default", "huge")).orElseThrow().truncated()).isPresent();
  }

  @Test
  void newerStatusIsKeptAndAnnouncesItsTypesOlderIsNot() {
    GroupVersionResource deployments = GroupVersionResource.parse("apps/v1/deployments");
    AgentStatus newer = status("2026-11-25T21:01:00Z", deployments);
    AgentStatus older = status("2026-11-25T21:00:00Z", PODS);

    assertThat(ingest.apply(envelope(newer)).statusesKept()).isEqualTo(1);
    IngestReport report = ingest.apply(envelope(older));

    assertThat(report.statusesStale()).isEqualTo(1);
    assertThat(syncState.agentStatus(CLUSTER).orElseThrow().observedAt())
        .isEqualTo(Instant.parse("2026-11-25T21:01:00Z"));
    assertThat(syncState.clustersSyncing(deployments)).containsExactly(CLUSTER);
    assertThat(syncState.clustersSyncing(PODS)).isEmpty();
  }

  @Test
  void countsOfDeltasAppliedBeforeAFailureAreStillReported() {
    ingest.apply(envelope(relistEnd("r1", "100", 2, 0, 2, "default/a")));

    assertThatThrownBy(
            () -> ingest.apply(envelope(pod("default", "x", "1"), relistEnd("r1", "100", 2, 1, 2, "default/a"))))
        .isInstanceOf(MalformedMessageException.class);
    assertThat(metrics.total(IngestMetrics.UPSERTS_APPLIED)).isEqualTo(1);
  }

  private static AgentStatus status(String observedAt, GroupVersionResource type) {
    return new AgentStatus(
        Instant.parse(observedAt),
        "v1.32.1",
        true,
        "",
        List.of(new AgentStatus.ResourceStatus(type, "Kind", true, "Syncing", "", "", false, 1, 0)),
        ("{\"op\":\"status\",\"observedAt\":\"" + observedAt + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRelistsDurationIsFromItsBeginToItsCompletionOnTheAgentsClock() {
    java.time.Instant began = java.time.Instant.parse("2026-11-25T12:00:00Z");
    ingest.apply(new io.cloudpedia.wire.Envelope(io.cloudpedia.wire.WireDecoder.FORMAT, CLUSTER, "a", began,
        List.of(relistBegin("r9"))));
    ingest.apply(new io.cloudpedia.wire.Envelope(io.cloudpedia.wire.WireDecoder.FORMAT, CLUSTER, "a", began.plusMillis(3_500),
        List.of(relistEnd("r9", "10", 2, 0, 2, "app/pod-0"))));
    assertThat(metrics.relistDurations(CLUSTER)).as("not complete yet").isEmpty();
    ingest.apply(new io.cloudpedia.wire.Envelope(io.cloudpedia.wire.WireDecoder.FORMAT, CLUSTER, "a", began.plusMillis(4_250),
        List.of(relistEnd("r9", "10", 2, 1, 2, "app/pod-1"))));
    assertThat(metrics.relistDurations(CLUSTER)).containsExactly(4.25);
  }
}
