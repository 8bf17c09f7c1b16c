package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.CONFIGMAPS;
import static io.cloudpedia.e2e.SyncedType.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRestartConvergesTest {
  private static final List<SyncedType> TYPES = List.of(PODS, CONFIGMAPS);
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @Test
  void changesMadeWhileTheAgentIsDownConvergeExactlyAfterItRestarts() throws Exception {
    try (Pipeline pipeline = Pipeline.start("agent-restart");
        MockCluster cluster = new MockCluster()) {
      KubernetesClient c = cluster.client();
      for (int i = 0; i < 6; i++) {
        Churn.createPod(c, "shop", "cart-" + i, "cart");
        Churn.createConfigMap(c, "shop", "cfg-" + i, Map.of("i", Integer.toString(i)));
      }
      Map<String, KubernetesClient> clusters = Map.of("cluster-1", c);

      SyncAgent first = pipeline.startAgent("cluster-1", cluster.server().createClient(), resources());
      Pipeline.awaitSyncedAndWatching(first, CONVERGE);
      Convergence.awaitExact(pipeline.store, clusters, TYPES, CONVERGE);
      first.close();

      // While nobody watches: deletions (which only a relist can discover), updates and creations.
      Churn.deletePod(c, "shop", "cart-0");
      Churn.deletePod(c, "shop", "cart-1");
      Churn.deleteConfigMap(c, "shop", "cfg-5");
      Churn.relabelPod(c, "shop", "cart-2", "gold");
      Churn.createPod(c, "shop", "cart-9", "cart");
      Churn.createConfigMap(c, "billing", "cfg-new", Map.of("x", "y"));
      Churn.createPod(c, "shop", "short-lived", "cart");
      Churn.deletePod(c, "shop", "short-lived");

      SyncAgent second = pipeline.startAgent("cluster-1", cluster.server().createClient(), resources());
      Pipeline.awaitSyncedAndWatching(second, CONVERGE);
      Convergence.awaitExact(pipeline.store, clusters, TYPES, CONVERGE);
      assertThat(Pipeline.stored(pipeline.store, "cluster-1", PODS.gvr()))
          .doesNotContainKeys("shop/cart-0", "shop/cart-1", "shop/short-lived")
          .containsKeys("shop/cart-9");
      // The three deletions nobody watched were found by the second agent's relist and swept by ingest. A message's
      // counts are recorded once all of it is applied, a moment after its sweep made the store converge.
      Eventually.assertThat(
          CONVERGE, () -> assertThat(pipeline.metrics.total(IngestMetrics.OBJECTS_SWEPT)).isEqualTo(3));

      // And it keeps following the cluster after the restart.
      Churn.deletePod(c, "shop", "cart-3");
      Churn.createPod(c, "shop", "cart-10", "cart");
      Convergence.awaitExact(pipeline.store, clusters, TYPES, CONVERGE);
    }
  }

  private static io.cloudpedia.agent.config.SyncResource[] resources() {
    return TYPES.stream().map(SyncedType::syncResource).toArray(io.cloudpedia.agent.config.SyncResource[]::new);
  }
}
