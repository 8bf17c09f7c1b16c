package io.cloudpedia.store.memory;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.IndexedLabels;
import io.cloudpedia.store.KeyVersion;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.Page;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceVersions;
import io.cloudpedia.store.Selection;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@link ResourceStore} in memory: the embedded default of {@code cloudpedia local} and the fast half of the contract
 * tests. It keeps the DynamoDB layout (one sorted map per cluster and type, keyed by the DynamoDB sort key in its
 * order; sorted sets of sort keys per indexed label value and per name, like the {@code byLabel*} and {@code byName}
 * indexes) and the same rules: conditional writes, tombstones that stop counting after their TTL, gzip bodies with the
 * same size budget. Thread-safe: every write is one atomic {@code compute} on its key; writes of one key, and the
 * index changes that follow them, run one at a time (a lock stripe per key), so the indexes converge on the items.
 * Reads through an index check the item they find, as an index may lag its item for a moment.
 */
public final class InMemoryResourceStore implements ResourceStore {

  private static final int LOCK_STRIPES = 64;

  private final Clock clock;
  private final Duration tombstoneTtl;
  private final IndexedLabels indexedLabels;
  private final StoreReads reads = new StoreReads();
  private final ConcurrentHashMap<Partition, ConcurrentSkipListMap<String, Item>> partitions =
      new ConcurrentHashMap<>();
  /** Sort keys of the live items per indexed label value, and per name: what a selection reads instead of a scan. */
  private final ConcurrentHashMap<IndexKey, ConcurrentSkipListSet<String>> indexes = new ConcurrentHashMap<>();
  /** Tombstones in the order they expire (one TTL for all), so that expired ones are dropped in O(1) per write. */
  private final Queue<Expiry> expiries = new ConcurrentLinkedQueue<>();
  private final Object[] stripes = new Object[LOCK_STRIPES];

  public InMemoryResourceStore() {
    this(Clock.systemUTC(), DEFAULT_TOMBSTONE_TTL);
  }

  public InMemoryResourceStore(Clock clock, Duration tombstoneTtl) {
    this(clock, tombstoneTtl, IndexedLabels.DEFAULT.keys());
  }

  /**
   * @param indexedLabels the label keys {@link Selection.LabelIn} can select by ({@code INDEXED_LABELS}), at most
   *     {@value IndexedLabels#MAX_KEYS}
   */
  public InMemoryResourceStore(Clock clock, Duration tombstoneTtl, List<String> indexedLabels) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tombstoneTtl = Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    this.indexedLabels = new IndexedLabels(indexedLabels);
    if (tombstoneTtl.isNegative() || tombstoneTtl.isZero()) {
      throw new IllegalArgumentException("tombstone TTL must be positive");
    }
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  @Override
  public WriteOutcome upsert(ObjectRecord object) {
    ObjectKey key = object.key();
    ObjectBodies.Encoded body = ObjectBodies.encode(object);
    Item item =
        Item.live(
            object.uid(),
            object.resourceVersion(),
            object.controllerOwnerUid(),
            body.truncated(),
            object.labels(),
            object.creationTimestamp(),
            body.gzip());
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

  /**
   * Writes {@code item} if the key is absent, holds an expired tombstone, or {@code wins} says so; then moves the
   * key's index entries from what the item replaced to what it is. Under the key's lock stripe, so that the
   * replaced item seen is the one the previous write of this key left.
   */
  private boolean write(ObjectKey key, Item item, Predicate<Item> wins) {
    dropExpiredTombstones();
    long now = nowSeconds();
    Partition partition = new Partition(key.cluster(), key.type());
    String sortKey = StorageKeys.sortKey(key);
    ConcurrentSkipListMap<String, Item> items = partition(partition);
    synchronized (stripe(partition, sortKey)) {
      boolean[] applied = new boolean[1];
      Item[] replaced = new Item[1];
      items.compute(
          sortKey,
          (sk, existing) -> {
            // compute may run the function more than once: the last run is the one that counts.
            replaced[0] = existing;
            applied[0] = existing == null || existing.expired(now) || wins.test(existing);
            return applied[0] ? item : existing;
          });
      if (applied[0]) {
        reindex(partition, key.name(), sortKey, replaced[0], item);
      }
      return applied[0];
    }
  }

  private void reindex(Partition partition, String name, String sortKey, Item before, Item after) {
    Set<IndexKey> old = indexKeys(partition, name, before);
    Set<IndexKey> now = indexKeys(partition, name, after);
    for (IndexKey index : old) {
      if (!now.contains(index)) {
        indexes.computeIfPresent(
            index,
            (k, keys) -> {
              keys.remove(sortKey);
              return keys.isEmpty() ? null : keys;
            });
      }
    }
    for (IndexKey index : now) {
      if (!old.contains(index)) {
        indexes.compute(
            index,
            (k, keys) -> {
              ConcurrentSkipListSet<String> kept =
                  keys == null ? new ConcurrentSkipListSet<>(StorageKeys.SORT_ORDER) : keys;
              kept.add(sortKey);
              return kept;
            });
      }
    }
  }

  /** The index entries an item belongs to: none for a tombstone (deleted objects leave the indexes). */
  private Set<IndexKey> indexKeys(Partition partition, String name, Item item) {
    Set<IndexKey> keys = new HashSet<>();
    if (item == null || item.tomb) {
      return keys;
    }
    keys.add(IndexKey.name(partition, name));
    for (String labelKey : indexedLabels.keys()) {
      String value = item.labels.get(labelKey);
      if (value != null) {
        keys.add(IndexKey.label(partition, labelKey, value));
      }
    }
    return keys;
  }

  private Object stripe(Partition partition, String sortKey) {
    return stripes[Math.floorMod(Objects.hash(partition, sortKey), stripes.length)];
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(key.cluster(), key.type()));
    Item item = items == null ? null : items.get(StorageKeys.sortKey(key));
    reads.recordRequest(item == null ? 0 : 1);
    return item == null || item.tomb ? Optional.empty() : Optional.of(item.toStoredObject(key));
  }

  @Override
  public Optional<String> deletedAt(ObjectKey key) {
    dropExpiredTombstones();
    ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(key.cluster(), key.type()));
    Item item = items == null ? null : items.get(StorageKeys.sortKey(key));
    reads.recordRequest(item == null ? 0 : 1);
    return item != null && item.tomb ? Optional.of(item.rv) : Optional.empty();
  }

  @Override
  public List<StoredObject> getAll(List<ObjectKey> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<StoredObject> found = new ArrayList<>();
    long visited = 0;
    for (ObjectKey key : keys) {
      ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(key.cluster(), key.type()));
      Item item = items == null ? null : items.get(StorageKeys.sortKey(key));
      if (item != null) {
        visited++;
        if (!item.tomb) {
          found.add(item.toStoredObject(key));
        }
      }
    }
    reads.recordRequest(visited);
    return found;
  }

  @Override
  public Page<StoredObject> list(ListRequest request) {
    Selection selection = request.selection();
    if (selection instanceof Selection.LabelIn labels) {
      indexedLabels.requireSlot(labels.key());
    }
    Optional<Bounds> bounds = bounds(request);
    if (bounds.isEmpty()) {
      // The cursor is past the namespace: nothing to read (DynamoDB sends no request either).
      return new Page<>(List.of(), Optional.empty());
    }
    Partition partition = new Partition(request.cluster(), request.type());
    ConcurrentSkipListMap<String, Item> items = partitions.get(partition);
    if (items == null) {
      reads.recordRequest(0);
      return new Page<>(List.of(), Optional.empty());
    }
    if (selection instanceof Selection.LabelIn labels) {
      return listLabelled(request, partition, items, bounds.get(), labels);
    }
    if (selection instanceof Selection.NameIn names) {
      return listNamed(request, partition, items, bounds.get(), names);
    }
    return listAll(request, bounds.get().of(items));
  }

  /** The sort keys of each value's index entries, merged; each item checked, as an entry may lag its item. */
  private Page<StoredObject> listLabelled(
      ListRequest request,
      Partition partition,
      ConcurrentSkipListMap<String, Item> items,
      Bounds bounds,
      Selection.LabelIn labels) {
    List<NavigableSet<String>> sources = new ArrayList<>();
    for (String value : Set.copyOf(labels.values())) {
      indexed(IndexKey.label(partition, labels.key(), value), bounds).ifPresent(sources::add);
    }
    Set<String> values = Set.copyOf(labels.values());
    return listCandidates(
        request,
        items,
        new MergedKeys(sources),
        true,
        item -> Optional.ofNullable(item.labels.get(labels.key())).map(values::contains).orElse(false));
  }

  /** In a namespace the names are the keys themselves; across namespaces the name index finds them. */
  private Page<StoredObject> listNamed(
      ListRequest request,
      Partition partition,
      ConcurrentSkipListMap<String, Item> items,
      Bounds bounds,
      Selection.NameIn names) {
    if (request.namespace().isPresent()) {
      NavigableSet<String> keys = new TreeSet<>(StorageKeys.SORT_ORDER);
      for (String name : names.names()) {
        keys.add(StorageKeys.namespacePrefix(request.namespace().get()) + name);
      }
      return listCandidates(request, items, bounds.of(keys).iterator(), false, item -> true);
    }
    List<NavigableSet<String>> sources = new ArrayList<>();
    for (String name : Set.copyOf(names.names())) {
      indexed(IndexKey.name(partition, name), bounds).ifPresent(sources::add);
    }
    return listCandidates(request, items, new MergedKeys(sources), true, item -> true);
  }

  private Page<StoredObject> listAll(ListRequest request, NavigableMap<String, Item> range) {
    List<StoredObject> items = new ArrayList<>();
    boolean more = false;
    long visited = 0;
    for (Map.Entry<String, Item> entry : range.entrySet()) {
      visited++;
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
    reads.recordRequest(visited);
    return page(items, more);
  }

  /**
   * A page of the live, selected items at these sort keys (in key order). Counts each index entry read and each
   * item looked up, as DynamoDB's index Query and BatchGetItem would.
   */
  private Page<StoredObject> listCandidates(
      ListRequest request,
      ConcurrentSkipListMap<String, Item> items,
      Iterator<String> sortKeys,
      boolean fromIndex,
      Predicate<Item> selected) {
    List<StoredObject> found = new ArrayList<>();
    boolean more = false;
    long visited = 0;
    while (sortKeys.hasNext()) {
      String sortKey = sortKeys.next();
      if (fromIndex) {
        visited++;
      }
      Item item = items.get(sortKey);
      if (item == null) {
        continue;
      }
      visited++;
      if (item.tomb || !selected.test(item)) {
        continue;
      }
      if (found.size() == request.limit()) {
        more = true;
        break;
      }
      found.add(item.toStoredObject(StorageKeys.objectKey(request.cluster(), request.type(), sortKey)));
    }
    reads.recordRequest(visited);
    return page(found, more);
  }

  private static Page<StoredObject> page(List<StoredObject> items, boolean more) {
    Optional<String> next = more ? Optional.of(items.get(items.size() - 1).key().cacheKey()) : Optional.empty();
    return new Page<>(items, next);
  }

  private Optional<NavigableSet<String>> indexed(IndexKey index, Bounds bounds) {
    ConcurrentSkipListSet<String> keys = indexes.get(index);
    return keys == null ? Optional.empty() : Optional.of(bounds.of(keys));
  }

  /**
   * The sort keys a list reads: the namespace's range, after the cursor (clamped to that range); empty when the
   * cursor is past the namespace.
   */
  private static Optional<Bounds> bounds(ListRequest request) {
    Optional<String> after = request.after().map(StorageKeys::sortKeyOfCursor);
    if (request.namespace().isEmpty()) {
      return Optional.of(new Bounds(after, false, Optional.empty()));
    }
    String ns = request.namespace().get();
    String from = StorageKeys.namespacePrefix(ns);
    String to = StorageKeys.namespaceUpperBound(ns);
    boolean fromInclusive = true;
    if (after.isPresent() && StorageKeys.SORT_ORDER.compare(after.get(), from) >= 0) {
      if (StorageKeys.SORT_ORDER.compare(after.get(), to) >= 0) {
        return Optional.empty();
      }
      from = after.get();
      fromInclusive = false;
    }
    return Optional.of(new Bounds(Optional.of(from), fromInclusive, Optional.of(to)));
  }

  @Override
  public Set<String> indexedLabels() {
    return indexedLabels.asSet();
  }

  @Override
  public StoreReads reads() {
    return reads;
  }

  @Override
  public void forEachKey(String cluster, GroupVersionResource type, Consumer<KeyVersion> action) {
    ConcurrentSkipListMap<String, Item> items = partitions.get(new Partition(cluster, type));
    long visited = 0;
    if (items != null) {
      for (Map.Entry<String, Item> entry : items.entrySet()) {
        visited++;
        if (!entry.getValue().tomb) {
          action.accept(
              new KeyVersion(StorageKeys.objectKey(cluster, type, entry.getKey()), entry.getValue().rv));
        }
      }
    }
    reads.recordRequest(visited);
  }

  /** Scans the cluster's types: fine for a local store (DynamoDB answers from its {@code byOwner} index). */
  @Override
  public List<ObjectKey> ownedBy(String cluster, String ownerUid) {
    Objects.requireNonNull(ownerUid, "ownerUid");
    List<ObjectKey> keys = new ArrayList<>();
    long[] visited = new long[1];
    partitions.forEach(
        (partition, items) -> {
          if (!partition.cluster.equals(cluster)) {
            return;
          }
          items.forEach(
              (sk, item) -> {
                visited[0]++;
                if (!item.tomb && item.ownerUid.equals(Optional.of(ownerUid))) {
                  keys.add(StorageKeys.objectKey(cluster, partition.type, sk));
                }
              });
        });
    reads.recordRequest(visited[0]);
    keys.sort(
        Comparator.comparing((ObjectKey k) -> k.type().toString())
            .thenComparing(StorageKeys::sortKey, StorageKeys.SORT_ORDER));
    return keys;
  }

  private ConcurrentSkipListMap<String, Item> partition(Partition partition) {
    return partitions.computeIfAbsent(partition, p -> new ConcurrentSkipListMap<>(StorageKeys.SORT_ORDER));
  }

  /** Expired tombstones have no index entries, so dropping them leaves the indexes as they are. */
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

  /** One index's sort keys: a label value ({@code labelKey} present) or a name ({@code labelKey} empty). */
  private record IndexKey(Partition partition, Optional<String> labelKey, String value) {
    static IndexKey label(Partition partition, String labelKey, String value) {
      return new IndexKey(partition, Optional.of(labelKey), value);
    }

    static IndexKey name(Partition partition, String name) {
      return new IndexKey(partition, Optional.empty(), name);
    }
  }

  /** A range of sort keys: after or from {@code from}, before {@code to}. */
  private record Bounds(Optional<String> from, boolean fromInclusive, Optional<String> to) {
    <V> NavigableMap<String, V> of(NavigableMap<String, V> map) {
      if (from.isPresent() && to.isPresent()) {
        return map.subMap(from.get(), fromInclusive, to.get(), false);
      }
      if (from.isPresent()) {
        return map.tailMap(from.get(), fromInclusive);
      }
      return to.isPresent() ? map.headMap(to.get(), false) : map;
    }

    NavigableSet<String> of(NavigableSet<String> set) {
      if (from.isPresent() && to.isPresent()) {
        return set.subSet(from.get(), fromInclusive, to.get(), false);
      }
      if (from.isPresent()) {
        return set.tailSet(from.get(), fromInclusive);
      }
      return to.isPresent() ? set.headSet(to.get(), false) : set;
    }
  }

  /** The union of sorted sets of sort keys, in key order, each key once; reads each set only as far as asked. */
  private static final class MergedKeys implements Iterator<String> {
    private final PriorityQueue<Head> heads =
        new PriorityQueue<>(Comparator.comparing(Head::key, StorageKeys.SORT_ORDER));

    MergedKeys(List<NavigableSet<String>> sources) {
      for (NavigableSet<String> source : sources) {
        advance(source.iterator());
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public String next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      advance(head.rest);
      // A key may be in two sets for a moment while its item is relabelled.
      while (!heads.isEmpty() && heads.peek().key.equals(head.key)) {
        advance(heads.poll().rest);
      }
      return head.key;
    }

    private void advance(Iterator<String> rest) {
      if (rest.hasNext()) {
        heads.add(new Head(rest.next(), rest));
      }
    }

    private record Head(String key, Iterator<String> rest) {}
  }

  /** What DynamoDB's item holds; a tombstone has only {@code rv} and {@code expiresAt}. */
  private static final class Item {
    final String uid;
    final String rv;
    final boolean tomb;
    final long expiresAt;
    final Optional<String> ownerUid;
    final Optional<String> truncated;
    final Map<String, String> labels;
    final String created;
    final byte[] gzip;

    private Item(
        String uid,
        String rv,
        boolean tomb,
        long expiresAt,
        Optional<String> ownerUid,
        Optional<String> truncated,
        Map<String, String> labels,
        String created,
        byte[] gzip) {
      this.uid = uid;
      this.rv = rv;
      this.tomb = tomb;
      this.expiresAt = expiresAt;
      this.ownerUid = ownerUid;
      this.truncated = truncated;
      this.labels = Map.copyOf(labels);
      this.created = created;
      this.gzip = gzip;
    }

    static Item live(
        String uid,
        String rv,
        Optional<String> ownerUid,
        Optional<String> truncated,
        Map<String, String> labels,
        String created,
        byte[] gzip) {
      return new Item(uid, rv, false, Long.MAX_VALUE, ownerUid, truncated, labels, created, gzip);
    }

    static Item tombstone(String rv, long expiresAt) {
      return new Item("", rv, true, expiresAt, Optional.empty(), Optional.empty(), Map.of(), "", new byte[0]);
    }

    boolean expired(long nowSeconds) {
      return tomb && expiresAt <= nowSeconds;
    }

    StoredObject toStoredObject(ObjectKey key) {
      return new StoredObject(key, uid, rv, truncated, labels, created, ObjectBodies.gunzip(gzip));
    }
  }
}
