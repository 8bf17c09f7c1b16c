package io.cloudpedia.api.access;

import io.cloudpedia.api.list.ListSpec;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.auth.policy.Action;
import io.cloudpedia.auth.policy.ClusterAccess;
import io.cloudpedia.auth.policy.Policy;
import io.cloudpedia.auth.policy.Request;
import io.cloudpedia.auth.policy.Scope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated principal and the policy in force for its request: what it may read, forward and change. A list
 * is filtered to what the principal may see, never refused as a whole; a single object out of scope is 403
 * {@code Forbidden}, worded as Kubernetes' RBAC does.
 */
public final class Caller {
  private final String principal;
  private final Policy policy;

  Caller(String principal, Policy policy) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public String principal() {
    return principal;
  }

  public boolean may(String cluster, String namespace, String group, String resource, Action action) {
    return policy.allows(principal, new Request(cluster, namespace, group, resource, action));
  }

  /**
   * @param verb the Kubernetes verb for the message ({@code get}, {@code list}, {@code create}, ...)
   * @throws ApiException 403 when not allowed
   */
  public void require(String cluster, String namespace, String group, String resource, Action action, String verb) {
    if (!may(cluster, namespace, group, resource, action)) {
      throw forbidden(cluster, namespace, group, resource, verb);
    }
  }

  /** Whether {@code action} on the type is allowed in some namespace of {@code cluster}. */
  public boolean mayAnywhere(String cluster, String group, String resource, Action action) {
    return policy.scope(principal, group, resource, action).access(cluster) != ClusterAccess.NONE;
  }

  /** Whether any object of the type is visible to this principal (discovery shows the type). */
  public boolean seesType(String group, String resource) {
    return policy.anyAllowed(principal, group, resource, Action.READ);
  }

  /** The clusters of {@code clusters} in which some object of the type may be visible. */
  public List<String> clustersSeeing(List<String> clusters, String group, String resource, Action action) {
    Scope scope = policy.scope(principal, group, resource, action);
    return clusters.stream().filter(c -> scope.access(c) != ClusterAccess.NONE).toList();
  }

  /** The list filter for a type: empty when every object of the given clusters is visible. */
  public Optional<ListSpec.Visibility> visibility(List<String> clusters, String group, String resource,
      Action action) {
    Scope scope = policy.scope(principal, group, resource, action);
    if (clusters.stream().allMatch(c -> scope.access(c) == ClusterAccess.ALL)) {
      return Optional.empty();
    }
    return Optional.of(scope::allows);
  }

  private ApiException forbidden(String cluster, String namespace, String group, String resource, String verb) {
    String where = namespace.isEmpty() ? " at the cluster scope" : " in the namespace \"" + namespace + "\"";
    String in = cluster.isEmpty() ? "" : " of cluster \"" + cluster + "\"";
    return new ApiException("Forbidden", 403, "principal \"" + principal + "\" cannot " + verb + " resource \""
        + resource + "\" in API group \"" + group + "\"" + where + in);
  }
}
