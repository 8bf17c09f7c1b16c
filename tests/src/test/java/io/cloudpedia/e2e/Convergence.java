package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The store holds exactly what the member clusters hold: same keys, same resourceVersions, nothing else. */
final class Convergence {
  private Convergence() {}

  static void awaitExact(
      ResourceStore store, Map<String, KubernetesClient> clusters, List<SyncedType> types, Duration timeout) {
    Eventually.assertThat(timeout, () -> assertExact(store, clusters, types));
  }

  static void assertExact(ResourceStore store, Map<String, KubernetesClient> clusters, List<SyncedType> types) {
    clusters.forEach((cluster, client) -> {
      for (SyncedType type : types) {
        assertThat(Pipeline.stored(store, cluster, type.gvr()))
            .as("%s in the store for %s", type.gvr(), cluster)
            .containsExactlyEntriesOf(type.inCluster(client));
      }
    });
  }
}
