package io.cloudpedia.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One page of one type in one cluster, in key order (namespace, then name).
 *
 * @param namespace only this namespace, if present
 * @param limit at most this many objects (1 to 10,000)
 * @param after resume after this cursor: the {@link Page#next()} of the previous page
 * @param selection which objects to read: all, or only those an index finds ({@link Selection})
 */
public record ListRequest(
    String cluster,
    GroupVersionResource type,
    Optional<String> namespace,
    int limit,
    Optional<String> after,
    Selection selection) {

  public static final int MAX_LIMIT = 10_000;

  public ListRequest {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(selection, "selection");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  public ListRequest(
      String cluster, GroupVersionResource type, Optional<String> namespace, int limit, Optional<String> after) {
    this(cluster, type, namespace, limit, after, Selection.all());
  }

  public static ListRequest all(String cluster, GroupVersionResource type, int limit) {
    return new ListRequest(cluster, type, Optional.empty(), limit, Optional.empty());
  }

  public ListRequest withSelection(Selection selection) {
    return new ListRequest(cluster, type, namespace, limit, after, selection);
  }
}
