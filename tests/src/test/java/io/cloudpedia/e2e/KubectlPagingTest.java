package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl's chunked lists (limit + continue) return every object exactly once: 1,000 pods over three clusters in
 * chunks of 7, then 1,200 in kubectl's default chunks of 500. Clusterpedia stops at the first chunk unless asked.
 */
class KubectlPagingTest {
  static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  static final Duration SYNC = Duration.ofSeconds(180);

  @TempDir Path home;

  @Test
  void chunkedListsReturnEveryPodExactlyOnce() throws Exception {
    List<MockCluster> members = new ArrayList<>();
    try (Pipeline pipeline = Pipeline.start("kubectl-paging")) {
      List<String> clusters = List.of("p1", "p2", "p3");
      List<SyncAgent> agents = new ArrayList<>();
      for (String name : clusters) {
        MockCluster member = new MockCluster();
        members.add(member);
        agents.add(pipeline.startAgent(name, member.server().createClient(), SyncResource.of("", "pods")));
      }
      for (SyncAgent agent : agents) {
        Pipeline.awaitSyncedAndWatching(agent, SYNC);
      }
      createPods(members, clusters, 0, 1000);
      awaitStored(pipeline, clusters, 1000);

      try (ReadApi api = ReadApi.serve(pipeline.store, pipeline.syncState)) {
        Kubectl kubectl = Kubectl.against(api.url(), home, clusters);
        assertEveryPodOnce(kubectl.run("--chunk-size=7", "get", "pods", "-A", "--no-headers").ok(), 1000);

        createPods(members, clusters, 1000, 1200);
        awaitStored(pipeline, clusters, 1200);
        assertEveryPodOnce(kubectl.run("get", "pods", "-A", "--no-headers").ok(), 1200);
      }
    } finally {
      members.forEach(MockCluster::close);
    }
  }

  private static void createPods(List<MockCluster> members, List<String> clusters, int from, int to) {
    for (int i = from; i < to; i++) {
      Churn.createPod(members.get(i % 3).client(), "ns-" + (i % 7), "pod-" + i, "bulk");
    }
  }

  private static void awaitStored(Pipeline pipeline, List<String> clusters, int total) throws InterruptedException {
    Eventually.until(SYNC, total + " pods stored",
        () -> clusters.stream().mapToInt(c -> pipeline.stored(c, PODS).size()).sum() == total);
  }

  private static void assertEveryPodOnce(Kubectl.Result result, int total) {
    List<String> rows = result.lines();
    Set<String> unique = new HashSet<>();
    for (String row : rows) {
      String[] cells = row.trim().split("\\s+");
      // NAMESPACE CLUSTER NAME ...
      unique.add(cells[1] + "/" + cells[0] + "/" + cells[2]);
    }
    assertThat(rows).hasSize(total);
    assertThat(unique).hasSize(total);
  }
}
