package io.cloudpedia.api.list;

import java.util.Objects;

/**
 * Where the next page of a list starts. In key order: strictly after {@code after} (a store cursor) in
 * {@code cluster}; when sorted by other fields: at {@code offset} of the sorted result.
 */
public sealed interface Position permits Position.AfterKey, Position.AtOffset {

  record AfterKey(String cluster, String after) implements Position {
    public AfterKey {
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(after, "after");
    }
  }

  record AtOffset(long offset) implements Position {
    public AtOffset {
      if (offset < 0) {
        throw new IllegalArgumentException("offset must not be negative");
      }
    }
  }
}
