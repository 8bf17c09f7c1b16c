package io.cloudpedia.auth.policy;

import java.util.Objects;

/**
 * One thing a principal asks to do to one object or one place.
 *
 * @param cluster the member cluster's name
 * @param namespace the object's namespace; empty for a cluster-scoped object (a node, a namespace)
 * @param group the API group; empty for the core group
 * @param resource the resource's plural name ({@code pods}, {@code deployments})
 * @param action what is done
 */
public record Request(String cluster, String namespace, String group, String resource, Action action) {
  public Request {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
  }
}
