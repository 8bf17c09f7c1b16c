package io.cloudpedia.events;

import io.cloudpedia.store.StoreReads;
import java.util.List;
import java.util.Map;

/**
 * core/v1 Events of every member cluster, each associated with its involved object, so that the API can attach a
 * page's Events with one range read per cluster (docs/storage.md, "Events"). Ingest writes it beside the
 * {@code v1/events} objects of the {@link io.cloudpedia.store.ResourceStore}. DynamoDB in production
 * ({@link DynamoEventStore}), in memory for local mode and tests ({@link InMemoryEventStore}); both pass
 * {@code EventStoreContract}.
 *
 * <p>Writes are ordered by the Event's resourceVersion as {@link io.cloudpedia.store.ResourceVersions} orders them: a
 * put wins over an older one (an equal one is a duplicate), a delete over an older or equal one, and a delete blocks
 * later older puts for the tombstone TTL. An Event whose involved object changed moves to its new object.
 *
 * <p>Involved keys are written as {@link io.cloudpedia.store.StorageKeys} writes sort keys: {@code namespace/name},
 * {@code /name} for a cluster-scoped object, and ordered by {@link io.cloudpedia.store.StorageKeys#SORT_ORDER}.
 *
 * <p>Every method may throw {@link io.cloudpedia.store.StoreUnavailableException} for a failure that may pass.
 */
public interface EventStore {

  /** Stores the Event (the JSON of a core/v1 Event) and associates it with its {@code involvedObject}. */
  EventWriteOutcome put(String cluster, byte[] eventJson);

  /** Removes the Event's association, if the delete is not older than what is stored, and blocks older puts. */
  EventWriteOutcome delete(String cluster, String eventNamespace, String eventName, String resourceVersion);

  /**
   * Removes every Event associated with one object (its involved key {@code namespace/name} or {@code /name}), when
   * the object is deleted. Returns how many were removed.
   */
  long deleteAllOf(String cluster, String group, String kind, String namespace, String name);

  /**
   * The Events of every object of one kind in one cluster whose key lies in {@code [fromKey, toKey]} (inclusive, in
   * {@link io.cloudpedia.store.StorageKeys#SORT_ORDER}), by involved key ({@code namespace/name}, {@code /name} when
   * cluster-scoped), each list newest first. One range read, however many objects the range holds (DynamoDB: one
   * Query, more only past 1 MB of Events). Expired Events (max age) are left out; objects without Events are absent.
   */
  Map<String, List<StoredEvent>> eventsOf(String cluster, String group, String kind, String fromKey, String toKey);

  /** What this store has read so far (requests and items, as {@link io.cloudpedia.store.ResourceStore#reads()}). */
  StoreReads reads();
}
