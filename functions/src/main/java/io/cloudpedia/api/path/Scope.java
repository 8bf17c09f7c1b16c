package io.cloudpedia.api.path;

import java.util.Objects;
import java.util.Optional;

/** Which part of the URL space a request addresses. */
public sealed interface Scope permits Scope.Root, Scope.AllClusters, Scope.OneCluster {

  /** The server's own API: {@code /version}, {@code /api}, {@code /apis} and Cloudpedia's groups. */
  enum Root implements Scope {
    INSTANCE
  }

  /** {@code /apis/clusterpedia.io/v1beta1/resources/...}: every cluster. */
  enum AllClusters implements Scope {
    INSTANCE
  }

  /** {@code /apis/clusterpedia.io/v1beta1/resources/clusters/{cluster}/...}: one cluster. */
  record OneCluster(String cluster) implements Scope {
    public OneCluster {
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  default Optional<String> clusterName() {
    return this instanceof OneCluster one ? Optional.of(one.cluster()) : Optional.empty();
  }
}
