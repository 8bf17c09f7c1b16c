package io.cloudpedia.api.clusters;

import io.cloudpedia.api.discovery.SyncedType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One member cluster as its agent last described it.
 *
 * @param types the types it syncs, with kind and scope
 * @param notReady why the cluster is not ready, empty when it is: its agent reports it unhealthy, has not reported,
 *     or has not reported for too long
 */
public record ClusterInfo(String name, List<SyncedType> types, Optional<String> notReady) {
  public ClusterInfo {
    Objects.requireNonNull(name, "name");
    types = List.copyOf(types);
    Objects.requireNonNull(notReady, "notReady");
  }
}
