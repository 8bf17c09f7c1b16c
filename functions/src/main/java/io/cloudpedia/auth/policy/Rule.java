package io.cloudpedia.auth.policy;

import java.util.List;

/** One rule of a policy, compiled: it allows its principals every combination of its other lists. */
final class Rule {
  private final int index;
  private final List<PrincipalPattern> principals;
  private final List<Glob> clusters;
  private final List<Glob> namespaces;
  private final List<ResourcePattern> resources;
  private final List<ActionPattern> actions;

  Rule(int index, List<PrincipalPattern> principals, List<Glob> clusters, List<Glob> namespaces,
      List<ResourcePattern> resources, List<ActionPattern> actions) {
    this.index = index;
    this.principals = List.copyOf(principals);
    this.clusters = List.copyOf(clusters);
    this.namespaces = List.copyOf(namespaces);
    this.resources = List.copyOf(resources);
    this.actions = List.copyOf(actions);
  }

  int index() {
    return index;
  }

  List<Glob> clusters() {
    return clusters;
  }

  List<Glob> namespaces() {
    return namespaces;
  }

  boolean appliesTo(String principal) {
    return principals.stream().anyMatch(p -> p.matches(principal));
  }

  boolean covers(String group, String resource, Action action) {
    return resources.stream().anyMatch(r -> r.matches(group, resource))
        && actions.stream().anyMatch(a -> a.matches(action));
  }

  boolean coversCluster(String cluster) {
    return clusters.stream().anyMatch(g -> g.matches(cluster));
  }

  boolean coversNamespace(String namespace) {
    return namespaces.stream().anyMatch(g -> g.matches(namespace));
  }

  boolean coversEveryNamespace() {
    return namespaces.stream().anyMatch(Glob::matchesEverything);
  }

  /**
   * A principal pattern: an IAM ARN pattern (starts with {@code arn:}, matches only ARNs) or a static token principal
   * pattern (matches only names that are not ARNs).
   */
  record PrincipalPattern(Glob glob, boolean arn) {
    boolean matches(String principal) {
      return arn == principal.startsWith("arn:") && glob.matches(principal);
    }
  }

  /** {@code group/resource}; the core group is the empty group. */
  record ResourcePattern(Glob group, Glob resource) {
    boolean matches(String g, String r) {
      return group.matches(g) && resource.matches(r);
    }
  }

  /** An action, {@code proxy:<glob>}, or {@code *} (every action). */
  record ActionPattern(Action.Verb verb, Glob subresource, boolean any) {
    boolean matches(Action action) {
      if (any) {
        return true;
      }
      return action.verb() == verb && (verb != Action.Verb.PROXY || subresource.matches(action.subresource()));
    }
  }
}
