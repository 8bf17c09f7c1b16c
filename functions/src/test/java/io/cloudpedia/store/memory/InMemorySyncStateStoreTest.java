package io.cloudpedia.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.RelistPart;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.SyncStateStoreContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemorySyncStateStoreTest extends SyncStateStoreContract {
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  @Override
  protected SyncStateStore newStore(Clock clock) {
    return new InMemorySyncStateStore(clock);
  }

  @Override
  protected String uniqueClusterName() {
    return "cluster-" + CLUSTERS.incrementAndGet();
  }

  @Test
  void whenPartsArriveConcurrentlyAtLeastOneCallerSeesTheCompleteSet() throws Exception {
    int parts = 16;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Optional<List<RelistPart>>>> adds = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        RelistPart part = part("r-concurrent", p, parts, "ns/obj-" + p);
        adds.add(() -> store.addRelistPart(part));
      }
      int completions = 0;
      for (Future<Optional<List<RelistPart>>> result : pool.invokeAll(adds)) {
        if (result.get().isPresent()) {
          completions++;
          assertThat(result.get().get()).hasSize(parts);
        }
      }
      assertThat(completions).isGreaterThanOrEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
