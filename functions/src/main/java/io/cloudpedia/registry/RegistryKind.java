package io.cloudpedia.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The two cluster-scoped kinds of {@code cluster.clusterpedia.io/v1alpha2} that the registry keeps. Only PediaCluster
 * has a status subresource: its {@code status} is written by {@link ClusterRegistry#updateStatus} alone.
 */
public enum RegistryKind {
  PEDIA_CLUSTER("PediaCluster", "pediaclusters", "pediacluster", true),
  CLUSTER_SYNC_RESOURCES("ClusterSyncResources", "clustersyncresources", "clustersyncresources", false);

  public static final String GROUP = "cluster.clusterpedia.io";
  public static final String VERSION = "v1alpha2";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private final String kind;
  private final String resource;
  private final String singular;
  private final boolean hasStatus;

  RegistryKind(String kind, String resource, String singular, boolean hasStatus) {
    this.kind = kind;
    this.resource = resource;
    this.singular = singular;
    this.hasStatus = hasStatus;
  }

  /** {@code cluster.clusterpedia.io/v1alpha2}. */
  public String apiVersion() {
    return API_VERSION;
  }

  /** The {@code kind}, e.g. {@code PediaCluster}. */
  public String kind() {
    return kind;
  }

  /** The plural resource name in URLs, e.g. {@code pediaclusters}. */
  public String resource() {
    return resource;
  }

  public String singular() {
    return singular;
  }

  /** Whether {@code status} is a subresource: kept on create and update, changed only by a status update. */
  public boolean hasStatus() {
    return hasStatus;
  }

  /** {@code pediaclusters.cluster.clusterpedia.io}, as Kubernetes names a resource in its messages. */
  public String qualifiedResource() {
    return resource + "." + GROUP;
  }

  /** The kind served under a plural or singular resource name (case-insensitive), e.g. {@code pediaclusters}. */
  public static Optional<RegistryKind> ofResource(String resource) {
    String lower = resource.toLowerCase(Locale.ROOT);
    for (RegistryKind k : values()) {
      if (k.resource.equals(lower) || k.singular.equals(lower)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The kind whose {@code kind} field is {@code kind} (exact, as Kubernetes matches kinds). */
  public static Optional<RegistryKind> ofKind(String kind) {
    for (RegistryKind k : values()) {
      if (k.kind.equals(kind)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
