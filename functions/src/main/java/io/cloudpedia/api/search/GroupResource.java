package io.cloudpedia.api.search;

import java.util.Objects;

/**
 * A group and resource as an owner search names them: {@code deployments.apps}, or {@code nodes} for the core group
 * (empty group).
 */
public record GroupResource(String group, String resource) {
  public GroupResource {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
  }

  /** Splits at the first dot: {@code deployments.apps} is resource {@code deployments} in group {@code apps}. */
  static GroupResource parse(String text) {
    int dot = text.indexOf('.');
    return dot < 0 ? new GroupResource("", text) : new GroupResource(text.substring(dot + 1), text.substring(0, dot));
  }

  @Override
  public String toString() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
