package io.cloudpedia.api.search;

import java.util.Objects;
import java.util.Optional;

/**
 * Restricts a search to objects owned (through controller owner references) by one object, found either by its UID or
 * by its name and, optionally, group-resource. How many generations up the owner sits is
 * {@link SearchQuery#ownerSeniority()}.
 */
public sealed interface OwnerFilter permits OwnerFilter.ByUid, OwnerFilter.ByName {

  /** The owner is the object with this UID. */
  record ByUid(String uid) implements OwnerFilter {
    public ByUid {
      Objects.requireNonNull(uid, "uid");
    }
  }

  /** The owner is any object of this name in the searched cluster (and namespaces), narrowed by group-resource. */
  record ByName(String name, Optional<GroupResource> groupResource) implements OwnerFilter {
    public ByName {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(groupResource, "groupResource");
    }
  }
}
