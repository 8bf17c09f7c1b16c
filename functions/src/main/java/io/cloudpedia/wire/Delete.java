package io.cloudpedia.wire;

import io.cloudpedia.store.GroupVersionResource;
import java.util.Objects;

/**
 * An object was deleted in the member cluster.
 *
 * @param namespace {@code ""} for cluster-scoped types
 * @param resourceVersion the one the watch's DELETED event carried
 */
public record Delete(
    GroupVersionResource type, String namespace, String name, String uid, String resourceVersion)
    implements Delta {

  public Delete {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
  }

  @Override
  public String op() {
    return "delete";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.delete(this);
  }
}
