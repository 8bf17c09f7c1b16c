package io.cloudpedia.api.list;

import io.cloudpedia.store.StoredObject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A page: its items in order, where the next page starts (empty when the list is complete) and, when asked for and
 * known, how many matching items follow.
 */
public record ListResult(List<StoredObject> items, Optional<Position> next, OptionalLong remainingItemCount) {
  public ListResult {
    items = List.copyOf(items);
  }
}
