package io.cloudpedia.api.registry;

import io.cloudpedia.events.EventStore;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.SyncStateStore;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  /** Events an agent sends for its objects are plain upserts of this type, which the cluster's sync state may not list. */
  private static final GroupVersionResource EVENTS = GroupVersionResource.parse("v1/events");

  private final ResourceStore store;
  private final SyncStateStore syncState;
  private final Optional<EventStore> events;

  public ClusterPurge(ResourceStore store, SyncStateStore syncState) {
    this(store, syncState, Optional.empty());
  }

  /** @param events where events are associated with their objects: each deleted object's events go with it */
  public ClusterPurge(ResourceStore store, SyncStateStore syncState, Optional<EventStore> events) {
    this.store = Objects.requireNonNull(store, "store");
    this.syncState = Objects.requireNonNull(syncState, "syncState");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * @param deleted objects deleted by this step
   * @param done nothing of the cluster is stored any more
   */
  public record Step(long deleted, boolean done) {}

  private static String kindOf(StoredObject object) {
    try {
      return Json.mapper().readTree(object.json()).path("kind").asText("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  public Step step(String cluster, int maxObjects) {
    long deleted = 0;
    Set<GroupVersionResource> types = new LinkedHashSet<>();
    syncState.types(cluster).forEach(t -> types.add(t.type()));
    types.add(EVENTS);
    for (GroupVersionResource type : types) {
      while (deleted < maxObjects) {
        int limit = (int) Math.min(ListRequest.MAX_LIMIT, maxObjects - deleted);
        var page = store.list(ListRequest.all(cluster, type, limit));
        for (StoredObject object : page.items()) {
          store.delete(object.key(), object.resourceVersion());
          events.ifPresent(e -> e.deleteAllOf(cluster, type.group(), kindOf(object), object.key().namespace(),
              object.key().name()));
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
