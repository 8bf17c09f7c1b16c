package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.api.Seeder;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads grow with the answer, not the store: over 10,000 pods of which 1% carry {@code app=needle}, kubectl's
 * {@code -l app=needle} reads at most two store items per pod returned (an index entry and the object), and a
 * namespace's list reads only that namespace. Counted at the store ({@link StoreReads}).
 */
class KubectlIndexedReadsTest {
  @TempDir Path home;

  @Test
  void indexedLabelAndNamespaceListsReadOnlyWhatTheyReturn() {
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    Seeder seed = new Seeder(store, syncState);
    for (String cluster : List.of("c1", "c2")) {
      seed.cluster(cluster, true, Instant.now(), Seeder.PODS, "Pod", true);
    }
    for (int i = 0; i < 10_000; i++) {
      seed.putPod(i % 2 == 0 ? "c1" : "c2", "ns-" + (i % 50), "pod-" + i,
          i % 100 == 7 ? Map.of("app", "needle") : Map.of("app", "hay-" + (i % 13)));
    }
    try (ReadApi api = ReadApi.serve(store, syncState)) {
      Kubectl kubectl = Kubectl.against(api.url(), home, List.of("c1", "c2"));
      kubectl.run("api-resources").ok(); // discovery first, so that only the lists below are counted

      StoreReads.Snapshot before = store.reads().snapshot();
      Kubectl.Result needles = kubectl.run("get", "pods", "-A", "-l", "app=needle", "--no-headers").ok();
      StoreReads.Snapshot used = store.reads().snapshot().since(before);
      assertThat(needles.lines()).hasSize(100).allMatch(l -> l.contains("pod-"));
      assertThat(used.items()).isLessThanOrEqualTo(2L * 100);
      System.out.printf("-l app=needle: 100 pods returned, %d store items read in %d requests%n",
          used.items(), used.requests());

      before = store.reads().snapshot();
      Kubectl.Result ns = kubectl.run("get", "pods", "-n", "ns-7", "--no-headers").ok();
      used = store.reads().snapshot().since(before);
      assertThat(ns.lines()).hasSize(200);
      assertThat(used.items()).isLessThanOrEqualTo(200);
      System.out.printf("-n ns-7: 200 pods returned, %d store items read in %d requests%n",
          used.items(), used.requests());
    }
  }
}
