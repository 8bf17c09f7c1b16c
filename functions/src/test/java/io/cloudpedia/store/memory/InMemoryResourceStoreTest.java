package io.cloudpedia.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceStoreContract;
import io.cloudpedia.store.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  protected ResourceStore newStore(Clock clock, Duration tombstoneTtl) {
    return new InMemoryResourceStore(clock, tombstoneTtl);
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
