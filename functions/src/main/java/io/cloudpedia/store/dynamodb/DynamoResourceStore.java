package io.cloudpedia.store.dynamodb;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link ResourceStore} on the {@code Resources} table (docs/storage.md): one partition per cluster and type, one
 * conditional {@code PutItem} per write, tombstones with a TTL, gzip bodies, strongly consistent reads.
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

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final Duration tombstoneTtl;

  public DynamoResourceStore(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC(), DEFAULT_TOMBSTONE_TTL);
  }

  public DynamoResourceStore(DynamoDbClient client, String table, Clock clock, Duration tombstoneTtl) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tombstoneTtl = Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    if (tombstoneTtl.isNegative() || tombstoneTtl.isZero()) {
      throw new IllegalArgumentException("tombstone TTL must be positive");
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
      item =
          client
              .getItem(
                  r ->
                      r.tableName(table)
                          .consistentRead(true)
                          .key(
                              Map.of(
                                  Attr.PK, s(StorageKeys.partitionKey(key.cluster(), key.type())),
                                  Attr.SK, s(StorageKeys.sortKey(key)))))
              .item();
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, "get", table);
    }
    if (item == null || item.isEmpty() || item.containsKey(Attr.TOMB)) {
      return Optional.empty();
    }
    return Optional.of(toStoredObject(key, item));
  }

  @Override
  public Page<StoredObject> list(ListRequest request) {
    String pk = StorageKeys.partitionKey(request.cluster(), request.type());
    Map<String, String> names = new HashMap<>();
    names.put("#pk", Attr.PK);
    names.put("#tomb", Attr.TOMB);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(pk));
    String keyCondition = "#pk = :pk";
    Optional<String> startAfter = request.after().map(StorageKeys::sortKeyOfCursor);
    if (request.namespace().isPresent()) {
      String ns = request.namespace().get();
      keyCondition += " AND begins_with(#sk, :prefix)";
      names.put("#sk", Attr.SK);
      values.put(":prefix", s(StorageKeys.namespacePrefix(ns)));
      // DynamoDB rejects a start key outside the key condition: clamp the cursor to the namespace's range.
      if (startAfter.isPresent()) {
        if (StorageKeys.SORT_ORDER.compare(startAfter.get(), StorageKeys.namespaceUpperBound(ns)) >= 0) {
          return new Page<>(List.of(), Optional.empty());
        }
        if (StorageKeys.SORT_ORDER.compare(startAfter.get(), StorageKeys.namespacePrefix(ns)) < 0) {
          startAfter = Optional.empty();
        }
      }
    }
    Map<String, AttributeValue> startKey =
        startAfter.map(sk -> Map.of(Attr.PK, s(pk), Attr.SK, s(sk))).orElse(null);

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
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey()
          : null;
    } while (found.size() < wanted && startKey != null);

    boolean more = found.size() > request.limit();
    List<StoredObject> page = new ArrayList<>();
    for (Map<String, AttributeValue> item : found.subList(0, Math.min(found.size(), request.limit()))) {
      page.add(toStoredObject(StorageKeys.objectKey(request.cluster(), request.type(), str(item, Attr.SK)), item));
    }
    Optional<String> next = more ? Optional.of(page.get(page.size() - 1).key().cacheKey()) : Optional.empty();
    return new Page<>(page, next);
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
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey()
          : null;
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
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey()
          : null;
    } while (startKey != null);
    keys.sort(
        Comparator.comparing((ObjectKey k) -> k.type().toString())
            .thenComparing(StorageKeys::sortKey, StorageKeys.SORT_ORDER));
    return keys;
  }

  private QueryResponse query(QueryRequest request, String operation) {
    try {
      return client.query(request);
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, operation, table);
    }
  }

  private static StoredObject toStoredObject(ObjectKey key, Map<String, AttributeValue> item) {
    AttributeValue body = item.get(Attr.BODY);
    if (body == null || body.b() == null) {
      throw new IllegalStateException("item " + key + " has no body");
    }
    AttributeValue uid = item.get(Attr.UID);
    AttributeValue truncated = item.get(Attr.TRUNCATED);
    return new StoredObject(
        key,
        uid == null ? "" : uid.s(),
        str(item, Attr.RV),
        truncated == null ? Optional.empty() : Optional.of(truncated.s()),
        ObjectBodies.gunzip(body.b().asByteArrayUnsafe()));
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
}
