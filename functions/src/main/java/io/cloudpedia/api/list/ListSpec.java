package io.cloudpedia.api.list;

import io.cloudpedia.api.search.SearchQuery;
import io.cloudpedia.store.GroupVersionResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list to build.
 *
 * @param clusters the clusters to read, sorted by name (the search's clusters, or every cluster syncing the type)
 * @param limit at most this many items
 * @param start where the page starts: from a continue token, or the beginning
 * @param byteBudget stop adding items once their JSON exceeds this many bytes (at least one item is returned)
 * @param visibility which (cluster, namespace) the caller may see, when an authorization policy restricts it
 */
public record ListSpec(
    GroupVersionResource type,
    boolean namespaced,
    List<String> clusters,
    SearchQuery query,
    int limit,
    Optional<Position> start,
    long byteBudget,
    Optional<Visibility> visibility) {

  /** Whether the caller may see objects of a cluster's namespace ({@code ""}: cluster-scoped objects). */
  @FunctionalInterface
  public interface Visibility {
    boolean visible(String cluster, String namespace);
  }

  public ListSpec(GroupVersionResource type, boolean namespaced, List<String> clusters, SearchQuery query, int limit,
      Optional<Position> start, long byteBudget) {
    this(type, namespaced, clusters, query, limit, start, byteBudget, Optional.empty());
  }

  public ListSpec {
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(type, "type");
    clusters = List.copyOf(clusters);
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(start, "start");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }
}
