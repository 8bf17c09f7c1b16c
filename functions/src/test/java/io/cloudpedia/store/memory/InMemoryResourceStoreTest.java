package io.cloudpedia.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceStoreContract;
import io.cloudpedia.store.Selection;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryResourceStoreTest extends ResourceStoreContract {
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  @Override
  protected ResourceStore newStore(Clock clock, Duration tombstoneTtl, List<String> indexedLabels) {
    return new InMemoryResourceStore(clock, tombstoneTtl, indexedLabels);
  }

  @Override
  protected String uniqueClusterName() {
    return "cluster-" + CLUSTERS.incrementAndGet();
  }

  @Test
  void noArgumentStoreUsesTheSystemClockAndADayOfTombstones() {
    ResourceStore plain = new InMemoryResourceStore();
    ObjectKey key = new ObjectKey("c", PODS, "default", "a");

    assertThat(plain.delete(key, "5")).isEqualTo(WriteOutcome.APPLIED);
    assertThat(plain.upsert(record(key, "4", "late"))).isEqualTo(WriteOutcome.STALE);
    assertThat(ResourceStore.DEFAULT_TOMBSTONE_TTL).isEqualTo(Duration.ofHours(24));
  }

  /** Writes of one key race; whichever resourceVersion wins, the label index ends up holding exactly the winner. */
  @Test
  void concurrentRelabelsLeaveTheIndexAsTheItemsAre() throws Exception {
    int threads = 8;
    int writes = 300;
    List<String> colours = List.of("red", "green", "blue");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < writes; i++) {
                    int rv = i * threads + thread + 1;
                    ObjectKey key = pod("default", "k" + (i % 5));
                    if (rv % 11 == 0) {
                      store.delete(key, Integer.toString(rv));
                    } else {
                      store.upsert(labelled(key, Integer.toString(rv), Map.of("app", colours.get(rv % 3))));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String colour : colours) {
      List<String> expected = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        store.get(pod("default", "k" + k))
            .filter(o -> o.labels().get("app").equals(colour))
            .ifPresent(o -> expected.add(o.key().cacheKey()));
      }
      StoreReads.Snapshot before = store.reads().snapshot();
      assertThat(keys(store.list(selecting(new Selection.LabelIn("app", List.of(colour)), 10))))
          .containsExactlyElementsOf(expected);
      assertThat(store.reads().snapshot().since(before).items())
          .as("no stale index entries left for " + colour)
          .isEqualTo(2L * expected.size());
    }
  }

  @Test
  void manyThreadsWritingManyKeysLoseNothing() throws Exception {
    int threads = 8;
    int keysPerThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < keysPerThread; i++) {
                    ObjectKey key = pod("ns-" + (i % 7), "t" + thread + "-" + i);
                    store.upsert(record(key, "1", "x"));
                    // Every thread also fights over one shared key; the highest resourceVersion must win.
                    store.upsert(record(pod("shared", "key"), Integer.toString(thread * 1000 + i), "x"));
                    if (i % 10 == 0) {
                      store.delete(key, "2");
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int live = threads * (keysPerThread - keysPerThread / 10) + 1;
    List<String> keys = forEachKey(PODS);
    assertThat(keys).hasSize(live).doesNotHaveDuplicates();
    assertThat(store.get(pod("shared", "key")).orElseThrow().resourceVersion())
        .isEqualTo(Integer.toString((threads - 1) * 1000 + keysPerThread - 1));
    assertThat(store.list(ListRequest.all(cluster, PODS, ListRequest.MAX_LIMIT)).items()).hasSize(live);
  }
}
