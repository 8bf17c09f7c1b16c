package io.cloudpedia.api.registry;

import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.SyncStateStore;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes everything stored for a cluster removed from the registry, in bounded steps: each step deletes at most a
 * given number of objects (a delete leaves the store's usual tombstone, so a late delivery of an older version cannot
 * bring an object back), and once no object is left, forgets the cluster's sync state, so it leaves discovery too.
 * Steps are idempotent and resumable: whoever calls next continues where the last one stopped.
 */
public final class ClusterPurge {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPurge.class);

  private final ResourceStore store;
  private final SyncStateStore syncState;

  public ClusterPurge(ResourceStore store, SyncStateStore syncState) {
    this.store = Objects.requireNonNull(store, "store");
    this.syncState = Objects.requireNonNull(syncState, "syncState");
  }

  /**
   * @param deleted objects deleted by this step
   * @param done nothing of the cluster is stored any more
   */
  public record Step(long deleted, boolean done) {}

  public Step step(String cluster, int maxObjects) {
    long deleted = 0;
    for (SyncStateStore.TypeSyncState type : syncState.types(cluster)) {
      while (deleted < maxObjects) {
        int limit = (int) Math.min(ListRequest.MAX_LIMIT, maxObjects - deleted);
        var page = store.list(ListRequest.all(cluster, type.type(), limit));
        for (StoredObject object : page.items()) {
          store.delete(object.key(), object.resourceVersion());
          deleted++;
        }
        if (page.next().isEmpty()) {
          break;
        }
      }
      if (deleted >= maxObjects) {
        LOG.info("cluster {}: deleted {} stored objects, more to go", cluster, deleted);
        return new Step(deleted, false);
      }
    }
    syncState.forget(cluster);
    LOG.info("cluster {}: deleted {} stored objects; nothing of it is stored any more", cluster, deleted);
    return new Step(deleted, true);
  }
}
