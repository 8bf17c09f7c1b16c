package io.cloudpedia.store;

import java.util.Objects;

/** Where one object lives: cluster, type, namespace ({@code ""} when cluster-scoped) and name. */
public record ObjectKey(String cluster, GroupVersionResource type, String namespace, String name) {

  public ObjectKey {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (cluster.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("cluster and name must not be empty");
    }
  }

  /** Kubernetes' cache key: {@code namespace/name}, or {@code name} when cluster-scoped. */
  public String cacheKey() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** The inverse of {@link #cacheKey()}. */
  public static ObjectKey fromCacheKey(String cluster, GroupVersionResource type, String cacheKey) {
    int slash = cacheKey.indexOf('/');
    return slash < 0
        ? new ObjectKey(cluster, type, "", cacheKey)
        : new ObjectKey(cluster, type, cacheKey.substring(0, slash), cacheKey.substring(slash + 1));
  }

  @Override
  public String toString() {
    return cluster + "/" + type + "/" + cacheKey();
  }
}
