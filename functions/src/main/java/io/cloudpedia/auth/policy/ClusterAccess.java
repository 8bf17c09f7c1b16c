package io.cloudpedia.auth.policy;

/** How much of one cluster a {@link Scope} allows. */
public enum ClusterAccess {
  /** Nothing: skip the cluster. */
  NONE,
  /** Some namespaces (or only cluster-scoped objects): filter with {@link Scope#allows(String, String)}. */
  SOME,
  /** Every namespace and every cluster-scoped object: no filter needed. */
  ALL
}
