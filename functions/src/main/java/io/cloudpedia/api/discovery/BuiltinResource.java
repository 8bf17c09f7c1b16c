package io.cloudpedia.api.discovery;

import java.util.List;
import java.util.Objects;

/** What a real apiserver's discovery says about one built-in group/resource, apart from its versions and verbs. */
record BuiltinResource(
    String group,
    String resource,
    String kind,
    String singularName,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories) {

  BuiltinResource {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(singularName, "singularName");
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
  }
}
