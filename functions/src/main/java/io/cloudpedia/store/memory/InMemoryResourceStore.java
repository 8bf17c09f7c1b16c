package io.cloudpedia.store.memory;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.KeyVersion;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.Page;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceVersions;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link ResourceStore} in memory: the embedded default of {@code cloudpedia local} and the fast half of the contract
 * tests. It keeps the DynamoDB layout (one sorted map per cluster and type, keyed by the DynamoDB sort key in its
 * order) and the same rules: conditional writes, tombstones that stop counting after their TTL, gzip bodies with the
 * same size budget. Thread-safe: every write is one atomic {@code compute} on its key.
 */
public final class InMemoryResourceStore implements ResourceStore {

  private final Clock clock;
  private final Duration tombstoneTtl;
  private final ConcurrentHashMap<Partition, ConcurrentSkipListMap<String, Item>> partitions =
      new ConcurrentHashMap<>();
  /** Tombstones in the order they expire (one TTL for all), so that expired ones are dropped in O(1) per write. */
  private final Queue<Expiry> expiries = new ConcurrentLinkedQueue<>();

  public InMemoryResourceStore() {
    this(Clock.systemUTC(), DEFAULT_TOMBSTONE_TTL);
  }

  public InMemoryResourceStore(Clock clock, Duration tombstoneTtl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tombstoneTtl = Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    if (tombstoneTtl.isNegative() || tombstoneTtl.isZero()) {
      throw new IllegalArgumentException("tombstone TTL must be positive");
    }
  }

  @Override
  public WriteOutcome upsert(ObjectRecord object) {
    ObjectKey key = object.key();
    ObjectBodies.Encoded body = ObjectBodies.encode(object);
    Item item =
        Item.live(
            object.uid(), object.resourceVersion(), object.controllerOwnerUid(), body.truncated(), body.gzip());
    boolean applied = write(key, item, existing -> ResourceVersions.upsertWins(existing.rv, object.resourceVersion()));
    if (!applied) {
      return WriteOutcome.STALE;
    }
    return body.truncatedByStore() ? WriteOutcome.APPLIED_TRUNCATED : WriteOutcome.APPLIED;
  }

  @Override
  public WriteOutcome delete(ObjectKey key, String resourceVersion) {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    long expiresAt = clock.instant().plus(tombstoneTtl).getEpochSecond();
    Item tombstone = Item.tombstone(resourceVersion, expiresAt);
    boolean applied =
        write(key, tombstone, existing -> ResourceVersions.deleteWins(existing.rv, existing.tomb, resourceVersion));
    if (applied) {
      expiries.add(new Expiry(new Partition(key.cluster(), key.type()), StorageKeys.sortKey(key), expiresAt));
    }
    return applied ? WriteOutcome.APPLIED : WriteOutcome.STALE;
  }

  /** Writes {@code item} if the key is absent, holds an expired tombstone, or {@code wins} says so. */
  private boolean write(ObjectKey key, Item item, Predicate<Item> wins) {
    dropExpiredTombstones();
    long now = nowSeconds();
    boolean[] applied = new boolean[1];
    partition(key.cluster(), key.type())
        .compute(
            StorageKeys.sortKey(key),
            (sk, existing) -> {
              // compute may run the function more than once: the last run is the one that counts.
              applied[0] = existing == null || existing.expired(now) || wins.test(existing);
              return applied[0] ? item : existing;
            });
    return applied[0];
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(key.cluster(), key.type()));
    if (items == null) {
      return Optional.empty();
    }
    Item item = items.get(StorageKeys.sortKey(key));
    return item == null || item.tomb ? Optional.empty() : Optional.of(item.toStoredObject(key));
  }

  @Override
  public Page<StoredObject> list(ListRequest request) {
    ConcurrentNavigableMap<String, Item> range = range(request);
    List<StoredObject> items = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, Item> entry : range.entrySet()) {
      if (entry.getValue().tomb) {
        continue;
      }
      if (items.size() == request.limit()) {
        more = true;
        break;
      }
      ObjectKey key = StorageKeys.objectKey(request.cluster(), request.type(), entry.getKey());
      items.add(entry.getValue().toStoredObject(key));
    }
    Optional<String> next =
        more ? Optional.of(items.get(items.size() - 1).key().cacheKey()) : Optional.empty();
    return new Page<>(items, next);
  }

  /** The part of the partition a list reads: the namespace's range, after the cursor (clamped to that range). */
  private ConcurrentNavigableMap<String, Item> range(ListRequest request) {
    ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(request.cluster(), request.type()));
    if (items == null) {
      return new ConcurrentSkipListMap<>();
    }
    Optional<String> after = request.after().map(StorageKeys::sortKeyOfCursor);
    if (request.namespace().isEmpty()) {
      return after.isPresent() ? items.tailMap(after.get(), false) : items;
    }
    String ns = request.namespace().get();
    String from = StorageKeys.namespacePrefix(ns);
    String to = StorageKeys.namespaceUpperBound(ns);
    boolean fromInclusive = true;
    if (after.isPresent() && StorageKeys.SORT_ORDER.compare(after.get(), from) >= 0) {
      if (StorageKeys.SORT_ORDER.compare(after.get(), to) >= 0) {
        return new ConcurrentSkipListMap<>();
      }
      from = after.get();
      fromInclusive = false;
    }
    return items.subMap(from, fromInclusive, to, false);
  }

  @Override
  public void forEachKey(String cluster, GroupVersionResource type, Consumer<KeyVersion> action) {
    ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(cluster, type));
    if (items == null) {
      return;
    }
    for (Map.Entry<String, Item> entry : items.entrySet()) {
      if (!entry.getValue().tomb) {
        action.accept(
            new KeyVersion(StorageKeys.objectKey(cluster, type, entry.getKey()), entry.getValue().rv));
      }
    }
  }

  /** Scans the cluster's types: fine for a local store (DynamoDB answers from its {@code byOwner} index). */
  @Override
  public List<ObjectKey> ownedBy(String cluster, String ownerUid) {
    Objects.requireNonNull(ownerUid, "ownerUid");
    List<ObjectKey> keys = new ArrayList<>();
    partitions.forEach(
        (partition, items) -> {
          if (!partition.cluster.equals(cluster)) {
            return;
          }
          items.forEach(
              (sk, item) -> {
                if (!item.tomb && item.ownerUid.equals(Optional.of(ownerUid))) {
                  keys.add(StorageKeys.objectKey(cluster, partition.type, sk));
                }
              });
        });
    keys.sort(
        Comparator.comparing((ObjectKey k) -> k.type().toString())
            .thenComparing(StorageKeys::sortKey, StorageKeys.SORT_ORDER));
    return keys;
  }

  private ConcurrentSkipListMap<String, Item> partition(String cluster, GroupVersionResource type) {
    return partitions.computeIfAbsent(
        new Partition(cluster, type), p -> new ConcurrentSkipListMap<>(StorageKeys.SORT_ORDER));
  }

  private void dropExpiredTombstones() {
    long now = nowSeconds();
    Expiry head;
    while ((head = expiries.peek()) != null && head.expiresAt <= now) {
      if (expiries.remove(head)) {
        NavigableMap<String, Item> items = partitions.get(head.partition);
        if (items != null) {
          items.computeIfPresent(head.sortKey, (sk, item) -> item.expired(now) ? null : item);
        }
      }
    }
  }

  private long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  private record Partition(String cluster, GroupVersionResource type) {}

  private record Expiry(Partition partition, String sortKey, long expiresAt) {}

  /** What DynamoDB's item holds; a tombstone has only {@code rv} and {@code expiresAt}. */
  private static final class Item {
    final String uid;
    final String rv;
    final boolean tomb;
    final long expiresAt;
    final Optional<String> ownerUid;
    final Optional<String> truncated;
    final byte[] gzip;

    private Item(
        String uid,
        String rv,
        boolean tomb,
        long expiresAt,
        Optional<String> ownerUid,
        Optional<String> truncated,
        byte[] gzip) {
      this.uid = uid;
      this.rv = rv;
      this.tomb = tomb;
      this.expiresAt = expiresAt;
      this.ownerUid = ownerUid;
      this.truncated = truncated;
      this.gzip = gzip;
    }

    static Item live(
        String uid, String rv, Optional<String> ownerUid, Optional<String> truncated, byte[] gzip) {
      return new Item(uid, rv, false, Long.MAX_VALUE, ownerUid, truncated, gzip);
    }

    static Item tombstone(String rv, long expiresAt) {
      return new Item("", rv, true, expiresAt, Optional.empty(), Optional.empty(), new byte[0]);
    }

    boolean expired(long nowSeconds) {
      return tomb && expiresAt <= nowSeconds;
    }

    StoredObject toStoredObject(ObjectKey key) {
      return new StoredObject(key, uid, rv, truncated, ObjectBodies.gunzip(gzip));
    }
  }
}
