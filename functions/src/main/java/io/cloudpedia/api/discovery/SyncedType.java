package io.cloudpedia.api.discovery;

import io.cloudpedia.store.GroupVersionResource;
import java.util.Comparator;
import java.util.Objects;

/**
 * One resource type that at least one cluster syncs, with the kind and scope its agent read from that cluster's
 * discovery. This is all discovery is built from.
 */
public record SyncedType(GroupVersionResource type, String kind, boolean namespaced) {

  /** Group, version, resource, then kind, then namespaced before cluster-scoped: the tie-break order of discovery. */
  static final Comparator<SyncedType> ORDER =
      Comparator.comparing((SyncedType t) -> t.type().group())
          .thenComparing(t -> t.type().version())
          .thenComparing(t -> t.type().resource())
          .thenComparing(SyncedType::kind)
          .thenComparing(t -> !t.namespaced());

  public SyncedType {
    Objects.requireNonNull(type, "type");
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("kind of " + type + " is missing");
    }
  }

  public static SyncedType of(GroupVersionResource type, String kind, boolean namespaced) {
    return new SyncedType(type, kind, namespaced);
  }
}
