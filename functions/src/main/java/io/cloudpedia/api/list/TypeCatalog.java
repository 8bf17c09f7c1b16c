package io.cloudpedia.api.list;

import io.cloudpedia.store.GroupVersionResource;
import java.util.List;

/** The types a cluster syncs, for owner search by name (the owner may be of any type). */
public interface TypeCatalog {
  /** Every type the cluster syncs, with whether it is namespaced. */
  List<TypeInfo> typesOf(String cluster);

  record TypeInfo(GroupVersionResource type, boolean namespaced) {}
}
