package io.cloudpedia.store;

import java.util.List;
import java.util.Optional;

/**
 * A page of results. {@code next} is present when more may follow; it is the cache key of the last item, so a
 * store-independent cursor that the API layer wraps into its own tamper-evident continue token.
 */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(items);
  }
}
