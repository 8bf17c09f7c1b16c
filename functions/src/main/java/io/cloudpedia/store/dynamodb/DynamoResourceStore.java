package io.cloudpedia.store.dynamodb;

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
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link ResourceStore} on the {@code Resources} table (docs/storage.md): one partition per cluster and type, one
 * conditional {@code PutItem} per write, tombstones with a TTL, gzip bodies, strongly consistent reads. A selection
 * ({@link Selection.LabelIn}, {@link Selection.NameIn} without a namespace) reads keys from the sparse {@code byLabel*}
 * or {@code byName} index, then the items with strongly consistent {@code BatchGetItem}s; every request is counted in
 * {@link #reads()}.
 */
public final class DynamoResourceStore implements ResourceStore {

  /** Live items only; every read filters tombstones out (they stay until TTL removes them). */
  private static final String LIVE = "attribute_not_exists(#tomb)";

  private static final String UPSERT_NUMERIC =
      "attribute_not_exists(#pk) OR attribute_not_exists(#rvn) OR #rvn < :rvn OR #exp <= :now";
  private static final String UPSERT_OPAQUE = "attribute_not_exists(#pk) OR #rv <> :rv OR #exp <= :now";
  private static final String DELETE_NUMERIC =
      "attribute_not_exists(#pk) OR attribute_not_exists(#rvn) OR #rvn < :rvn"
          + " OR (#rvn = :rvn AND attribute_not_exists(#tomb)) OR #exp <= :now";
  private static final String DELETE_OPAQUE =
      "attribute_not_exists(#pk) OR attribute_not_exists(#tomb) OR #rv <> :rv OR #exp <= :now";

  /** BatchGetItem's most keys per request. */
  private static final int BATCH_GET_KEYS = 100;
  /** Rounds in a row that get none of a BatchGetItem's unprocessed keys (throttling) before giving up. */
  private static final int BATCH_GET_ATTEMPTS = 8;
  private static final long BATCH_GET_BACKOFF_MILLIS = 25;
  private static final long BATCH_GET_MAX_BACKOFF_MILLIS = 1_000;

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final Duration tombstoneTtl;
  private final IndexedLabels indexedLabels;
  private final StoreReads reads = new StoreReads();

  public DynamoResourceStore(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC(), DEFAULT_TOMBSTONE_TTL);
  }

  public DynamoResourceStore(DynamoDbClient client, String table, Clock clock, Duration tombstoneTtl) {
    this(client, table, clock, tombstoneTtl, IndexedLabels.DEFAULT.keys());
  }

  /**
   * @param indexedLabels the label keys kept in the {@code byLabel*} indexes, slot by slot, at most
   *     {@value IndexedLabels#MAX_KEYS}: every writer and reader of the table must use the same list
   *     ({@code INDEXED_LABELS}); changing it needs a resync (docs/storage.md)
   */
  public DynamoResourceStore(
      DynamoDbClient client, String table, Clock clock, Duration tombstoneTtl, List<String> indexedLabels) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tombstoneTtl = Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    this.indexedLabels = new IndexedLabels(indexedLabels);
    if (tombstoneTtl.isNegative() || tombstoneTtl.isZero()) {
      throw new IllegalArgumentException("tombstone TTL must be positive");
    }
    if (this.indexedLabels.keys().size() > DynamoTables.LABEL_INDEXES) {
      throw new IllegalArgumentException(
          "the table has " + DynamoTables.LABEL_INDEXES + " label indexes; " + indexedLabels.size()
              + " label keys cannot be indexed");
    }
  }

  @Override
  public WriteOutcome upsert(ObjectRecord object) {
    ObjectKey key = object.key();
    String rv = object.resourceVersion();
    ObjectBodies.Encoded body = ObjectBodies.encode(object);
    Instant now = clock.instant();

    Map<String, AttributeValue> item = identity(key, rv, now);
    item.put(Attr.UID, s(object.uid()));
    item.put(Attr.KIND, s(object.kind()));
    if (!object.creationTimestamp().isEmpty()) {
      item.put(Attr.CREATED, s(object.creationTimestamp()));
    }
    if (!object.labels().isEmpty()) {
      Map<String, AttributeValue> labels = new HashMap<>();
      object.labels().forEach((k, v) -> labels.put(k, s(v)));
      item.put(Attr.LABELS, AttributeValue.fromM(labels));
    }
    object.controllerOwnerUid().ifPresent(uid -> item.put(Attr.OWNER, s(key.cluster() + "#" + uid)));
    // Only live items carry the index attributes, so a tombstone (a whole new item) leaves the indexes.
    item.put(Attr.NAME_KEY, s(nameKey(key.cluster(), key.type(), key.name())));
    for (int slot = 0; slot < indexedLabels.keys().size(); slot++) {
      String labelKey = indexedLabels.keys().get(slot);
      String value = object.labels().get(labelKey);
      if (value != null) {
        item.put(Attr.label(slot), s(labelValue(key.cluster(), key.type(), labelKey, value)));
      }
    }
    item.put(Attr.BODY, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(body.gzip())));
    item.put(Attr.SIZE, n(body.size()));
    body.truncated().ifPresent(reason -> item.put(Attr.TRUNCATED, s(reason)));

    boolean numeric = ResourceVersions.isNumeric(rv);
    boolean applied = conditionalPut(item, numeric ? UPSERT_NUMERIC : UPSERT_OPAQUE, rv, numeric, false, now);
    if (!applied) {
      return WriteOutcome.STALE;
    }
    return body.truncatedByStore() ? WriteOutcome.APPLIED_TRUNCATED : WriteOutcome.APPLIED;
  }

  @Override
  public WriteOutcome delete(ObjectKey key, String resourceVersion) {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Instant now = clock.instant();
    Map<String, AttributeValue> item = identity(key, resourceVersion, now);
    item.put(Attr.TOMB, AttributeValue.fromBool(true));
    item.put(Attr.EXPIRES_AT, n(now.plus(tombstoneTtl).getEpochSecond()));
    boolean numeric = ResourceVersions.isNumeric(resourceVersion);
    boolean applied =
        conditionalPut(item, numeric ? DELETE_NUMERIC : DELETE_OPAQUE, resourceVersion, numeric, true, now);
    return applied ? WriteOutcome.APPLIED : WriteOutcome.STALE;
  }

  /**
   * The {@code byLabel{slot}} partition of one label value. The key is part of it, so that a changed key-to-slot
   * mapping can only miss items written before (until a resync), never match a wrong one.
   */
  static String labelValue(String cluster, GroupVersionResource type, String labelKey, String value) {
    return StorageKeys.partitionKey(cluster, type) + "#" + labelKey + "=" + value;
  }

  /** The {@code byName} partition of one name in one cluster and type. */
  static String nameKey(String cluster, GroupVersionResource type, String name) {
    return StorageKeys.partitionKey(cluster, type) + "#" + name;
  }

  /** The attributes a live item and a tombstone share. */
  private static Map<String, AttributeValue> identity(ObjectKey key, String rv, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, s(StorageKeys.partitionKey(key.cluster(), key.type())));
    item.put(Attr.SK, s(StorageKeys.sortKey(key)));
    item.put(Attr.RV, s(rv));
    if (ResourceVersions.isNumeric(rv)) {
      item.put(Attr.RVN, AttributeValue.fromN(rv));
    }
    item.put(Attr.CLUSTER, s(key.cluster()));
    if (!key.namespace().isEmpty()) {
      item.put(Attr.NS, s(key.namespace()));
    }
    item.put(Attr.NAME, s(key.name()));
    item.put(Attr.SYNCED_AT, n(now.toEpochMilli()));
    return item;
  }

  private boolean conditionalPut(
      Map<String, AttributeValue> item,
      String condition,
      String rv,
      boolean numeric,
      boolean delete,
      Instant now) {
    Map<String, String> names = new HashMap<>();
    names.put("#pk", Attr.PK);
    names.put("#exp", Attr.EXPIRES_AT);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":now", n(now.getEpochSecond()));
    if (numeric) {
      names.put("#rvn", Attr.RVN);
      values.put(":rvn", AttributeValue.fromN(rv));
    } else {
      names.put("#rv", Attr.RV);
      values.put(":rv", s(rv));
    }
    if (delete) {
      names.put("#tomb", Attr.TOMB);
    }
    PutItemRequest request =
        PutItemRequest.builder()
            .tableName(table)
            .item(item)
            .conditionExpression(condition)
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .build();
    try {
      client.putItem(request);
      return true;
    } catch (ConditionalCheckFailedException stale) {
      return false;
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, delete ? "delete" : "upsert", table);
    }
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(r -> r.tableName(table).consistentRead(true).key(primaryKey(key))).item();
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, "get", table);
    }
    boolean found = item != null && !item.isEmpty();
    reads.recordRequest(found ? 1 : 0);
    if (!found || item.containsKey(Attr.TOMB)) {
      return Optional.empty();
    }
    return Optional.of(toStoredObject(key, item));
  }

  @Override
  public Optional<String> deletedAt(ObjectKey key) {
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(r -> r.tableName(table).consistentRead(true).key(primaryKey(key))
          .projectionExpression("#rv, #tomb, #exp").expressionAttributeNames(Map.of("#rv", Attr.RV, "#tomb", Attr.TOMB,
              "#exp", Attr.EXPIRES_AT))).item();
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, "get", table);
    }
    boolean found = item != null && !item.isEmpty();
    reads.recordRequest(found ? 1 : 0);
    if (!found || !item.containsKey(Attr.TOMB)) {
      return Optional.empty();
    }
    // DynamoDB's TTL deletes expired items late: an expired tombstone counts as gone, as every write treats it.
    AttributeValue expires = item.get(Attr.EXPIRES_AT);
    if (expires != null && expires.n() != null && Long.parseLong(expires.n()) <= clock.instant().getEpochSecond()) {
      return Optional.empty();
    }
    return Optional.ofNullable(item.get(Attr.RV)).map(AttributeValue::s);
  }

  @Override
  public List<StoredObject> getAll(List<ObjectKey> keys) {
    Map<ItemId, Map<String, AttributeValue>> items = batchGet(keys, "getAll");
    List<StoredObject> found = new ArrayList<>();
    for (ObjectKey key : keys) {
      Map<String, AttributeValue> item = items.get(ItemId.of(key));
      if (item != null && !item.containsKey(Attr.TOMB)) {
        found.add(toStoredObject(key, item));
      }
    }
    return found;
  }

  @Override
  public Page<StoredObject> list(ListRequest request) {
    Selection selection = request.selection();
    if (selection instanceof Selection.LabelIn labels) {
      return listLabelled(request, labels);
    }
    if (selection instanceof Selection.NameIn names) {
      return listNamed(request, names);
    }
    return listAll(request);
  }

  private Page<StoredObject> listAll(ListRequest request) {
    String pk = StorageKeys.partitionKey(request.cluster(), request.type());
    Optional<Start> start = start(request);
    if (start.isEmpty()) {
      return new Page<>(List.of(), Optional.empty());
    }
    Map<String, String> names = new HashMap<>();
    names.put("#pk", Attr.PK);
    names.put("#tomb", Attr.TOMB);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(pk));
    String keyCondition = "#pk = :pk";
    if (request.namespace().isPresent()) {
      keyCondition += " AND begins_with(#sk, :prefix)";
      names.put("#sk", Attr.SK);
      values.put(":prefix", s(StorageKeys.namespacePrefix(request.namespace().get())));
    }
    Map<String, AttributeValue> startKey =
        start.get().after().map(sk -> Map.of(Attr.PK, s(pk), Attr.SK, s(sk))).orElse(null);

    // One item more than the page, to know whether another page follows.
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    int wanted = request.limit() + 1;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .consistentRead(true)
              .keyConditionExpression(keyCondition)
              .filterExpression(LIVE)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .limit(wanted - found.size());
      if (startKey != null) {
        query.exclusiveStartKey(startKey);
      }
      QueryResponse response = query(query.build(), "list");
      for (Map<String, AttributeValue> item : response.items()) {
        if (found.size() < wanted) {
          found.add(item);
        }
      }
      startKey = lastEvaluatedKey(response);
    } while (found.size() < wanted && startKey != null);

    List<StoredObject> objects = new ArrayList<>();
    for (Map<String, AttributeValue> item : found) {
      objects.add(toStoredObject(StorageKeys.objectKey(request.cluster(), request.type(), str(item, Attr.SK)), item));
    }
    return page(objects, request.limit());
  }

  /** One Query of the label's index per value, merged in key order, then the items; see {@link #listSelected}. */
  private Page<StoredObject> listLabelled(ListRequest request, Selection.LabelIn labels) {
    int slot = indexedLabels.requireSlot(labels.key());
    List<String> partitions = new ArrayList<>();
    for (String value : new LinkedHashSet<>(labels.values())) {
      partitions.add(labelValue(request.cluster(), request.type(), labels.key(), value));
    }
    Set<String> values = Set.copyOf(labels.values());
    return listSelected(
        request,
        indexKeys(DynamoTables.byLabelIndex(slot), Attr.label(slot), partitions, request.namespace()),
        item -> label(item, labels.key()).map(values::contains).orElse(false));
  }

  /**
   * In a namespace the names are the keys themselves; across namespaces the {@code byName} index finds them. Either
   * way the items follow with BatchGetItem.
   */
  private Page<StoredObject> listNamed(ListRequest request, Selection.NameIn names) {
    if (request.namespace().isPresent()) {
      NavigableSet<String> sortKeys = new TreeSet<>(StorageKeys.SORT_ORDER);
      for (String name : names.names()) {
        sortKeys.add(StorageKeys.namespacePrefix(request.namespace().get()) + name);
      }
      KeySource exact =
          (after, needed) -> {
            NavigableSet<String> rest = after.isPresent() ? sortKeys.tailSet(after.get(), false) : sortKeys;
            List<String> batch = rest.stream().limit(needed).toList();
            return new KeyBatch(batch, rest.size() <= needed);
          };
      return listSelected(request, exact, item -> true);
    }
    List<String> partitions = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names.names())) {
      partitions.add(nameKey(request.cluster(), request.type(), name));
    }
    return listSelected(
        request, indexKeys(DynamoTables.BY_NAME_INDEX, Attr.NAME_KEY, partitions, Optional.empty()), item -> true);
  }

  /**
   * A page of the live items whose sort keys {@code source} yields and that {@code selected} accepts, in key order.
   * Reads keys for one item more than the page, then those items; keys whose item turned out deleted, absent or no
   * longer selected (an index lags its table a moment) are dropped and more keys read in their place, so {@code next}
   * is present exactly when another selected live object follows.
   */
  private Page<StoredObject> listSelected(
      ListRequest request, KeySource source, Predicate<Map<String, AttributeValue>> selected) {
    Optional<Start> start = start(request);
    if (start.isEmpty()) {
      return new Page<>(List.of(), Optional.empty());
    }
    int wanted = request.limit() + 1;
    List<StoredObject> found = new ArrayList<>();
    Optional<String> after = start.get().after();
    while (found.size() < wanted) {
      KeyBatch batch = source.next(after, wanted - found.size());
      if (batch.sortKeys().isEmpty()) {
        break;
      }
      List<ObjectKey> keys = new ArrayList<>();
      for (String sortKey : batch.sortKeys()) {
        keys.add(StorageKeys.objectKey(request.cluster(), request.type(), sortKey));
      }
      Map<ItemId, Map<String, AttributeValue>> items = batchGet(keys, "list");
      for (ObjectKey key : keys) {
        Map<String, AttributeValue> item = items.get(ItemId.of(key));
        if (item != null && !item.containsKey(Attr.TOMB) && selected.test(item)) {
          found.add(toStoredObject(key, item));
        }
      }
      if (batch.exhausted()) {
        break;
      }
      after = Optional.of(batch.sortKeys().get(batch.sortKeys().size() - 1));
    }
    return page(found, request.limit());
  }

  /**
   * Keys from one index: one Query per partition ({@code partitions}: label values or names) for up to the number
   * needed, merged in key order. A partition's keys not read yet all sort after the batch's last key (each Query read
   * as many as the batch holds), so the next batch starts there.
   */
  private KeySource indexKeys(
      String index, String partitionAttribute, List<String> partitions, Optional<String> namespace) {
    return (after, needed) -> {
      NavigableSet<String> merged = new TreeSet<>(StorageKeys.SORT_ORDER);
      boolean exhausted = true;
      for (String partition : partitions) {
        KeyBatch keys = queryIndex(index, partitionAttribute, partition, namespace, after, needed);
        merged.addAll(keys.sortKeys());
        exhausted &= keys.exhausted();
      }
      List<String> batch = merged.stream().limit(needed).toList();
      return new KeyBatch(batch, exhausted && merged.size() <= needed);
    };
  }

  /** Up to {@code needed} sort keys of one index partition, after {@code after}, within the namespace if given. */
  private KeyBatch queryIndex(
      String index,
      String partitionAttribute,
      String partition,
      Optional<String> namespace,
      Optional<String> after,
      int needed) {
    Map<String, String> names = new HashMap<>();
    names.put("#key", partitionAttribute);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":key", s(partition));
    String keyCondition = "#key = :key";
    // A sort key condition rather than a start key: DynamoDB rejects a start key outside the key condition.
    boolean skipAfter = false;
    if (after.isPresent() && namespace.isPresent()) {
      // start() clamped the cursor into the namespace; BETWEEN includes it, so it is skipped below.
      keyCondition += " AND #sk BETWEEN :after AND :upper";
      values.put(":after", s(after.get()));
      values.put(":upper", s(StorageKeys.namespaceUpperBound(namespace.get())));
      skipAfter = true;
    } else if (after.isPresent()) {
      keyCondition += " AND #sk > :after";
      values.put(":after", s(after.get()));
    } else if (namespace.isPresent()) {
      keyCondition += " AND begins_with(#sk, :prefix)";
      values.put(":prefix", s(StorageKeys.namespacePrefix(namespace.get())));
    }
    if (keyCondition.contains("#sk")) {
      names.put("#sk", Attr.SK);
    }
    List<String> keys = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    boolean more;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(index)
              .keyConditionExpression(keyCondition)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .limit(needed - keys.size() + (skipAfter ? 1 : 0));
      if (startKey != null) {
        query.exclusiveStartKey(startKey);
      }
      QueryResponse response = query(query.build(), "list");
      more = false;
      for (Map<String, AttributeValue> item : response.items()) {
        String sortKey = str(item, Attr.SK);
        if (skipAfter && sortKey.equals(after.get())) {
          skipAfter = false;
        } else if (keys.size() < needed) {
          keys.add(sortKey);
        } else {
          more = true;
        }
      }
      startKey = lastEvaluatedKey(response);
      skipAfter = false; // the cursor's own key can only come first
    } while (keys.size() < needed && startKey != null);
    return new KeyBatch(keys, startKey == null && !more);
  }

  /** Where a list starts: after the cursor, clamped to the namespace's range; empty when past that range. */
  private static Optional<Start> start(ListRequest request) {
    Optional<String> after = request.after().map(StorageKeys::sortKeyOfCursor);
    if (request.namespace().isPresent() && after.isPresent()) {
      String ns = request.namespace().get();
      // DynamoDB rejects a start key outside the key condition: clamp the cursor to the namespace's range.
      if (StorageKeys.SORT_ORDER.compare(after.get(), StorageKeys.namespaceUpperBound(ns)) >= 0) {
        return Optional.empty();
      }
      if (StorageKeys.SORT_ORDER.compare(after.get(), StorageKeys.namespacePrefix(ns)) < 0) {
        after = Optional.empty();
      }
    }
    return Optional.of(new Start(after));
  }

  /** The first {@code limit} objects; {@code next} when there were more. */
  private static Page<StoredObject> page(List<StoredObject> found, int limit) {
    boolean more = found.size() > limit;
    List<StoredObject> page = found.subList(0, Math.min(found.size(), limit));
    Optional<String> next = more ? Optional.of(page.get(page.size() - 1).key().cacheKey()) : Optional.empty();
    return new Page<>(page, next);
  }

  /**
   * The items at these keys, strongly consistent, absent ones missing from the map: BatchGetItem in chunks of
   * {@value #BATCH_GET_KEYS}, unprocessed keys (throttling, or a response's 16 MB cap) asked again after a short
   * backoff that grows while a round gets none of them.
   */
  private Map<ItemId, Map<String, AttributeValue>> batchGet(List<ObjectKey> keys, String operation) {
    // BatchGetItem rejects a request that names a key twice.
    Map<ItemId, Map<String, AttributeValue>> distinct = new LinkedHashMap<>();
    for (ObjectKey key : keys) {
      distinct.putIfAbsent(ItemId.of(key), primaryKey(key));
    }
    List<Map<String, AttributeValue>> all = new ArrayList<>(distinct.values());
    Map<ItemId, Map<String, AttributeValue>> items = new HashMap<>();
    for (int from = 0; from < all.size(); from += BATCH_GET_KEYS) {
      List<Map<String, AttributeValue>> pending = all.subList(from, Math.min(all.size(), from + BATCH_GET_KEYS));
      int fruitless = 0;
      while (!pending.isEmpty()) {
        BatchGetItemResponse response = batchGetItem(pending, operation);
        List<Map<String, AttributeValue>> got = response.responses().getOrDefault(table, List.of());
        reads.recordRequest(got.size());
        for (Map<String, AttributeValue> item : got) {
          items.put(new ItemId(str(item, Attr.PK), str(item, Attr.SK)), item);
        }
        KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
        pending = unprocessed == null || !unprocessed.hasKeys() ? List.of() : unprocessed.keys();
        if (!pending.isEmpty()) {
          fruitless = got.isEmpty() ? fruitless + 1 : 0;
          if (fruitless >= BATCH_GET_ATTEMPTS) {
            throw new StoreUnavailableException(
                "DynamoDB " + operation + " on " + table + ": " + pending.size() + " keys stayed unprocessed", null);
          }
          backOff(fruitless);
        }
      }
    }
    return items;
  }

  private BatchGetItemResponse batchGetItem(List<Map<String, AttributeValue>> keys, String operation) {
    try {
      return client.batchGetItem(
          r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build())));
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, operation, table);
    }
  }

  /** Full jitter, as AWS recommends for BatchGetItem's unprocessed keys. */
  private static void backOff(int fruitless) {
    long ceiling = Math.min(BATCH_GET_MAX_BACKOFF_MILLIS, BATCH_GET_BACKOFF_MILLIS << Math.min(fruitless, 10));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting to read unprocessed keys", e);
    }
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
    Map<String, AttributeValue> startKey = null;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .consistentRead(true)
              .keyConditionExpression("#pk = :pk")
              .filterExpression(LIVE)
              .projectionExpression("#sk, #rv")
              .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK, "#rv", Attr.RV, "#tomb", Attr.TOMB))
              .expressionAttributeValues(Map.of(":pk", s(StorageKeys.partitionKey(cluster, type))));
      if (startKey != null) {
        query.exclusiveStartKey(startKey);
      }
      QueryResponse response = query(query.build(), "forEachKey");
      for (Map<String, AttributeValue> item : response.items()) {
        action.accept(
            new KeyVersion(StorageKeys.objectKey(cluster, type, str(item, Attr.SK)), str(item, Attr.RV)));
      }
      startKey = lastEvaluatedKey(response);
    } while (startKey != null);
  }

  @Override
  public List<ObjectKey> ownedBy(String cluster, String ownerUid) {
    Objects.requireNonNull(ownerUid, "ownerUid");
    String typePrefix = cluster + "#";
    List<ObjectKey> keys = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(DynamoTables.BY_OWNER_INDEX)
              .keyConditionExpression("#owner = :owner")
              .expressionAttributeNames(Map.of("#owner", Attr.OWNER))
              .expressionAttributeValues(Map.of(":owner", s(cluster + "#" + ownerUid)));
      if (startKey != null) {
        query.exclusiveStartKey(startKey);
      }
      QueryResponse response = query(query.build(), "ownedBy");
      for (Map<String, AttributeValue> item : response.items()) {
        String pk = str(item, Attr.PK);
        if (pk.startsWith(typePrefix)) {
          GroupVersionResource type = GroupVersionResource.parse(pk.substring(typePrefix.length()));
          keys.add(StorageKeys.objectKey(cluster, type, str(item, Attr.SK)));
        }
      }
      startKey = lastEvaluatedKey(response);
    } while (startKey != null);
    keys.sort(
        Comparator.comparing((ObjectKey k) -> k.type().toString())
            .thenComparing(StorageKeys::sortKey, StorageKeys.SORT_ORDER));
    return keys;
  }

  /** Runs a Query and counts the items it read (scanned: tombstones a filter dropped included). */
  private QueryResponse query(QueryRequest request, String operation) {
    QueryResponse response;
    try {
      response = client.query(request);
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, operation, table);
    }
    reads.recordRequest(response.scannedCount() == null ? response.items().size() : response.scannedCount());
    return response;
  }

  private static Map<String, AttributeValue> lastEvaluatedKey(QueryResponse response) {
    return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
        ? response.lastEvaluatedKey()
        : null;
  }

  private static Map<String, AttributeValue> primaryKey(ObjectKey key) {
    return Map.of(
        Attr.PK, s(StorageKeys.partitionKey(key.cluster(), key.type())),
        Attr.SK, s(StorageKeys.sortKey(key)));
  }

  private static StoredObject toStoredObject(ObjectKey key, Map<String, AttributeValue> item) {
    AttributeValue body = item.get(Attr.BODY);
    if (body == null || body.b() == null) {
      throw new IllegalStateException("item " + key + " has no body");
    }
    AttributeValue uid = item.get(Attr.UID);
    AttributeValue truncated = item.get(Attr.TRUNCATED);
    AttributeValue created = item.get(Attr.CREATED);
    return new StoredObject(
        key,
        uid == null ? "" : uid.s(),
        str(item, Attr.RV),
        truncated == null ? Optional.empty() : Optional.of(truncated.s()),
        labels(item),
        created == null || created.s() == null ? "" : created.s(),
        ObjectBodies.gunzip(body.b().asByteArrayUnsafe()));
  }

  private static Map<String, String> labels(Map<String, AttributeValue> item) {
    AttributeValue labels = item.get(Attr.LABELS);
    if (labels == null || !labels.hasM()) {
      return Map.of();
    }
    Map<String, String> decoded = new HashMap<>();
    labels.m().forEach((k, v) -> {
      if (v.s() != null) {
        decoded.put(k, v.s());
      }
    });
    return decoded;
  }

  private static Optional<String> label(Map<String, AttributeValue> item, String key) {
    AttributeValue labels = item.get(Attr.LABELS);
    AttributeValue value = labels == null || !labels.hasM() ? null : labels.m().get(key);
    return value == null ? Optional.empty() : Optional.ofNullable(value.s());
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      throw new IllegalStateException("item has no string attribute " + name);
    }
    return value.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** Where a list resumes: strictly after this sort key, if any. */
  private record Start(Optional<String> after) {}

  /** An item's primary key, to find BatchGetItem's answers (which come in no particular order). */
  private record ItemId(String pk, String sk) {
    static ItemId of(ObjectKey key) {
      return new ItemId(StorageKeys.partitionKey(key.cluster(), key.type()), StorageKeys.sortKey(key));
    }
  }

  /**
   * Sort keys in key order, and whether they are the last ones.
   *
   * @param exhausted no key follows the last of {@code sortKeys}
   */
  private record KeyBatch(List<String> sortKeys, boolean exhausted) {}

  /** The next sort keys of a selection: at most {@code needed}, in key order, after {@code after} if present. */
  @FunctionalInterface
  private interface KeySource {
    KeyBatch next(Optional<String> after, int needed);
  }
}
