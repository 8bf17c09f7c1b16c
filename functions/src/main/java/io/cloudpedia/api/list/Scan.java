package io.cloudpedia.api.list;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.Page;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.Selection;
import io.cloudpedia.store.StoredObject;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Reads a list's objects lazily in its order, segment by segment (a segment: one cluster, one namespace or all), from
 * a start position, one store page at a time. The page size follows what the caller still needs, so that an
 * unfiltered page reads what it returns plus one.
 */
final class Scan {
  private final ResourceStore store;
  private final GroupVersionResource type;
  private final List<String> clusters;
  private final List<Optional<String>> namespaces;
  private final Selection selection;
  private final IntSupplier fetchSize;

  private final int startCluster;
  private final Optional<String> startAfter;
  private int clusterIndex;
  private int namespaceIndex;
  private Optional<String> cursor;
  private Iterator<StoredObject> buffered = java.util.Collections.emptyIterator();
  private boolean segmentHasMore;
  private boolean segmentStarted;
  private String lastCluster = "";
  private long scanned;

  Scan(
      ResourceStore store,
      GroupVersionResource type,
      List<String> clusters,
      List<Optional<String>> namespaces,
      Selection selection,
      int startCluster,
      Optional<String> startAfter,
      IntSupplier fetchSize) {
    this.store = store;
    this.type = type;
    this.clusters = clusters;
    this.namespaces = namespaces;
    this.selection = selection;
    this.fetchSize = fetchSize;
    this.startCluster = startCluster;
    this.startAfter = startAfter;
    this.clusterIndex = startCluster;
    this.cursor = startAfter;
  }

  /** The next object, or null when the list is exhausted. */
  StoredObject next() {
    while (true) {
      if (buffered.hasNext()) {
        scanned++;
        return buffered.next();
      }
      if (segmentStarted && segmentHasMore) {
        fetch();
        continue;
      }
      if (segmentStarted) {
        advanceSegment();
      }
      if (clusterIndex >= clusters.size()) {
        return null;
      }
      segmentStarted = true;
      // Every namespace of the start cluster resumes after the start key: the store skips ranges before it.
      cursor = clusterIndex == startCluster ? startAfter : Optional.empty();
      fetch();
    }
  }

  /** The cluster of the object {@link #next()} returned last. */
  String lastCluster() {
    return lastCluster;
  }

  /** Items read so far. */
  long scanned() {
    return scanned;
  }

  /** False only when it is certain that {@link #next()} would return null. */
  boolean mightHaveMore() {
    if (buffered.hasNext() || (segmentStarted && segmentHasMore)) {
      return true;
    }
    if (!segmentStarted) {
      return clusterIndex < clusters.size();
    }
    return namespaceIndex + 1 < namespaces.size() || clusterIndex + 1 < clusters.size();
  }

  private void fetch() {
    String cluster = clusters.get(clusterIndex);
    int size = Math.max(1, Math.min(ListRequest.MAX_LIMIT, fetchSize.getAsInt()));
    Page<StoredObject> page =
        store.list(new ListRequest(cluster, type, namespaces.get(namespaceIndex), size, cursor, selection));
    lastCluster = cluster;
    buffered = page.items().iterator();
    // DynamoDB may answer a page short of its limit and still have more: follow next, never assume the end.
    segmentHasMore = page.next().isPresent();
    cursor = page.next();
  }

  private void advanceSegment() {
    segmentStarted = false;
    segmentHasMore = false;
    namespaceIndex++;
    if (namespaceIndex >= namespaces.size()) {
      namespaceIndex = 0;
      clusterIndex++;
    }
  }
}
