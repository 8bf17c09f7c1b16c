package io.cloudpedia.store;

import java.util.List;
import java.util.Objects;

/** One part of a relist's key set, as {@code relistEnd} carries it. */
public record RelistPart(
    String cluster,
    GroupVersionResource type,
    String relistId,
    String resourceVersion,
    long count,
    int part,
    int parts,
    List<String> keys) {

  public RelistPart {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    keys = List.copyOf(keys);
    if (parts < 1 || part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts + " is out of range");
    }
  }
}
