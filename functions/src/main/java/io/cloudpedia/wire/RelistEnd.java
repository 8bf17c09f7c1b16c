package io.cloudpedia.wire;

import io.cloudpedia.store.GroupVersionResource;
import java.util.List;
import java.util.Objects;

/**
 * One part of the key set of a finished list.
 *
 * @param resourceVersion the list's resourceVersion, the same in every part
 * @param count the number of objects the whole list returned, the same in every part
 * @param part 0-based, below {@code parts}
 * @param keys this part's cache keys ({@code namespace/name} or {@code name}), as sent
 */
public record RelistEnd(
    GroupVersionResource type,
    String relistId,
    String resourceVersion,
    long count,
    int part,
    int parts,
    List<String> keys)
    implements Delta {

  public RelistEnd {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    keys = List.copyOf(keys);
  }

  @Override
  public String op() {
    return "relistEnd";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.relistEnd(this);
  }
}
