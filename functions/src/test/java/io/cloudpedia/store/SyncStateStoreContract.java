package io.cloudpedia.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.SyncStateStore.AgentStatusRecord;
import io.cloudpedia.store.SyncStateStore.CompletedRelist;
import io.cloudpedia.store.SyncStateStore.TypeSyncState;
import io.cloudpedia.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SyncStateStore} does (docs/storage.md, table {@code SyncState}). Each test uses its own cluster
 * names, so a store may be shared across tests.
 */
public abstract class SyncStateStoreContract {

  protected static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  protected static final GroupVersionResource DEPLOYMENTS = GroupVersionResource.parse("apps/v1/deployments");
  protected static final Instant T0 = Instant.parse("2026-11-25T21:00:00.123Z");

  protected final MutableClock clock = MutableClock.startingNow();
  protected SyncStateStore store;
  protected String cluster;

  protected abstract SyncStateStore newStore(Clock clock);

  /** A cluster name no other test (of any run against the same backend) uses. */
  protected abstract String uniqueClusterName();

  @BeforeEach
  void createStore() {
    store = newStore(clock);
    cluster = uniqueClusterName();
  }

  // ---- relist parts ----------------------------------------------------------------------------------------------

  @Test
  void aSinglePartRelistIsCompleteAtOnce() {
    RelistPart only = part("r1", 0, 1, "default/a", "default/b");

    Optional<List<RelistPart>> complete = store.addRelistPart(only);

    assertThat(complete).hasValueSatisfying(parts -> assertThat(parts).containsExactly(only));
  }

  @Test
  void relistIsCompleteOnlyWhenAllPartsArePresentInAnyOrder() {
    RelistPart p0 = part("r1", 0, 3, "a/1", "a/2");
    RelistPart p1 = part("r1", 1, 3, "b/1");
    RelistPart p2 = part("r1", 2, 3, "c/1", "c/2", "c/3");

    assertThat(store.addRelistPart(p2)).isEmpty();
    assertThat(store.addRelistPart(p0)).isEmpty();
    Optional<List<RelistPart>> complete = store.addRelistPart(p1);

    assertThat(complete).hasValueSatisfying(parts -> assertThat(parts).containsExactly(p0, p1, p2));
  }

  @Test
  void duplicatePartsAreHarmlessAndLaterCallersSeeTheCompleteSetToo() {
    RelistPart p0 = part("r1", 0, 2, "a/1");
    RelistPart p1 = part("r1", 1, 2, "b/1");

    assertThat(store.addRelistPart(p0)).isEmpty();
    assertThat(store.addRelistPart(p0)).isEmpty();
    assertThat(store.addRelistPart(p1)).hasValueSatisfying(parts -> assertThat(parts).containsExactly(p0, p1));
    assertThat(store.addRelistPart(p1)).hasValueSatisfying(parts -> assertThat(parts).containsExactly(p0, p1));
  }

  // ---- completed relists: the type's watermark and its key set ----------------------------------------------------

  @Test
  void aCompletedRelistIsTheWatermarkAndItsKeysStayReadable() {
    store.addRelistPart(part("r1", 0, 2, "a/1"));
    store.addRelistPart(part("r1", 1, 2, "b/1"));

    store.relistCompleted(cluster, PODS, "r1", "100", 2, T0);

    assertThat(store.completedRelist(cluster, PODS)).contains(new CompletedRelist("r1", "100"));
    assertThat(store.relistKeys(cluster, PODS, "r1")).contains(Set.of("a/1", "b/1"));
    assertThat(store.addRelistPart(part("r1", 0, 2, "a/1"))).as("a redelivered part").isPresent();
  }

  @Test
  void noRelistCompletedMeansNoWatermarkAndNoKeys() {
    store.addRelistPart(part("r1", 0, 2, "a/1"));

    assertThat(store.completedRelist(cluster, PODS)).isEmpty();
    assertThat(store.relistKeys(cluster, PODS, "r1")).as("incomplete").isEmpty();
    assertThat(store.relistKeys(cluster, PODS, "never-seen")).isEmpty();
  }

  @Test
  void theWatermarksPartsDoNotExpireEvenWhenDeliveredAgain() {
    store.addRelistPart(listed("r1", "100", "a/1"));
    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0);
    store.addRelistPart(listed("r1", "100", "a/1"));

    clock.advance(Duration.ofDays(3));

    assertThat(store.relistKeys(cluster, PODS, "r1")).contains(Set.of("a/1"));
    assertThat(store.completedRelist(cluster, PODS)).contains(new CompletedRelist("r1", "100"));
  }

  @Test
  void aNewerRelistReplacesTheWatermarkAndThePreviousKeysAreForgotten() {
    store.addRelistPart(listed("r1", "100", "a/1"));
    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0);
    store.addRelistPart(listed("r2", "200", "a/1", "b/1"));

    store.relistCompleted(cluster, PODS, "r2", "200", 2, T0.plusSeconds(60));

    assertThat(store.completedRelist(cluster, PODS)).contains(new CompletedRelist("r2", "200"));
    assertThat(store.relistKeys(cluster, PODS, "r2")).contains(Set.of("a/1", "b/1"));
    assertThat(store.relistKeys(cluster, PODS, "r1")).isEmpty();
    assertThat(store.addRelistPart(part("r1", 0, 2, "a/1"))).as("r1's parts are gone").isEmpty();
  }

  @Test
  void aLateCompletionOfAnOlderRelistDoesNotLowerTheWatermarkAndForgetsItsOwnKeys() {
    store.addRelistPart(listed("r2", "200", "a/1"));
    store.relistCompleted(cluster, PODS, "r2", "200", 1, T0.plusSeconds(60));
    store.addRelistPart(listed("r1", "100", "a/1", "b/1"));

    store.relistCompleted(cluster, PODS, "r1", "100", 2, T0.plusSeconds(120));

    assertThat(store.completedRelist(cluster, PODS)).contains(new CompletedRelist("r2", "200"));
    assertThat(store.relistKeys(cluster, PODS, "r2")).contains(Set.of("a/1"));
    assertThat(store.relistKeys(cluster, PODS, "r1")).isEmpty();
    assertThat(store.types(cluster)).extracting(TypeSyncState::lastCount).containsExactly(1L);
  }

  @Test
  void listResourceVersionsAreComparedAsNumbers() {
    store.addRelistPart(listed("r-100", "100", "a/1"));
    store.relistCompleted(cluster, PODS, "r-100", "100", 1, T0);

    store.relistCompleted(cluster, PODS, "r-99", "99", 1, T0.plusSeconds(1));

    assertThat(store.completedRelist(cluster, PODS)).contains(new CompletedRelist("r-100", "100"));
  }

  @Test
  void completingTheSameRelistAgainChangesNothing() {
    store.addRelistPart(listed("r1", "100", "a/1"));
    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0);

    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0.plusSeconds(30));

    assertThat(store.completedRelist(cluster, PODS)).contains(new CompletedRelist("r1", "100"));
    assertThat(store.relistKeys(cluster, PODS, "r1")).contains(Set.of("a/1"));
    assertThat(store.types(cluster).get(0).lastCompleted()).contains(T0);
  }

  @Test
  void partsOfARelistInProgressSurviveAnotherRelistsCompletion() {
    store.addRelistPart(listed("r1", "100", "a/1"));
    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0);
    store.addRelistPart(part("r3", 0, 2, "a/1"));
    store.addRelistPart(listed("r2", "200", "a/1"));

    store.relistCompleted(cluster, PODS, "r2", "200", 1, T0.plusSeconds(60));

    assertThat(store.addRelistPart(part("r3", 1, 2, "b/1"))).isPresent();
  }

  @Test
  void watermarksOfTypesAndClustersAreSeparate() {
    String other = uniqueClusterName();
    store.addRelistPart(listed("r1", "100", "a/1"));
    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0);

    assertThat(store.completedRelist(cluster, DEPLOYMENTS)).isEmpty();
    assertThat(store.completedRelist(other, PODS)).isEmpty();
    assertThat(store.relistKeys(other, PODS, "r1")).isEmpty();
  }

  @Test
  void partsOfDifferentRelistsTypesAndClustersDoNotMix() {
    String other = uniqueClusterName();
    store.addRelistPart(part("r1", 0, 2, "a/1"));

    assertThat(store.addRelistPart(part("r2", 1, 2, "b/1"))).isEmpty();
    assertThat(store.addRelistPart(new RelistPart(cluster, DEPLOYMENTS, "r1", "100", 2, 1, 2, List.of("b/1"))))
        .isEmpty();
    assertThat(store.addRelistPart(new RelistPart(other, PODS, "r1", "100", 2, 1, 2, List.of("b/1")))).isEmpty();
    assertThat(store.addRelistPart(part("r1", 1, 2, "b/1"))).isPresent();
  }

  @Test
  void aPartWithEmptyKeysAndClusterScopedKeysRoundTrips() {
    RelistPart empty = new RelistPart(cluster, PODS, "r-empty", "9", 0, 0, 1, List.of());
    RelistPart nodes = new RelistPart(cluster, PODS, "r-nodes", "9", 2, 0, 1, List.of("node-a", "node-b"));

    assertThat(store.addRelistPart(empty)).hasValueSatisfying(parts -> assertThat(parts).containsExactly(empty));
    assertThat(store.addRelistPart(nodes)).hasValueSatisfying(parts -> assertThat(parts).containsExactly(nodes));
  }

  @Test
  void aPartWhoseKeySetIsLargerThanAnItemIsKeptWhole() {
    Random random = new Random(3);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      StringBuilder name = new StringBuilder("ns-").append(i % 50).append('/');
      for (int c = 0; c < 24; c++) {
        name.append((char) ('a' + random.nextInt(26)));
      }
      keys.add(name.toString());
    }
    RelistPart big = new RelistPart(cluster, PODS, "r-big", "5000", keys.size(), 0, 1, keys);
    assertThat(ObjectBodies.gzip(String.join("\n", keys).getBytes(StandardCharsets.UTF_8)).length)
        .isGreaterThan(400_000);

    Optional<List<RelistPart>> complete = store.addRelistPart(big);

    assertThat(complete).hasValueSatisfying(parts -> assertThat(parts).containsExactly(big));
  }

  @Test
  void partsOfARelistThatNeverCompletesExpireAfterADay() {
    store.addRelistPart(part("r1", 0, 2, "a/1"));

    clock.advance(Duration.ofDays(1).plusSeconds(1));

    assertThat(store.addRelistPart(part("r1", 1, 2, "b/1"))).isEmpty();
    assertThat(store.addRelistPart(part("r1", 0, 2, "a/1"))).isPresent();
  }

  // ---- types -----------------------------------------------------------------------------------------------------

  @Test
  void typesOfAClusterAreSortedAndTellWhatTheyKnow() {
    store.relistBegan(cluster, PODS, "r1", T0);
    store.typesAnnounced(cluster, Set.of(DEPLOYMENTS, PODS));

    assertThat(store.types(cluster))
        .containsExactly(
            new TypeSyncState(cluster, DEPLOYMENTS, "", false, -1, Optional.empty()),
            new TypeSyncState(cluster, PODS, "r1", true, -1, Optional.empty()));
    assertThat(store.types(uniqueClusterName())).isEmpty();
  }

  @Test
  void theCompletionThatRecordsARelistSaysHowLongItTook() {
    store.relistBegan(cluster, PODS, "r1", T0);
    assertThat(store.relistCompleted(cluster, PODS, "r1", "100", 3, T0.plusMillis(4_250)))
        .contains(java.time.Duration.ofMillis(4_250));
    assertThat(store.relistCompleted(cluster, PODS, "r1", "100", 3, T0.plusMillis(4_250))).as("a redelivery")
        .isEmpty();
    assertThat(store.relistCompleted(cluster, PODS, "r2", "200", 3, T0.plusSeconds(10))).as("no begin seen")
        .isEmpty();
  }

  @Test
  void relistCompletedRecordsTheCountAndStopsListing() {
    store.relistBegan(cluster, PODS, "r1", T0);

    store.relistCompleted(cluster, PODS, "r1", "100", 3, T0.plusSeconds(5));

    assertThat(store.types(cluster))
        .containsExactly(new TypeSyncState(cluster, PODS, "r1", false, 3, Optional.of(T0.plusSeconds(5))));
  }

  @Test
  void aLateBeginOfACompletedRelistChangesNothing() {
    store.relistCompleted(cluster, PODS, "r1", "100", 3, T0.plusSeconds(5));

    store.relistBegan(cluster, PODS, "r1", T0);

    assertThat(store.types(cluster))
        .containsExactly(new TypeSyncState(cluster, PODS, "r1", false, 3, Optional.of(T0.plusSeconds(5))));
    assertThat(store.clustersSyncing(PODS)).contains(cluster);
  }

  @Test
  void aNewerRelistKeepsListingWhenAnOlderOneCompletesLate() {
    store.relistBegan(cluster, PODS, "r1", T0);
    store.relistBegan(cluster, PODS, "r2", T0.plusSeconds(60));

    store.relistCompleted(cluster, PODS, "r1", "100", 7, T0.plusSeconds(30));

    assertThat(store.types(cluster))
        .containsExactly(new TypeSyncState(cluster, PODS, "r2", true, 7, Optional.of(T0.plusSeconds(30))));
  }

  @Test
  void anOlderRelistBeginningLateDoesNotReplaceANewerOne() {
    store.relistBegan(cluster, PODS, "r2", T0.plusSeconds(60));

    store.relistBegan(cluster, PODS, "r1", T0);

    assertThat(store.types(cluster)).extracting(TypeSyncState::relistId).containsExactly("r2");
  }

  @Test
  void announcingATypeAgainKeepsItsProgress() {
    store.relistBegan(cluster, PODS, "r1", T0);
    store.relistCompleted(cluster, PODS, "r1", "100", 4, T0.plusSeconds(1));

    store.typesAnnounced(cluster, Set.of(PODS));

    assertThat(store.types(cluster))
        .containsExactly(new TypeSyncState(cluster, PODS, "r1", false, 4, Optional.of(T0.plusSeconds(1))));
  }

  @Test
  void timesAreKeptToTheMillisecond() {
    store.relistCompleted(cluster, PODS, "r1", "100", 1, T0.plusNanos(456_789));

    assertThat(store.types(cluster).get(0).lastCompleted()).contains(T0);
  }

  @Test
  void clustersSyncingATypeAreSortedByNameAndPerType() {
    String base = uniqueClusterName();
    store.relistBegan(base + "-b", PODS, "r1", T0);
    store.relistBegan(base + "-a", PODS, "r1", T0);
    store.relistCompleted(base + "-c", DEPLOYMENTS, "r1", "100", 0, T0);
    store.typesAnnounced(base + "-d", Set.of(PODS, DEPLOYMENTS));

    assertThat(List.copyOf(store.clustersSyncing(PODS)))
        .filteredOn(c -> c.startsWith(base))
        .containsExactly(base + "-a", base + "-b", base + "-d");
    assertThat(List.copyOf(store.clustersSyncing(DEPLOYMENTS)))
        .filteredOn(c -> c.startsWith(base))
        .containsExactly(base + "-c", base + "-d");
    assertThat(store.clustersSyncing(GroupVersionResource.parse("example.com/v1/" + base + "s"))).isEmpty();
  }

  // ---- clusters --------------------------------------------------------------------------------------------------

  @Test
  void clustersListsEveryReportingCluster() {
    String base = uniqueClusterName();
    store.putAgentStatus(base + "-c", T0, status("up"));
    store.relistBegan(base + "-a", PODS, "r1", T0);
    store.typesAnnounced(base + "-b", Set.of(DEPLOYMENTS));
    store.relistCompleted(base + "-d", PODS, "r1", "100", 0, T0);
    store.putAgentStatus(base + "-a", T0, status("up"));
    store.typesAnnounced(base + "-e", Set.of());
    store.agentStatus(base + "-f");
    store.types(base + "-g");

    assertThat(List.copyOf(store.clusters()))
        .filteredOn(c -> c.startsWith(base))
        .as("reported about, once each, sorted; reads and empty announcements report nothing")
        .containsExactly(base + "-a", base + "-b", base + "-c", base + "-d");
    assertThat(List.copyOf(store.clusters())).isSortedAccordingTo(StorageKeys.SORT_ORDER);
  }

  @Test
  void aForgottenClusterLeavesNothingBehindAndCanReportAgain() {
    String other = uniqueClusterName();
    for (String c : List.of(cluster, other)) {
      store.putAgentStatus(c, T0, status("up"));
      store.relistBegan(c, PODS, "r1", T0);
      store.relistCompleted(c, PODS, "r1", "100", 0, T0);
      store.typesAnnounced(c, Set.of(DEPLOYMENTS));
    }
    store.forget(cluster);
    store.forget(cluster); // idempotent

    assertThat(store.clusters()).doesNotContain(cluster).contains(other);
    assertThat(store.agentStatus(cluster)).isEmpty();
    assertThat(store.types(cluster)).isEmpty();
    assertThat(store.completedRelist(cluster, PODS)).isEmpty();
    assertThat(store.clustersSyncing(PODS)).doesNotContain(cluster).contains(other);
    assertThat(store.types(other)).hasSize(2);

    store.relistBegan(cluster, PODS, "r2", T0);
    assertThat(store.clusters()).contains(cluster);
  }

  // ---- agent status ----------------------------------------------------------------------------------------------

  @Test
  void newerAgentStatusWinsAndOlderOrEqualIsIgnored() {
    assertThat(store.agentStatus(cluster)).isEmpty();

    assertThat(store.putAgentStatus(cluster, T0, status("first"))).isTrue();
    assertThat(store.putAgentStatus(cluster, T0.minusSeconds(1), status("older"))).isFalse();
    assertThat(store.putAgentStatus(cluster, T0, status("same time"))).isFalse();
    assertThat(store.putAgentStatus(cluster, T0.plusMillis(1), status("newer"))).isTrue();

    AgentStatusRecord kept = store.agentStatus(cluster).orElseThrow();
    assertThat(kept.cluster()).isEqualTo(cluster);
    assertThat(kept.observedAt()).isEqualTo(T0.plusMillis(1));
    assertThat(new String(kept.statusJson(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"newer\"}");
  }

  @Test
  void agentStatusesOfClustersAreSeparate() {
    String other = uniqueClusterName();
    store.putAgentStatus(cluster, T0, status("mine"));
    store.putAgentStatus(other, T0.minusSeconds(60), status("theirs"));

    assertThat(new String(store.agentStatus(other).orElseThrow().statusJson(), StandardCharsets.UTF_8))
        .contains("theirs");
    assertThat(new String(store.agentStatus(cluster).orElseThrow().statusJson(), StandardCharsets.UTF_8))
        .contains("mine");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  protected RelistPart part(String relistId, int part, int parts, String... keys) {
    return new RelistPart(cluster, PODS, relistId, "100", 5, part, parts, List.of(keys));
  }

  /** The only part of a relist whose list ended at {@code resourceVersion}. */
  protected RelistPart listed(String relistId, String resourceVersion, String... keys) {
    return new RelistPart(cluster, PODS, relistId, resourceVersion, keys.length, 0, 1, List.of(keys));
  }

  protected static byte[] status(String message) {
    return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
