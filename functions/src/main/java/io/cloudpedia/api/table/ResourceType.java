package io.cloudpedia.api.table;

import java.util.Objects;

/** The group/version/resource/kind a list is made of; the group of the core API is "". */
public record ResourceType(String group, String version, String resource, String kind) {
  public ResourceType {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
  }

  public static ResourceType of(String group, String version, String resource, String kind) {
    return new ResourceType(group, version, resource, kind);
  }
}
