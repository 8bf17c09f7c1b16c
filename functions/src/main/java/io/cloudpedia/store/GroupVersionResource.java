package io.cloudpedia.store;

import java.util.Objects;

/**
 * A Kubernetes resource type. Written on the wire and in storage keys as {@code group/version/resource}, or
 * {@code version/resource} for the core group, the way {@code apiVersion} is written.
 */
public record GroupVersionResource(String group, String version, String resource) {

  public GroupVersionResource {
    Objects.requireNonNull(group, "group");
    requireSegment(version, "version");
    requireSegment(resource, "resource");
    if (!group.isEmpty()) {
      requireSegment(group, "group");
    }
  }

  /** Parses {@code apps/v1/deployments} or {@code v1/pods}. */
  public static GroupVersionResource parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("resource type is missing");
    }
    String[] parts = text.split("/", -1);
    if (parts.length == 2) {
      return new GroupVersionResource("", parts[0], parts[1]);
    }
    if (parts.length == 3) {
      return new GroupVersionResource(parts[0], parts[1], parts[2]);
    }
    throw new IllegalArgumentException(
        "resource type '" + text + "' is not of the form group/version/resource or version/resource");
  }

  /** The wire and storage form: {@code apps/v1/deployments}, {@code v1/pods}. */
  @Override
  public String toString() {
    return group.isEmpty() ? version + "/" + resource : group + "/" + version + "/" + resource;
  }

  /** {@code apps/v1} or {@code v1}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  private static void requireSegment(String value, String what) {
    if (value == null || value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('#') >= 0
        || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
    }
  }
}
