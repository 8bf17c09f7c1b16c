package io.cloudpedia.events;

import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceVersions;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoreReads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link EventStore} in memory, with the layout of {@link DynamoEventStore}: associations sorted by
 * {@link EventKeys} sort key in each {@code events-of} partition, and a reverse entry per Event (its resourceVersion,
 * whether deleted, where its association is). Counts reads as the DynamoDB store does: one request per lookup or range
 * read, one item per entry visited. Thread-safe (one lock).
 */
public final class InMemoryEventStore implements EventStore {
  private final Clock clock;
  private final EventRetention retention;
  private final Duration tombstoneTtl;
  private final StoreReads reads = new StoreReads();
  private final Map<String, NavigableMap<String, StoredEvent>> partitions = new HashMap<>();
  private final Map<String, Ref> refs = new HashMap<>();

  public InMemoryEventStore() {
    this(Clock.systemUTC(), EventRetention.UNTIL_OBJECT_DELETED, ResourceStore.DEFAULT_TOMBSTONE_TTL);
  }

  public InMemoryEventStore(Clock clock, EventRetention retention, Duration tombstoneTtl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.tombstoneTtl = Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
  }

  @Override
  public synchronized EventWriteOutcome put(String cluster, byte[] eventJson) {
    Instant now = clock.instant();
    Optional<StoredEvent> parsed = Events.parse(cluster, eventJson, now);
    if (parsed.isEmpty()) {
      return EventWriteOutcome.IGNORED;
    }
    StoredEvent event = parsed.get();
    String refKey = refKey(cluster, event.eventNamespace(), event.eventName());
    Ref ref = liveRef(refKey, now);
    if (ref != null && !ResourceVersions.upsertWins(ref.resourceVersion(), event.resourceVersion())) {
      return EventWriteOutcome.STALE;
    }
    Location location = Location.of(event);
    if (ref != null && ref.location().isPresent() && !ref.location().get().equals(location)) {
      remove(ref.location().get()); // the Event now names another object: moved
    }
    partitions.computeIfAbsent(location.partition(), p -> new TreeMap<>(StorageKeys.SORT_ORDER))
        .put(location.sortKey(), event);
    refs.put(refKey, new Ref(event.resourceVersion(), false, Optional.of(location), Optional.empty()));
    if (retention.maxPerObject().isPresent()) {
      dropOldest(location.partition(), event.involved().key(), retention.maxPerObject().getAsInt());
    }
    return EventWriteOutcome.APPLIED;
  }

  @Override
  public synchronized EventWriteOutcome delete(
      String cluster, String eventNamespace, String eventName, String resourceVersion) {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Instant now = clock.instant();
    String refKey = refKey(cluster, eventNamespace, eventName);
    Ref ref = liveRef(refKey, now);
    if (ref != null && !ResourceVersions.deleteWins(ref.resourceVersion(), ref.deleted(), resourceVersion)) {
      return EventWriteOutcome.STALE;
    }
    if (ref != null && ref.location().isPresent()) {
      remove(ref.location().get());
    }
    refs.put(refKey, new Ref(resourceVersion, true, Optional.empty(), Optional.of(now.plus(tombstoneTtl))));
    return EventWriteOutcome.APPLIED;
  }

  @Override
  public synchronized long deleteAllOf(String cluster, String group, String kind, String namespace, String name) {
    NavigableMap<String, StoredEvent> partition = partitions.get(EventKeys.partition(cluster, group, kind));
    if (partition == null) {
      reads.recordRequest(0);
      return 0;
    }
    String key = EventKeys.involvedKey(namespace, name);
    NavigableMap<String, StoredEvent> range =
        partition.subMap(EventKeys.rangeStart(key), true, EventKeys.rangeEnd(key), false);
    reads.recordRequest(range.size());
    long removed = range.size();
    // The reverse entries stay: the Event's own delete (or the v1/events sweep) turns them into tombstones.
    range.clear();
    return removed;
  }

  @Override
  public synchronized Map<String, List<StoredEvent>> eventsOf(
      String cluster, String group, String kind, String fromKey, String toKey) {
    Map<String, List<StoredEvent>> events = new LinkedHashMap<>();
    NavigableMap<String, StoredEvent> partition = partitions.get(EventKeys.partition(cluster, group, kind));
    if (StorageKeys.SORT_ORDER.compare(fromKey, toKey) > 0) {
      return events;
    }
    if (partition == null) {
      reads.recordRequest(0);
      return events;
    }
    NavigableMap<String, StoredEvent> range =
        partition.subMap(EventKeys.rangeStart(fromKey), true, EventKeys.rangeEnd(toKey), false);
    reads.recordRequest(range.size());
    Instant now = clock.instant();
    for (StoredEvent event : range.values()) {
      if (!expired(event, now)) {
        events.computeIfAbsent(event.involved().key(), k -> new ArrayList<>()).add(event);
      }
    }
    events.values().forEach(list -> list.sort(Events.NEWEST_FIRST));
    return events;
  }

  @Override
  public StoreReads reads() {
    return reads;
  }

  private boolean expired(StoredEvent event, Instant now) {
    return retention.maxAge().isPresent() && !event.time().plus(retention.maxAge().get()).isAfter(now);
  }

  /** Keeps the newest {@code max} Events of one object. */
  private void dropOldest(String partitionKey, String involvedKey, int max) {
    NavigableMap<String, StoredEvent> range =
        partitions.get(partitionKey)
            .subMap(EventKeys.rangeStart(involvedKey), true, EventKeys.rangeEnd(involvedKey), false);
    reads.recordRequest(range.size());
    if (range.size() <= max) {
      return;
    }
    List<StoredEvent> newestFirst = new ArrayList<>(range.values());
    newestFirst.sort(Events.NEWEST_FIRST);
    for (StoredEvent old : newestFirst.subList(max, newestFirst.size())) {
      range.remove(Location.of(old).sortKey());
    }
  }

  private void remove(Location location) {
    NavigableMap<String, StoredEvent> partition = partitions.get(location.partition());
    if (partition != null) {
      partition.remove(location.sortKey());
    }
  }

  /** The reverse entry, unless absent or an expired tombstone (as if never written). */
  private Ref liveRef(String refKey, Instant now) {
    reads.recordRequest(refs.containsKey(refKey) ? 1 : 0);
    Ref ref = refs.get(refKey);
    if (ref != null && ref.expiresAt().isPresent() && !ref.expiresAt().get().isAfter(now)) {
      refs.remove(refKey);
      return null;
    }
    return ref;
  }

  private static String refKey(String cluster, String namespace, String name) {
    return EventKeys.refPartition(cluster) + "|" + EventKeys.eventKey(namespace, name);
  }

  private record Ref(String resourceVersion, boolean deleted, Optional<Location> location, Optional<Instant> expiresAt) {}

  /** Where an association lives. */
  record Location(String partition, String sortKey) {
    static Location of(StoredEvent event) {
      InvolvedRef involved = event.involved();
      return new Location(
          EventKeys.partition(event.cluster(), involved.group(), involved.kind()),
          EventKeys.sortKey(involved.key(), event.eventNamespace(), event.eventName()));
    }
  }
}
