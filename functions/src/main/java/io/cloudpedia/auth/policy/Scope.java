package io.cloudpedia.auth.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where one principal may do one action on one resource type: the policy narrowed once per request to the few rules
 * that matter, then asked cheaply for each cluster and namespace. A cross-cluster list uses it to leave out what the
 * principal may not see, never to refuse the whole list:
 *
 * <pre>{@code
 * Scope scope = policy.scope(principal, "apps", "deployments", Action.READ);
 * for (String cluster : clusters) {
 *   switch (scope.access(cluster)) {
 *     case ALL -> list everything in it;
 *     case SOME -> list it, keeping objects where scope.allows(cluster, namespace)
 *                  (or query only scope.literalNamespaces(cluster) when present);
 *     case NONE -> skip it;
 *   }
 * }
 * }</pre>
 */
public final class Scope {
  private final List<Rule> rules;

  Scope(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Nothing anywhere: the type is invisible to this principal (leave it out of discovery). */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether objects in this cluster and namespace ({@code ""} for cluster-scoped objects) are in scope. */
  public boolean allows(String cluster, String namespace) {
    for (Rule rule : rules) {
      if (rule.coversCluster(cluster) && rule.coversNamespace(namespace)) {
        return true;
      }
    }
    return false;
  }

  /** How much of this cluster is in scope. */
  public ClusterAccess access(String cluster) {
    ClusterAccess access = ClusterAccess.NONE;
    for (Rule rule : rules) {
      if (rule.coversCluster(cluster)) {
        if (rule.coversEveryNamespace()) {
          return ClusterAccess.ALL;
        }
        access = ClusterAccess.SOME;
      }
    }
    return access;
  }

  /**
   * The clusters in scope, when every rule names them literally (no {@code *}); empty when some pattern could match
   * any name, and then {@link #access(String)} must be asked for each known cluster.
   */
  public Optional<Set<String>> literalClusters() {
    Set<String> names = new LinkedHashSet<>();
    for (Rule rule : rules) {
      for (Glob glob : rule.clusters()) {
        if (!glob.isLiteral()) {
          return Optional.empty();
        }
        names.add(glob.text());
      }
    }
    return Optional.of(Set.copyOf(names));
  }

  /**
   * The namespaces in scope in this cluster ({@code ""} standing for cluster-scoped objects), when every rule covering
   * the cluster names them literally: a list can then query just those. Empty when a pattern is involved, or when
   * the cluster is not in scope at all ({@link #access(String)} tells which).
   */
  public Optional<Set<String>> literalNamespaces(String cluster) {
    Set<String> names = new LinkedHashSet<>();
    boolean any = false;
    for (Rule rule : rules) {
      if (!rule.coversCluster(cluster)) {
        continue;
      }
      any = true;
      for (Glob glob : rule.namespaces()) {
        if (!glob.isLiteral()) {
          return Optional.empty();
        }
        names.add(glob.text());
      }
    }
    return any ? Optional.of(Set.copyOf(names)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "Scope[rules " + rules.stream().map(r -> Integer.toString(r.index())).toList() + "]";
  }
}
