package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.CONFIGMAPS;
import static io.cloudpedia.e2e.SyncedType.DEPLOYMENTS;
import static io.cloudpedia.e2e.SyncedType.NAMESPACES;
import static io.cloudpedia.e2e.SyncedType.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.StoredObject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwoClustersConvergeTest {
  private static final List<SyncedType> TYPES = List.of(PODS, CONFIGMAPS, NAMESPACES, DEPLOYMENTS);
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @Test
  void objectsCreatedChangedAndDeletedInTwoClustersEndUpInDynamoDbExactly() throws Exception {
    try (Pipeline pipeline = Pipeline.start("two-clusters");
        MockCluster one = new MockCluster();
        MockCluster two = new MockCluster()) {
      KubernetesClient c1 = one.client();
      KubernetesClient c2 = two.client();
      // Objects that exist before the agents start arrive through the initial list.
      seed(c1, "one");
      seed(c2, "two");

      SyncAgent agent1 = pipeline.startAgent("cluster-1", one.server().createClient(), resources());
      SyncAgent agent2 = pipeline.startAgent("cluster-2", two.server().createClient(), resources());
      Pipeline.awaitSyncedAndWatching(agent1, CONVERGE);
      Pipeline.awaitSyncedAndWatching(agent2, CONVERGE);
      Map<String, KubernetesClient> clusters = Map.of("cluster-1", c1, "cluster-2", c2);
      Convergence.awaitExact(pipeline.store, clusters, TYPES, CONVERGE);

      // Changes while the agents watch arrive through the watches.
      Churn.createPod(c1, "web", "web-3", "web");
      Churn.relabelPod(c1, "web", "web-0", "front");
      Churn.deletePod(c1, "web", "web-1");
      Churn.scaleDeployment(c1, "web", "web", 5);
      Churn.deleteConfigMap(c1, "web", "settings-one");
      Churn.createNamespace(c2, "batch");
      Churn.createDeployment(c2, "batch", "worker", 2);
      Churn.deletePod(c2, "web", "web-0");
      Churn.deletePod(c2, "web", "web-2");
      Churn.createPod(c2, "web", "web-0", "web"); // the same name again: a new object
      Churn.deleteDeployment(c2, "web", "web");
      Convergence.awaitExact(pipeline.store, clusters, TYPES, CONVERGE);

      // The stored body is the pruned, annotated object at its newest version.
      StoredObject web0 = pipeline.store.get(new ObjectKey("cluster-1", PODS.gvr(), "web", "web-0")).orElseThrow();
      JsonNode object = Json.mapper().readTree(web0.json());
      assertThat(object.at("/metadata/labels/tier").asText()).isEqualTo("front");
      assertThat(object.at("/metadata/annotations").has("kubectl.kubernetes.io/last-applied-configuration"))
          .isFalse();
      assertThat(object.at("/metadata").has("managedFields")).isFalse();
      assertThat(object.at("/metadata/annotations/shadow.clusterpedia.io~1cluster-name").asText())
          .isEqualTo("cluster-1");
      assertThat(pipeline.metrics.total(IngestMetrics.MALFORMED_MESSAGES)).isZero();
    }
  }

  private static io.cloudpedia.agent.config.SyncResource[] resources() {
    return TYPES.stream().map(SyncedType::syncResource).toArray(io.cloudpedia.agent.config.SyncResource[]::new);
  }

  private static void seed(KubernetesClient client, String suffix) {
    Churn.createNamespace(client, "web");
    for (int i = 0; i < 3; i++) {
      Churn.createPod(client, "web", "web-" + i, "web");
    }
    Churn.createPod(client, "kube-system", "coredns", "dns");
    Churn.createConfigMap(client, "web", "settings-" + suffix, Map.of("mode", "fast"));
    Churn.createDeployment(client, "web", "web", 3);
  }
}
