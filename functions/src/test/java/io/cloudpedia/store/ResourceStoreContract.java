package io.cloudpedia.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.testing.Eventually;
import io.cloudpedia.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceStore} does (docs/storage.md). An implementation's test extends this class and says how
 * to build a store; each test writes under its own cluster name, so a store may be shared across tests.
 */
public abstract class ResourceStoreContract {

  protected static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  protected static final GroupVersionResource DEPLOYMENTS = GroupVersionResource.parse("apps/v1/deployments");
  protected static final GroupVersionResource NODES = GroupVersionResource.parse("v1/nodes");
  protected static final Duration TOMBSTONE_TTL = Duration.ofHours(1);

  protected final MutableClock clock = MutableClock.startingNow();
  protected ResourceStore store;
  protected String cluster;

  /** A store with this clock, tombstone TTL and indexed label keys. */
  protected abstract ResourceStore newStore(Clock clock, Duration tombstoneTtl, List<String> indexedLabels);

  /** A cluster name no other test (of any run against the same backend) uses. */
  protected abstract String uniqueClusterName();

  @BeforeEach
  void createStore() {
    store = newStore(clock, TOMBSTONE_TTL, IndexedLabels.DEFAULT.keys());
    cluster = uniqueClusterName();
  }

  // ---- conditional writes ----------------------------------------------------------------------------------------

  @Test
  void upsertOfANewObjectIsAppliedAndReadBack() {
    ObjectKey key = pod("default", "web-0");
    ObjectRecord record = record(key, "5", "first");

    assertThat(store.upsert(record)).isEqualTo(WriteOutcome.APPLIED);

    StoredObject stored = store.get(key).orElseThrow();
    assertThat(stored.key()).isEqualTo(key);
    assertThat(stored.uid()).isEqualTo(record.uid());
    assertThat(stored.resourceVersion()).isEqualTo("5");
    assertThat(stored.truncated()).isEmpty();
    assertThat(json(stored)).isEqualTo(json(record.json()));
  }

  @Test
  void deletedAtNamesTheTombstonesVersionUntilItExpiresOrIsOverwritten() {
    ObjectKey key = pod("default", "web-0");
    assertThat(store.deletedAt(key)).isEmpty();
    store.upsert(record(key, "5", "live"));
    assertThat(store.deletedAt(key)).isEmpty();
    store.delete(key, "7");
    assertThat(store.deletedAt(key)).contains("7");
    store.upsert(record(key, "9", "again"));
    assertThat(store.deletedAt(key)).isEmpty();
    store.delete(key, "11");
    clock.advance(TOMBSTONE_TTL.plusSeconds(1));
    assertThat(store.deletedAt(key)).isEmpty();
  }

  @Test
  void newerUpsertWins() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "5", "old"));

    assertThat(store.upsert(record(key, "6", "new"))).isEqualTo(WriteOutcome.APPLIED);

    assertThat(marker(store.get(key).orElseThrow())).isEqualTo("new");
    assertThat(store.get(key).orElseThrow().resourceVersion()).isEqualTo("6");
  }

  @Test
  void equalOrOlderUpsertIsStaleAndChangesNothing() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "10", "kept"));

    assertThat(store.upsert(record(key, "10", "duplicate"))).isEqualTo(WriteOutcome.STALE);
    assertThat(store.upsert(record(key, "9", "late"))).isEqualTo(WriteOutcome.STALE);

    assertThat(marker(store.get(key).orElseThrow())).isEqualTo("kept");
  }

  @Test
  void resourceVersionsCompareAsNumbersNotAsText() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "9", "nine"));

    assertThat(store.upsert(record(key, "10", "ten"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.upsert(record(key, "0009", "nine again"))).isEqualTo(WriteOutcome.STALE);
    assertThat(marker(store.get(key).orElseThrow())).isEqualTo("ten");
  }

  @Test
  void deleteAtAnEqualResourceVersionWins() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "7", "x"));

    assertThat(store.delete(key, "7")).isEqualTo(WriteOutcome.APPLIED);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void deleteAtANewerResourceVersionWins() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "7", "x"));

    assertThat(store.delete(key, "8")).isEqualTo(WriteOutcome.APPLIED);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void deleteOlderThanTheObjectIsStale() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "7", "x"));

    assertThat(store.delete(key, "6")).isEqualTo(WriteOutcome.STALE);

    assertThat(store.get(key)).isPresent();
  }

  @Test
  void duplicateDeleteIsStale() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "7", "x"));
    store.delete(key, "8");

    assertThat(store.delete(key, "8")).isEqualTo(WriteOutcome.STALE);
    assertThat(store.delete(key, "7")).isEqualTo(WriteOutcome.STALE);
    assertThat(store.delete(key, "9")).isEqualTo(WriteOutcome.APPLIED);
  }

  @Test
  void upsertOlderThanOrEqualToADeleteIsStaleSoTheObjectIsNotResurrected() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "7", "x"));
    store.delete(key, "8");

    assertThat(store.upsert(record(key, "8", "replayed"))).isEqualTo(WriteOutcome.STALE);
    assertThat(store.upsert(record(key, "7", "late"))).isEqualTo(WriteOutcome.STALE);

    assertThat(store.get(key)).isEmpty();
    assertThat(store.list(ListRequest.all(cluster, PODS, 10)).items()).isEmpty();
  }

  @Test
  void deleteOfAnUnknownObjectLeavesATombstoneThatBlocksOlderUpserts() {
    ObjectKey key = pod("default", "never-seen");

    assertThat(store.delete(key, "5")).isEqualTo(WriteOutcome.APPLIED);

    assertThat(store.upsert(record(key, "4", "late"))).isEqualTo(WriteOutcome.STALE);
    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void recreateWithANewerResourceVersionAfterDeleteIsApplied() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(record(key, "1", "first life"));
    store.delete(key, "2");

    assertThat(store.upsert(record(key, "3", "second life"))).isEqualTo(WriteOutcome.APPLIED);

    StoredObject stored = store.get(key).orElseThrow();
    assertThat(stored.resourceVersion()).isEqualTo("3");
    assertThat(marker(stored)).isEqualTo("second life");
    assertThat(keys(store.list(ListRequest.all(cluster, PODS, 10)))).containsExactly("default/web-0");
  }

  @Test
  void tombstoneBlocksOlderUpsertsUntilItsTtlHasPassed() {
    ObjectKey key = pod("default", "web-0");
    store.delete(key, "10");

    clock.advance(TOMBSTONE_TTL.minusMinutes(1));
    assertThat(store.upsert(record(key, "5", "too early"))).isEqualTo(WriteOutcome.STALE);

    clock.advance(Duration.ofMinutes(2));
    assertThat(store.upsert(record(key, "5", "after ttl"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(marker(store.get(key).orElseThrow())).isEqualTo("after ttl");
  }

  @Test
  void nonNumericResourceVersionsWinWhenTheyDifferAndDeletesWinUnlessDuplicated() {
    ObjectKey key = pod("default", "opaque");

    assertThat(store.upsert(record(key, "abc", "a"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.upsert(record(key, "abc", "duplicate"))).isEqualTo(WriteOutcome.STALE);
    assertThat(store.upsert(record(key, "abb", "different, so newer"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(marker(store.get(key).orElseThrow())).isEqualTo("different, so newer");

    assertThat(store.delete(key, "zzz")).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.get(key)).isEmpty();
    assertThat(store.delete(key, "zzz")).isEqualTo(WriteOutcome.STALE);
    assertThat(store.upsert(record(key, "zzz", "same as the tombstone"))).isEqualTo(WriteOutcome.STALE);
    assertThat(store.delete(key, "yyy")).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.upsert(record(key, "xxx", "unordered"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.get(key)).isPresent();
  }

  @Test
  void numericWritesWinOverAStoredNonNumericResourceVersion() {
    ObjectKey upserted = pod("default", "a");
    ObjectKey deleted = pod("default", "b");
    store.upsert(record(upserted, "opaque", "x"));
    store.upsert(record(deleted, "opaque", "x"));

    assertThat(store.upsert(record(upserted, "1", "numeric"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.delete(deleted, "1")).isEqualTo(WriteOutcome.APPLIED);

    assertThat(marker(store.get(upserted).orElseThrow())).isEqualTo("numeric");
    assertThat(store.get(deleted)).isEmpty();
  }

  @Test
  void concurrentUpsertsOfOneKeyConvergeOnTheNewestResourceVersion() throws Exception {
    ObjectKey key = pod("default", "contended");
    List<Integer> versions = new ArrayList<>();
    for (int rv = 1; rv <= 24; rv++) {
      versions.add(rv);
    }
    Collections.shuffle(versions, new Random(7));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<WriteOutcome>> writes = new ArrayList<>();
      for (int rv : versions) {
        writes.add(() -> store.upsert(record(key, Integer.toString(rv), "rv " + rv)));
      }
      List<WriteOutcome> outcomes = new ArrayList<>();
      for (Future<WriteOutcome> outcome : pool.invokeAll(writes)) {
        outcomes.add(outcome.get());
      }
      assertThat(outcomes).contains(WriteOutcome.APPLIED);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    StoredObject stored = store.get(key).orElseThrow();
    assertThat(stored.resourceVersion()).isEqualTo("24");
    assertThat(marker(stored)).isEqualTo("rv 24");
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  @Test
  void getOfAnAbsentObjectIsEmptyAndListOfAnUnknownTypeIsAnEmptyLastPage() {
    assertThat(store.get(pod("default", "absent"))).isEmpty();
    Page<StoredObject> page = store.list(ListRequest.all(cluster, DEPLOYMENTS, 10));
    assertThat(page.items()).isEmpty();
    assertThat(page.next()).isEmpty();
  }

  @Test
  void tombstonesAreInvisibleToGetListAndForEachKey() {
    upsertAll("default/a", "default/b", "default/c");
    store.delete(pod("default", "b"), "2");

    assertThat(store.get(pod("default", "b"))).isEmpty();
    assertThat(keys(store.list(ListRequest.all(cluster, PODS, 10)))).containsExactly("default/a", "default/c");
    assertThat(keys(store.list(namespaced("default", 10, Optional.empty()))))
        .containsExactly("default/a", "default/c");
    assertThat(forEachKey(PODS)).containsExactly("default/a@1", "default/c@1");
  }

  @Test
  void listIsInKeyOrderNamespaceThenName() {
    upsertAll("kube-system/coredns", "default/web-1", "default/web-0", "apps/zeta", "default/alpha", "apps/alpha");

    assertThat(keys(store.list(ListRequest.all(cluster, PODS, 100))))
        .containsExactly(
            "apps/alpha", "apps/zeta", "default/alpha", "default/web-0", "default/web-1", "kube-system/coredns");
  }

  /**
   * Key order is the byte order of {@code namespace/name}, as in etcd and DynamoDB: '-' and '.' sort before '/', so
   * namespace {@code a-b} lists before namespace {@code a}.
   */
  @Test
  void keyOrderIsTheByteOrderOfNamespaceSlashNameAsInEtcd() {
    upsertAll("a/x", "a-b/x", "a.b/x", "ab/x");

    assertThat(keys(store.list(ListRequest.all(cluster, PODS, 100))))
        .containsExactly("a-b/x", "a.b/x", "a/x", "ab/x");
  }

  @Test
  void clusterScopedObjectsAreListedAndReadByName() {
    ObjectKey node = new ObjectKey(cluster, NODES, "", "node-b");
    store.upsert(record(node, "3", "b"));
    store.upsert(record(new ObjectKey(cluster, NODES, "", "node-a"), "4", "a"));

    Page<StoredObject> page = store.list(ListRequest.all(cluster, NODES, 10));
    assertThat(keys(page)).containsExactly("node-a", "node-b");
    assertThat(page.items().get(0).key().namespace()).isEmpty();
    assertThat(marker(store.get(node).orElseThrow())).isEqualTo("b");

    Page<StoredObject> first = store.list(ListRequest.all(cluster, NODES, 1));
    assertThat(first.next()).contains("node-a");
    Page<StoredObject> second =
        store.list(new ListRequest(cluster, NODES, Optional.empty(), 1, first.next()));
    assertThat(keys(second)).containsExactly("node-b");
    assertThat(second.next()).isEmpty();
  }

  @Test
  void namespaceFilterDoesNotMatchANamespaceThatSharesItsPrefix() {
    upsertAll("n/a", "ns/a", "ns/b", "ns2/a", "ns-x/a", "nsa/a");

    assertThat(keys(store.list(namespaced("ns", 100, Optional.empty())))).containsExactly("ns/a", "ns/b");
    assertThat(keys(store.list(namespaced("n", 100, Optional.empty())))).containsExactly("n/a");
    assertThat(keys(store.list(namespaced("absent", 100, Optional.empty())))).isEmpty();
  }

  @Test
  void pagesOfUnevenSizesWithInterleavedTombstonesCoverEveryLiveObjectOnce() {
    List<String> all = new ArrayList<>();
    for (String ns : List.of("a", "b", "c")) {
      for (int i = 0; i < 5; i++) {
        all.add(ns + "/obj-" + i);
      }
    }
    upsertAll(all.toArray(new String[0]));
    List<String> deleted = List.of("a/obj-1", "a/obj-2", "b/obj-0", "b/obj-4", "c/obj-3");
    for (String key : deleted) {
      store.delete(ObjectKey.fromCacheKey(cluster, PODS, key), "2");
    }
    List<String> live = new ArrayList<>(all);
    live.removeAll(deleted);

    List<String> seen = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int[] limits = {3, 1, 4, 1, 10};
    int pages = 0;
    for (int limit : limits) {
      Page<StoredObject> page = store.list(new ListRequest(cluster, PODS, Optional.empty(), limit, after));
      pages++;
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      seen.addAll(keys(page));
      if (page.next().isEmpty()) {
        break;
      }
      assertThat(page.items()).hasSize(limit);
      assertThat(page.next()).contains(page.items().get(page.items().size() - 1).key().cacheKey());
      after = page.next();
    }
    assertThat(seen).containsExactlyElementsOf(live);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void nextIsPresentExactlyWhenMoreLiveObjectsFollow() {
    upsertAll("default/a", "default/b", "default/c", "default/d");
    store.delete(pod("default", "d"), "2");

    Page<StoredObject> whole = store.list(ListRequest.all(cluster, PODS, 3));
    assertThat(keys(whole)).containsExactly("default/a", "default/b", "default/c");
    assertThat(whole.next()).as("only a tombstone follows").isEmpty();

    Page<StoredObject> first = store.list(ListRequest.all(cluster, PODS, 2));
    assertThat(first.next()).contains("default/b");
    Page<StoredObject> last = store.list(new ListRequest(cluster, PODS, Optional.empty(), 2, first.next()));
    assertThat(keys(last)).containsExactly("default/c");
    assertThat(last.next()).isEmpty();
  }

  @Test
  void aCursorWhoseObjectWasDeletedMeanwhileStillResumesAfterIt() {
    upsertAll("default/a", "default/b", "default/c");
    Page<StoredObject> first = store.list(ListRequest.all(cluster, PODS, 2));
    store.delete(pod("default", "b"), "5");

    Page<StoredObject> second = store.list(new ListRequest(cluster, PODS, Optional.empty(), 2, first.next()));

    assertThat(keys(second)).containsExactly("default/c");
  }

  @Test
  void pagesWithinOneNamespaceStayInIt() {
    upsertAll("ns/a", "ns/b", "ns/c", "ns2/a", "nr/z");

    Page<StoredObject> first = store.list(namespaced("ns", 2, Optional.empty()));
    assertThat(keys(first)).containsExactly("ns/a", "ns/b");
    Page<StoredObject> second = store.list(namespaced("ns", 2, first.next()));
    assertThat(keys(second)).containsExactly("ns/c");
    assertThat(second.next()).isEmpty();
  }

  @Test
  void aCursorOutsideTheRequestedNamespaceIsClampedToIt() {
    upsertAll("a/x", "b/x", "b/y", "c/x");

    assertThat(keys(store.list(namespaced("b", 10, Optional.of("a/x"))))).containsExactly("b/x", "b/y");
    assertThat(keys(store.list(namespaced("b", 10, Optional.of("c/x"))))).isEmpty();
  }

  @Test
  void limitIsBetweenOneAndTenThousand() {
    upsertAll("default/a", "default/b");

    assertThatThrownBy(() -> ListRequest.all(cluster, PODS, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.all(cluster, PODS, ListRequest.MAX_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keys(store.list(ListRequest.all(cluster, PODS, 1)))).containsExactly("default/a");
    assertThat(keys(store.list(ListRequest.all(cluster, PODS, ListRequest.MAX_LIMIT))))
        .containsExactly("default/a", "default/b");
  }

  @Test
  void clustersAndTypesAreIsolated() {
    String other = uniqueClusterName();
    ObjectKey podHere = pod("default", "web");
    ObjectKey podThere = new ObjectKey(other, PODS, "default", "web");
    ObjectKey deploymentHere = new ObjectKey(cluster, DEPLOYMENTS, "default", "web");
    store.upsert(record(podHere, "5", "pod here"));
    store.upsert(record(podThere, "3", "pod there"));
    store.upsert(record(deploymentHere, "4", "deployment here"));

    assertThat(store.delete(podThere, "4")).isEqualTo(WriteOutcome.APPLIED);

    assertThat(marker(store.get(podHere).orElseThrow())).isEqualTo("pod here");
    assertThat(marker(store.get(deploymentHere).orElseThrow())).isEqualTo("deployment here");
    assertThat(store.get(podThere)).isEmpty();
    assertThat(store.list(ListRequest.all(cluster, PODS, 10)).items()).extracting(StoredObject::key)
        .containsExactly(podHere);
    assertThat(store.list(ListRequest.all(cluster, DEPLOYMENTS, 10)).items()).extracting(StoredObject::key)
        .containsExactly(deploymentHere);
    assertThat(store.list(ListRequest.all(other, PODS, 10)).items()).isEmpty();
    assertThat(forEachKey(DEPLOYMENTS)).containsExactly("default/web@4");
  }

  @Test
  void forEachKeySeesEveryLiveKeyWithItsResourceVersionInKeyOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String ns = i % 3 == 0 ? "ns-a" : "ns-b";
      ObjectKey key = pod(ns, String.format("obj-%02d", i));
      store.upsert(record(key, Integer.toString(100 + i), "x"));
      if (i % 6 == 5) {
        store.delete(key, Integer.toString(200 + i));
      } else {
        expected.add(key.cacheKey() + "@" + (100 + i));
      }
    }
    expected.sort(StorageKeys.SORT_ORDER);

    assertThat(forEachKey(PODS)).containsExactlyElementsOf(expected);
  }

  // ---- bodies ----------------------------------------------------------------------------------------------------

  @Test
  void bodyRoundTripsThroughCompressionUnchanged() {
    ObjectKey key = pod("default", "big-but-compressible");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      text.append("line ").append(i).append(" – ünïcødé ✓ 𝄞\n");
    }
    ObjectNode object = object(key, "9", "compressible");
    object.withObjectProperty("data").put("text", text.toString());
    ObjectRecord record = record(key, "9", object, Optional.empty());

    assertThat(store.upsert(record)).isEqualTo(WriteOutcome.APPLIED);

    assertThat(store.get(key).orElseThrow().json()).isEqualTo(record.json());
    assertThat(store.list(ListRequest.all(cluster, PODS, 1)).items().get(0).json()).isEqualTo(record.json());
  }

  @Test
  void objectTooLargeForAnItemIsStoredAsMetadataOnly() {
    ObjectKey key = new ObjectKey(cluster, GroupVersionResource.parse("v1/configmaps"), "default", "huge");
    byte[] noise = new byte[450_000];
    new Random(42).nextBytes(noise);
    ObjectNode object = object(key, "77", "huge");
    object.withObjectProperty("metadata").withObjectProperty("labels").put("app", "huge");
    object.withObjectProperty("metadata").withObjectProperty("annotations").put("note", "kept");
    object.withObjectProperty("data").put("blob", Base64.getEncoder().encodeToString(noise));
    ObjectRecord record = record(key, "77", object, Optional.empty());
    assertThat(ObjectBodies.gzip(record.json()).length).isGreaterThan(ObjectBodies.MAX_GZIP_BODY_BYTES);

    assertThat(store.upsert(record)).isEqualTo(WriteOutcome.APPLIED_TRUNCATED);

    StoredObject stored = store.get(key).orElseThrow();
    assertThat(stored.resourceVersion()).isEqualTo("77");
    assertThat(stored.uid()).isEqualTo(record.uid());
    assertThat(stored.truncated()).contains("TooLarge");
    JsonNode body = json(stored);
    assertThat(body.get("apiVersion").asText()).isEqualTo("v1");
    assertThat(body.get("kind").asText()).isEqualTo("Pod");
    assertThat(body.has("data")).isFalse();
    assertThat(body.has("spec")).isFalse();
    assertThat(body.at("/metadata/name").asText()).isEqualTo("huge");
    assertThat(body.at("/metadata/resourceVersion").asText()).isEqualTo("77");
    assertThat(body.at("/metadata/labels/app").asText()).isEqualTo("huge");
    assertThat(body.at("/metadata/annotations/note").asText()).isEqualTo("kept");
    assertThat(body.at("/metadata/annotations").get("cloudpedia.io/truncated").asText()).isEqualTo("TooLarge");

    Page<StoredObject> listed = store.list(ListRequest.all(cluster, key.type(), 10));
    assertThat(listed.items()).extracting(StoredObject::truncated).containsExactly(Optional.of("TooLarge"));
    assertThat(store.upsert(record(key, "77", "same version, small"))).isEqualTo(WriteOutcome.STALE);
    assertThat(store.upsert(record(key, "78", "smaller now"))).isEqualTo(WriteOutcome.APPLIED);
    assertThat(store.get(key).orElseThrow().truncated()).isEmpty();
  }

  @Test
  void objectTheAgentTruncatedIsAppliedAndKeepsItsReason() {
    ObjectKey key = pod("default", "agent-truncated");
    ObjectRecord record = record(key, "3", object(key, "3", "metadata only"), Optional.of("TooLarge"));

    assertThat(store.upsert(record)).isEqualTo(WriteOutcome.APPLIED);

    assertThat(store.get(key).orElseThrow().truncated()).contains("TooLarge");
  }

  // ---- selections: labels ----------------------------------------------------------------------------------------

  @Test
  void defaultIndexedLabelsAreTheCommonWorkloadLabels() {
    assertThat(store.indexedLabels())
        .containsExactly("app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "k8s-app");
  }

  @Test
  void labelSelectionReadsOnlyMatchingItems() {
    List<String> needles = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ObjectKey key = pod("ns-" + (i % 3), String.format("pod-%03d", i));
      boolean needle = i % 100 == 42;
      store.upsert(labelled(key, "1", Map.of("app", needle ? "needle" : "hay-" + (i % 7))));
      if (needle) {
        needles.add(key.cacheKey());
      }
    }
    needles.sort(StorageKeys.SORT_ORDER);
    StoreReads.Snapshot before = store.reads().snapshot();

    Page<StoredObject> page = store.list(selecting(new Selection.LabelIn("app", List.of("needle")), 500));

    StoreReads.Snapshot read = store.reads().snapshot().since(before);
    assertThat(keys(page)).containsExactlyElementsOf(needles);
    assertThat(page.next()).isEmpty();
    assertThat(read.items()).as("items read for 3 matches of 300").isLessThanOrEqualTo(2L * needles.size() + 2);
    assertThat(read.requests()).isBetween(1L, 3L);
  }

  @Test
  void labelSelectionWithSeveralValuesMergesInKeyOrder() {
    String[] apps = {"a", "b", "c"};
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      ObjectKey key = pod(i % 2 == 0 ? "even" : "odd", "p" + (17 - i));
      String app = apps[i % 3];
      store.upsert(labelled(key, "1", Map.of("app", app)));
      if (!app.equals("b")) {
        expected.add(key.cacheKey());
      }
    }
    expected.sort(StorageKeys.SORT_ORDER);

    Page<StoredObject> page =
        store.list(selecting(new Selection.LabelIn("app", List.of("c", "a", "c")), 100));

    assertThat(keys(page)).containsExactlyElementsOf(expected);
    assertThat(page.items()).allSatisfy(o -> assertThat(o.labels().get("app")).isIn("a", "c"));
  }

  @Test
  void labelSelectionPagesWithCursor() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      ObjectKey key = pod("ns-" + (i % 4), String.format("p-%02d", i));
      String app = i % 3 == 0 ? "front" : i % 3 == 1 ? "back" : "other";
      store.upsert(labelled(key, "1", Map.of("app", app)));
      if (!app.equals("other") && i % 5 != 4) {
        expected.add(key.cacheKey());
      }
    }
    for (int i = 4; i < 26; i += 5) {
      store.delete(pod("ns-" + (i % 4), String.format("p-%02d", i)), "2");
    }
    expected.sort(StorageKeys.SORT_ORDER);
    // An even number of matches, the last of them followed by a deleted match: the last page is full, without next.
    assertThat(expected).hasSize(14);

    List<String> seen =
        allPages(selecting(new Selection.LabelIn("app", List.of("front", "back")), 2), 2);

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void labelSelectionWithNamespace() {
    for (String ns : List.of("a", "b", "b-1", "c")) {
      for (String name : List.of("x", "y", "z")) {
        store.upsert(labelled(pod(ns, name), "1", Map.of("app", name.equals("y") ? "other" : "web")));
      }
    }
    Selection web = new Selection.LabelIn("app", List.of("web"));

    assertThat(keys(store.list(namespaced("b", 10, Optional.empty()).withSelection(web))))
        .containsExactly("b/x", "b/z");
    assertThat(keys(store.list(namespaced("b", 10, Optional.of("a/x")).withSelection(web))))
        .as("a cursor before the namespace is clamped to it")
        .containsExactly("b/x", "b/z");
    assertThat(keys(store.list(namespaced("b", 10, Optional.of("c/x")).withSelection(web)))).isEmpty();
    Page<StoredObject> first = store.list(namespaced("b", 1, Optional.empty()).withSelection(web));
    assertThat(keys(first)).containsExactly("b/x");
    assertThat(first.next()).contains("b/x");
    Page<StoredObject> second = store.list(namespaced("b", 1, first.next()).withSelection(web));
    assertThat(keys(second)).containsExactly("b/z");
    assertThat(second.next()).as("what follows is in another namespace").isEmpty();
  }

  @Test
  void deletedObjectLeavesLabelIndex() {
    store.upsert(labelled(pod("default", "a"), "1", Map.of("app", "web")));
    store.upsert(labelled(pod("default", "b"), "1", Map.of("app", "web")));
    store.upsert(labelled(pod("default", "c"), "1", Map.of("app", "web")));
    store.delete(pod("default", "b"), "2");
    store.delete(pod("default", "c"), "2");
    Selection web = new Selection.LabelIn("app", List.of("web"));
    Selection db = new Selection.LabelIn("app", List.of("db"));

    assertThat(keys(store.list(selecting(web, 10)))).containsExactly("default/a");
    Page<StoredObject> one = store.list(selecting(web, 1));
    assertThat(one.next()).as("only deleted objects follow").isEmpty();

    store.upsert(labelled(pod("default", "c"), "3", Map.of("app", "db")));
    assertThat(keys(store.list(selecting(web, 10)))).containsExactly("default/a");
    assertThat(keys(store.list(selecting(db, 10)))).containsExactly("default/c");
  }

  @Test
  void relabeledObjectMovesBetweenIndexValues() {
    ObjectKey key = pod("default", "moving");
    Selection blue = new Selection.LabelIn("app", List.of("blue"));
    Selection green = new Selection.LabelIn("app", List.of("green"));
    store.upsert(labelled(key, "1", Map.of("app", "blue")));

    store.upsert(labelled(key, "2", Map.of("app", "green")));

    assertThat(keys(store.list(selecting(blue, 10)))).isEmpty();
    assertThat(keys(store.list(selecting(green, 10)))).containsExactly("default/moving");

    assertThat(store.upsert(labelled(key, "1", Map.of("app", "blue")))).isEqualTo(WriteOutcome.STALE);
    assertThat(keys(store.list(selecting(blue, 10)))).as("a stale write moves nothing").isEmpty();

    store.upsert(labelled(key, "3", Map.of("tier", "front")));
    assertThat(keys(store.list(selecting(green, 10)))).as("label removed").isEmpty();
    assertThat(store.get(key).orElseThrow().labels()).containsExactly(Map.entry("tier", "front"));
  }

  @Test
  void labelSelectionOnUnindexedKeyIsRejected() {
    store.upsert(labelled(pod("default", "a"), "1", Map.of("tier", "front")));

    assertThatThrownBy(() -> store.list(selecting(new Selection.LabelIn("tier", List.of("front")), 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tier");
    assertThatThrownBy(
            () ->
                store.list(
                    ListRequest.all(uniqueClusterName(), DEPLOYMENTS, 10)
                        .withSelection(new Selection.LabelIn("tier", List.of("front")))))
        .as("even where nothing is stored")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexedLabelKeysAreConfigurable() {
    ResourceStore tiers = newStore(clock, TOMBSTONE_TTL, List.of("tier", "k8s-app"));
    tiers.upsert(labelled(pod("default", "a"), "1", Map.of("tier", "front", "app", "web")));
    tiers.upsert(labelled(pod("default", "b"), "1", Map.of("tier", "back", "k8s-app", "dns")));

    assertThat(tiers.indexedLabels()).containsExactly("tier", "k8s-app");
    assertThat(keys(tiers.list(selecting(new Selection.LabelIn("tier", List.of("front")), 10))))
        .containsExactly("default/a");
    assertThat(keys(tiers.list(selecting(new Selection.LabelIn("k8s-app", List.of("dns")), 10))))
        .containsExactly("default/b");
    assertThatThrownBy(() -> tiers.list(selecting(new Selection.LabelIn("app", List.of("web")), 10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> newStore(clock, TOMBSTONE_TTL, List.of("a", "b", "c", "d", "e", "f")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 5");
  }

  // ---- selections: names -----------------------------------------------------------------------------------------

  @Test
  void nameSelectionAcrossNamespaces() {
    upsertAll("a/web", "b/db", "b/web", "b/web-2", "c/web", "d/web", "webs/other");
    store.delete(pod("d", "web"), "2");
    Selection web = new Selection.NameIn(List.of("web"));

    assertThat(keys(store.list(selecting(web, 10)))).containsExactly("a/web", "b/web", "c/web");
    assertThat(keys(store.list(selecting(new Selection.NameIn(List.of("web", "db", "absent")), 10))))
        .containsExactly("a/web", "b/db", "b/web", "c/web");
    assertThat(allPages(selecting(web, 1), 1)).containsExactly("a/web", "b/web", "c/web");

    StoreReads.Snapshot before = store.reads().snapshot();
    store.list(selecting(new Selection.NameIn(List.of("db")), 10));
    assertThat(store.reads().snapshot().since(before).items())
        .as("one index entry and its item")
        .isLessThanOrEqualTo(2);
  }

  @Test
  void nameSelectionInNamespace() {
    upsertAll("a/web", "b/db", "b/gone", "b/web", "b/wz", "b/zz", "c/web");
    store.delete(pod("b", "gone"), "2");
    store.delete(pod("b", "wz"), "2");
    Selection names = new Selection.NameIn(List.of("web", "gone", "db", "absent", "zz", "wz"));

    assertThat(keys(store.list(namespaced("b", 10, Optional.empty()).withSelection(names))))
        .containsExactly("b/db", "b/web", "b/zz");
    assertThat(keys(store.list(namespaced("b", 10, Optional.of("b/db")).withSelection(names))))
        .containsExactly("b/web", "b/zz");
    Page<StoredObject> two = store.list(namespaced("b", 2, Optional.empty()).withSelection(names));
    assertThat(keys(two)).containsExactly("b/db", "b/web");
    assertThat(two.next()).contains("b/web");
    Page<StoredObject> last = store.list(namespaced("b", 2, two.next()).withSelection(names));
    assertThat(keys(last)).containsExactly("b/zz");
    assertThat(last.next()).isEmpty();
    Page<StoredObject> web =
        store.list(namespaced("b", 1, Optional.of("b/db")).withSelection(new Selection.NameIn(List.of("web", "wz"))));
    assertThat(keys(web)).containsExactly("b/web");
    assertThat(web.next()).as("only a deleted name follows").isEmpty();
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  @Test
  void namespaceListReadsOnlyThatNamespace() {
    for (String ns : List.of("ns-a", "ns-b", "ns-c")) {
      for (int i = 0; i < 40; i++) {
        store.upsert(record(pod(ns, String.format("p-%02d", i)), "1", "x"));
      }
    }
    StoreReads.Snapshot before = store.reads().snapshot();

    Page<StoredObject> page = store.list(namespaced("ns-b", 500, Optional.empty()));

    assertThat(page.items()).hasSize(40);
    StoreReads.Snapshot read = store.reads().snapshot().since(before);
    assertThat(read.items()).isBetween(40L, 41L);
    assertThat(read.requests()).isEqualTo(1);
  }

  @Test
  void readsCountEveryRequestAndEveryItemReadTombstonesIncluded() {
    upsertAll("default/a", "default/b", "default/c", "default/d", "default/e");
    store.delete(pod("default", "b"), "2");
    store.delete(pod("default", "d"), "2");

    StoreReads.Snapshot before = store.reads().snapshot();
    assertThat(store.list(ListRequest.all(cluster, PODS, 10)).items()).hasSize(3);
    assertThat(store.reads().snapshot().since(before)).isEqualTo(new StoreReads.Snapshot(1, 5));

    before = store.reads().snapshot();
    store.get(pod("default", "a"));
    store.get(pod("default", "absent"));
    assertThat(store.reads().snapshot().since(before)).isEqualTo(new StoreReads.Snapshot(2, 1));

    before = store.reads().snapshot();
    assertThat(forEachKey(PODS)).hasSize(3);
    assertThat(store.reads().snapshot().since(before)).isEqualTo(new StoreReads.Snapshot(1, 5));
  }

  // ---- getAll and the indexed fields -----------------------------------------------------------------------------

  @Test
  void getAllKeepsOrderAndSkipsMissingAndDeleted() {
    List<ObjectKey> stored = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      ObjectKey key = pod("ns-" + (i % 2), String.format("p-%03d", i));
      store.upsert(record(key, "1", "p" + i));
      stored.add(key);
    }
    ObjectKey deployment = new ObjectKey(cluster, DEPLOYMENTS, "default", "web");
    store.upsert(record(deployment, "1", "deployment"));
    store.delete(stored.get(5), "2");
    store.delete(stored.get(77), "2");
    List<ObjectKey> asked = new ArrayList<>(stored);
    Collections.shuffle(asked, new Random(11));
    asked.add(60, pod("default", "absent"));
    asked.add(3, deployment);
    asked.add(new ObjectKey(uniqueClusterName(), PODS, "default", "elsewhere"));
    List<ObjectKey> expected = new ArrayList<>(asked);
    expected.removeIf(k -> k.name().equals("absent") || k.name().equals("elsewhere"));
    expected.remove(stored.get(5));
    expected.remove(stored.get(77));

    List<StoredObject> found = store.getAll(asked);

    assertThat(found).extracting(StoredObject::key).containsExactlyElementsOf(expected);
    assertThat(marker(found.get(expected.indexOf(deployment)))).isEqualTo("deployment");
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void storedObjectCarriesLabelsAndCreationTimestamp() {
    ObjectKey key = pod("default", "web-0");
    ObjectRecord plain = record(key, "3", "x");
    // The item's fields, not the body's: the body says 2026-11-25T21:00:00Z and has no labels.
    store.upsert(
        new ObjectRecord(
            key, plain.uid(), "3", "Pod", "2027-01-02T03:04:05Z", Map.of("app", "web", "tier", "front"),
            Optional.empty(), Optional.empty(), plain.json()));
    ObjectKey bare = pod("default", "bare");
    ObjectRecord bareRecord = record(bare, "1", "y");
    store.upsert(
        new ObjectRecord(
            bare, bareRecord.uid(), "1", "Pod", "", Map.of(), Optional.empty(), Optional.empty(), bareRecord.json()));

    List<StoredObject> reads =
        List.of(
            store.get(key).orElseThrow(),
            store.getAll(List.of(key)).get(0),
            store.list(ListRequest.all(cluster, PODS, 10)).items().get(1),
            store.list(selecting(new Selection.LabelIn("app", List.of("web")), 10)).items().get(0),
            store.list(selecting(new Selection.NameIn(List.of("web-0")), 10)).items().get(0));

    assertThat(reads)
        .allSatisfy(
            o -> {
              assertThat(o.key()).isEqualTo(key);
              assertThat(o.labels()).isEqualTo(Map.of("app", "web", "tier", "front"));
              assertThat(o.creationTimestamp()).isEqualTo("2027-01-02T03:04:05Z");
            });
    StoredObject none = store.get(bare).orElseThrow();
    assertThat(none.labels()).isEmpty();
    assertThat(none.creationTimestamp()).isEmpty();
  }

  // ---- owners ----------------------------------------------------------------------------------------------------

  @Test
  void ownedByFindsTheLiveObjectsOfOneClusterWhoseControllerIsThatOwner() {
    GroupVersionResource replicaSets = GroupVersionResource.parse("apps/v1/replicasets");
    String otherCluster = uniqueClusterName();
    store.upsert(owned(pod("default", "web-b"), "1", "rs-uid"));
    store.upsert(owned(pod("default", "web-a"), "1", "rs-uid"));
    store.upsert(owned(pod("default", "web-gone"), "1", "rs-uid"));
    store.upsert(owned(new ObjectKey(cluster, replicaSets, "default", "web-rs"), "1", "rs-uid"));
    store.upsert(owned(pod("default", "other-owner"), "1", "another-uid"));
    store.upsert(owned(new ObjectKey(otherCluster, PODS, "default", "same-uid-elsewhere"), "1", "rs-uid"));
    store.upsert(record(pod("default", "orphan"), "1", "x"));
    store.delete(pod("default", "web-gone"), "2");

    Eventually.assertThat(
        Duration.ofSeconds(10),
        () ->
            assertThat(store.ownedBy(cluster, "rs-uid"))
                .containsExactly(
                    new ObjectKey(cluster, replicaSets, "default", "web-rs"),
                    pod("default", "web-a"),
                    pod("default", "web-b")));
    assertThat(store.ownedBy(cluster, "no-such-uid")).isEmpty();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  protected ObjectKey pod(String namespace, String name) {
    return new ObjectKey(cluster, PODS, namespace, name);
  }

  protected ListRequest namespaced(String namespace, int limit, Optional<String> after) {
    return new ListRequest(cluster, PODS, Optional.of(namespace), limit, after);
  }

  /** Pods of the test's cluster, any namespace, from the start. */
  protected ListRequest selecting(Selection selection, int limit) {
    return ListRequest.all(cluster, PODS, limit).withSelection(selection);
  }

  /**
   * Every page from {@code first} on, following {@code next}; checks that each page but the last is full and ends
   * at its {@code next}.
   */
  protected List<String> allPages(ListRequest first, int limit) {
    List<String> seen = new ArrayList<>();
    ListRequest request = first;
    for (int pages = 0; pages < 1000; pages++) {
      Page<StoredObject> page = store.list(request);
      seen.addAll(keys(page));
      if (page.next().isEmpty()) {
        return seen;
      }
      assertThat(page.items()).hasSize(limit);
      assertThat(page.next()).contains(page.items().get(page.items().size() - 1).key().cacheKey());
      request =
          new ListRequest(request.cluster(), request.type(), request.namespace(), limit, page.next(),
              request.selection());
    }
    throw new AssertionError("more than 1000 pages");
  }

  /** Upserts pods at resourceVersion 1, given as cache keys. */
  protected void upsertAll(String... cacheKeys) {
    for (String cacheKey : cacheKeys) {
      assertThat(store.upsert(record(ObjectKey.fromCacheKey(cluster, PODS, cacheKey), "1", cacheKey)))
          .isEqualTo(WriteOutcome.APPLIED);
    }
  }

  protected List<String> forEachKey(GroupVersionResource type) {
    List<String> seen = new ArrayList<>();
    store.forEachKey(cluster, type, kv -> seen.add(kv.key().cacheKey() + "@" + kv.resourceVersion()));
    return seen;
  }

  protected static List<String> keys(Page<StoredObject> page) {
    return page.items().stream().map(o -> o.key().cacheKey()).collect(Collectors.toList());
  }

  /** A pod-like object whose {@code spec.marker} tells versions of it apart. */
  protected static ObjectRecord record(ObjectKey key, String rv, String marker) {
    return record(key, rv, object(key, rv, marker), Optional.empty());
  }

  protected static ObjectRecord labelled(ObjectKey key, String rv, Map<String, String> labels) {
    ObjectRecord plain = record(key, rv, "labelled");
    return new ObjectRecord(
        key, plain.uid(), rv, plain.kind(), plain.creationTimestamp(), labels, Optional.empty(), Optional.empty(),
        plain.json());
  }

  protected static ObjectRecord owned(ObjectKey key, String rv, String ownerUid) {
    ObjectRecord plain = record(key, rv, "owned");
    return new ObjectRecord(
        key, plain.uid(), rv, plain.kind(), plain.creationTimestamp(), plain.labels(), Optional.of(ownerUid),
        Optional.empty(), plain.json());
  }

  protected static ObjectNode object(ObjectKey key, String rv, String marker) {
    ObjectNode object = Json.mapper().createObjectNode();
    object.put("apiVersion", "v1");
    object.put("kind", "Pod");
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", key.name());
    if (!key.namespace().isEmpty()) {
      metadata.put("namespace", key.namespace());
    }
    metadata.put("uid", uid(key));
    metadata.put("resourceVersion", rv);
    metadata.put("creationTimestamp", "2026-11-25T21:00:00Z");
    object.putObject("spec").put("marker", marker);
    return object;
  }

  protected static ObjectRecord record(ObjectKey key, String rv, ObjectNode object, Optional<String> truncated) {
    try {
      return new ObjectRecord(
          key,
          uid(key),
          rv,
          object.path("kind").asText(),
          "2026-11-25T21:00:00Z",
          Map.of("app", "web"),
          Optional.empty(),
          truncated,
          Json.mapper().writeValueAsBytes(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String uid(ObjectKey key) {
    return java.util.UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  protected static String marker(StoredObject stored) {
    return json(stored).at("/spec/marker").asText();
  }

  protected static JsonNode json(StoredObject stored) {
    return json(stored.json());
  }

  protected static JsonNode json(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
