package io.cloudpedia.store.dynamodb;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.RelistPart;
import io.cloudpedia.store.RelistParts;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.TypeSyncProgress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link SyncStateStore} on the {@code SyncState} table (docs/storage.md). Type states change by optimistic
 * read-modify-write (a version attribute in the condition) through {@link TypeSyncProgress}, the rules the in-memory
 * store applies too. A relist part whose gzip key set does not fit in one item is kept as several chunk items; the
 * parts of every relist of one type in one cluster share a partition, so that a completion can find the parts it
 * replaces.
 */
public final class DynamoSyncStateStore implements SyncStateStore {

  /** Below DynamoDB's 400 KB item, with room for the part's other attributes. */
  static final int MAX_KEYS_GZIP_BYTES = 350_000;

  private static final String STATUS_SK = "status";
  /** The partition of the clusters list: one item per cluster, sort key the cluster's name. */
  private static final String CLUSTERS_PK = "clusters";
  private static final String TYPE_PREFIX = "type#";
  private static final int MAX_UPDATE_ATTEMPTS = 20;

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final Duration partTtl;
  /** Clusters whose {@code clusters} item this instance has written: it is written once per cluster and instance. */
  private final Set<String> recordedClusters = ConcurrentHashMap.newKeySet();

  public DynamoSyncStateStore(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC());
  }

  public DynamoSyncStateStore(DynamoDbClient client, String table, Clock clock) {
    this(client, table, clock, RelistParts.PART_TTL);
  }

  public DynamoSyncStateStore(DynamoDbClient client, String table, Clock clock, Duration partTtl) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.partTtl = Objects.requireNonNull(partTtl, "partTtl");
  }

  // ---- types -----------------------------------------------------------------------------------------------------

  @Override
  public void relistBegan(String cluster, GroupVersionResource type, String relistId, Instant at) {
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(at, "at");
    reported(cluster);
    update(cluster, type, progress -> progress.began(relistId, at));
  }

  /**
   * Records the completion, then keeps the parts of the type's watermark for good (no {@code expiresAt}) and forgets
   * every other relist's parts that were kept for good, and this relist's if it is not the watermark. The watermark
   * is read again after keeping: if a newer relist completed meanwhile, whichever of the two reads the other's write
   * forgets this one's parts, so none are left without a TTL. Each step is idempotent, so a redelivered
   * {@code relistEnd} finishes what a failed call left.
   */
  @Override
  public Optional<java.time.Duration> relistCompleted(
      String cluster, GroupVersionResource type, String relistId, String resourceVersion, long count, Instant at) {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    reported(cluster);
    // The update may run its change again after a conflict: the last run is the one written.
    java.util.concurrent.atomic.AtomicReference<Optional<java.time.Duration>> took =
        new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
    TypeSyncProgress recorded = update(cluster, type, progress -> {
      TypeSyncProgress next = progress.completed(relistId, resourceVersion, count, at);
      took.set(progress.listingTime(next, relistId));
      return next;
    });
    String pk = relistPk(cluster, type);
    if (relistId.equals(recorded.completedRelistId())) {
      keepForGood(pk, relistId);
    }
    String watermark = readProgress(cluster, type).map(TypeSyncProgress::completedRelistId).orElse("");
    List<Map<String, AttributeValue>> forgotten = new ArrayList<>();
    query(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk")
            .projectionExpression("#pk, #sk, #rid, #exp")
            .expressionAttributeNames(
                Map.of("#pk", Attr.PK, "#sk", Attr.SK, "#rid", Attr.RELIST_ID, "#exp", Attr.EXPIRES_AT))
            .expressionAttributeValues(Map.of(":pk", s(pk))),
        "relistCompleted",
        item -> {
          String of = str(item, Attr.RELIST_ID);
          boolean keptForGood = !item.containsKey(Attr.EXPIRES_AT);
          if (!of.equals(watermark) && (keptForGood || of.equals(relistId))) {
            forgotten.add(Map.of(Attr.PK, item.get(Attr.PK), Attr.SK, item.get(Attr.SK)));
          }
        });
    for (Map<String, AttributeValue> key : forgotten) {
      try {
        client.deleteItem(r -> r.tableName(table).key(key));
      } catch (RuntimeException e) {
        throw DynamoErrors.translate(e, "relistCompleted", table);
      }
    }
    return took.get();
  }

  @Override
  public Optional<CompletedRelist> completedRelist(String cluster, GroupVersionResource type) {
    return readProgress(cluster, type).flatMap(TypeSyncProgress::completedRelist);
  }

  @Override
  public Optional<Set<String>> relistKeys(String cluster, GroupVersionResource type, String relistId) {
    List<RelistPart> parts = keptParts(cluster, type, relistId, clock.instant(), "relistKeys");
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return RelistParts.complete(parts, parts.get(0).parts()).map(RelistParts::keys);
  }

  /** Removes {@code expiresAt} from the relist's part items; an item deleted meanwhile stays deleted. */
  private void keepForGood(String pk, String relistId) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    query(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :relist)")
            .projectionExpression("#pk, #sk, #rid")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK, "#rid", Attr.RELIST_ID))
            .expressionAttributeValues(Map.of(":pk", s(pk), ":relist", s(partPrefix(relistId)))),
        "relistCompleted",
        item -> {
          if (relistId.equals(str(item, Attr.RELIST_ID))) {
            keys.add(Map.of(Attr.PK, item.get(Attr.PK), Attr.SK, item.get(Attr.SK)));
          }
        });
    for (Map<String, AttributeValue> key : keys) {
      try {
        client.updateItem(
            r ->
                r.tableName(table)
                    .key(key)
                    .updateExpression("REMOVE #exp")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#exp", Attr.EXPIRES_AT, "#pk", Attr.PK)));
      } catch (ConditionalCheckFailedException forgottenMeanwhile) {
        // a newer relist completed and forgot this one's parts
      } catch (RuntimeException e) {
        throw DynamoErrors.translate(e, "relistCompleted", table);
      }
    }
  }

  @Override
  public void typesAnnounced(String cluster, Set<GroupVersionResource> types) {
    if (types.isEmpty()) {
      return;
    }
    reported(cluster);
    Set<String> known = new HashSet<>();
    for (TypeSyncState state : types(cluster)) {
      known.add(state.type().toString());
    }
    for (GroupVersionResource type : types) {
      if (!known.contains(type.toString())) {
        update(cluster, type, UnaryOperator.identity());
      }
    }
  }

  @Override
  public List<TypeSyncState> types(String cluster) {
    List<TypeSyncState> states = new ArrayList<>();
    query(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :type)")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
            .expressionAttributeValues(Map.of(":pk", s(clusterPk(cluster)), ":type", s(TYPE_PREFIX))),
        "types",
        item -> {
          GroupVersionResource type = GroupVersionResource.parse(str(item, Attr.SK).substring(TYPE_PREFIX.length()));
          states.add(decodeProgress(item).toState(cluster, type));
        });
    return List.copyOf(states);
  }

  @Override
  public Set<String> clustersSyncing(GroupVersionResource type) {
    return sortKeys(TYPE_PREFIX + type, "clustersSyncing");
  }

  /** The sort keys of one partition, in storage order: the clusters of a reverse-index partition. */
  private Set<String> sortKeys(String partitionKey, String operation) {
    SortedSet<String> keys = new TreeSet<>(StorageKeys.SORT_ORDER);
    query(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk")
            .projectionExpression("#sk")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
            .expressionAttributeValues(Map.of(":pk", s(partitionKey))),
        operation,
        item -> keys.add(str(item, Attr.SK)));
    return Collections.unmodifiableSortedSet(keys);
  }

  /**
   * Applies {@code change} to the type's state: read, change, write on condition that nobody wrote in between; again
   * if somebody did. A new type gets its reverse-index item ({@code type#{gvr}} / cluster) first, so that a type item
   * never exists without it.
   */
  private TypeSyncProgress update(
      String cluster, GroupVersionResource type, UnaryOperator<TypeSyncProgress> change) {
    Map<String, AttributeValue> key = typeKey(cluster, type);
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> item = getItem(key, "updateType");
      boolean exists = item != null && !item.isEmpty();
      TypeSyncProgress before = exists ? decodeProgress(item) : TypeSyncProgress.announced();
      TypeSyncProgress after = change.apply(before);
      if (exists && after.equals(before)) {
        return before;
      }
      long version = exists ? num(item, Attr.VERSION) : 0;
      if (!exists) {
        putItem(
            PutItemRequest.builder()
                .tableName(table)
                .item(
                    Map.of(
                        Attr.PK, s(TYPE_PREFIX + type),
                        Attr.SK, s(cluster),
                        Attr.CLUSTER, s(cluster),
                        Attr.GVR, s(type.toString())))
                .build(),
            "updateType");
      }
      Map<String, AttributeValue> written = encodeProgress(after);
      written.putAll(key);
      written.put(Attr.CLUSTER, s(cluster));
      written.put(Attr.GVR, s(type.toString()));
      written.put(Attr.VERSION, n(version + 1));
      PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(written);
      if (exists) {
        put.conditionExpression("#ver = :ver")
            .expressionAttributeNames(Map.of("#ver", Attr.VERSION))
            .expressionAttributeValues(Map.of(":ver", n(version)));
      } else {
        put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Attr.PK));
      }
      try {
        putItem(put.build(), "updateType");
        return after;
      } catch (ConditionalCheckFailedException concurrent) {
        // somebody else changed it: read again
      }
    }
    throw new StoreUnavailableException(
        "type " + type + " of cluster " + cluster + " kept changing under " + MAX_UPDATE_ATTEMPTS + " updates", null);
  }

  private Optional<TypeSyncProgress> readProgress(String cluster, GroupVersionResource type) {
    Map<String, AttributeValue> item = getItem(typeKey(cluster, type), "readType");
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decodeProgress(item));
  }

  private static Map<String, AttributeValue> typeKey(String cluster, GroupVersionResource type) {
    return Map.of(Attr.PK, s(clusterPk(cluster)), Attr.SK, s(TYPE_PREFIX + type));
  }

  private static Map<String, AttributeValue> encodeProgress(TypeSyncProgress progress) {
    Map<String, AttributeValue> item = new HashMap<>();
    if (!progress.relistId().isEmpty()) {
      item.put(Attr.RELIST_ID, s(progress.relistId()));
    }
    progress.beganAt().ifPresent(t -> item.put(Attr.BEGAN_AT, n(t.toEpochMilli())));
    item.put(Attr.LISTING, AttributeValue.fromBool(progress.listing()));
    item.put(Attr.LAST_COUNT, n(progress.lastCount()));
    progress.lastCompleted().ifPresent(t -> item.put(Attr.LAST_COMPLETED, n(t.toEpochMilli())));
    if (!progress.completedRelistId().isEmpty()) {
      item.put(Attr.COMPLETED_RELIST_ID, s(progress.completedRelistId()));
    }
    if (!progress.completedResourceVersion().isEmpty()) {
      item.put(Attr.COMPLETED_RV, s(progress.completedResourceVersion()));
    }
    return item;
  }

  private static TypeSyncProgress decodeProgress(Map<String, AttributeValue> item) {
    AttributeValue listing = item.get(Attr.LISTING);
    return new TypeSyncProgress(
        optStr(item, Attr.RELIST_ID).orElse(""),
        optNum(item, Attr.BEGAN_AT).map(Instant::ofEpochMilli),
        listing != null && Boolean.TRUE.equals(listing.bool()),
        optNum(item, Attr.LAST_COUNT).orElse(-1L),
        optNum(item, Attr.LAST_COMPLETED).map(Instant::ofEpochMilli),
        optStr(item, Attr.COMPLETED_RELIST_ID).orElse(""),
        optStr(item, Attr.COMPLETED_RV).orElse(""));
  }

  // ---- relist parts -----------------------------------------------------------------------------------------------

  @Override
  public Optional<List<RelistPart>> addRelistPart(RelistPart part) {
    String pk = relistPk(part.cluster(), part.type());
    Instant now = clock.instant();
    long expiresAt = now.plus(partTtl).getEpochSecond();
    List<List<String>> chunks = chunks(part.keys());
    for (int chunk = 0; chunk < chunks.size(); chunk++) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put(Attr.PK, s(pk));
      item.put(Attr.SK, s(partPrefix(part.relistId()) + String.format("%05d#%03d", part.part(), chunk)));
      item.put(Attr.CLUSTER, s(part.cluster()));
      item.put(Attr.GVR, s(part.type().toString()));
      item.put(Attr.RELIST_ID, s(part.relistId()));
      item.put(Attr.RV, s(part.resourceVersion()));
      item.put(Attr.COUNT, n(part.count()));
      item.put(Attr.PART, n(part.part()));
      item.put(Attr.PARTS, n(part.parts()));
      item.put(Attr.CHUNK, n(chunk));
      item.put(Attr.CHUNKS, n(chunks.size()));
      item.put(Attr.KEYS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(gzipKeys(chunks.get(chunk)))));
      item.put(Attr.EXPIRES_AT, n(expiresAt));
      try {
        // A part kept for good (its relist is the type's watermark) must not get a TTL again.
        putItem(
            PutItemRequest.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk) OR attribute_exists(#exp)")
                .expressionAttributeNames(Map.of("#pk", Attr.PK, "#exp", Attr.EXPIRES_AT))
                .build(),
            "addRelistPart");
      } catch (ConditionalCheckFailedException keptForGood) {
        // the same chunk is already there, without a TTL
      }
    }
    List<RelistPart> kept = keptParts(part.cluster(), part.type(), part.relistId(), now, "addRelistPart");
    return RelistParts.complete(kept, part.parts());
  }

  /** The relist's parts whose every chunk is present and not expired (strongly consistent). */
  private List<RelistPart> keptParts(
      String cluster, GroupVersionResource type, String relistId, Instant now, String operation) {
    // part number -> chunk number -> item; only parts whose every chunk is present count.
    Map<Integer, TreeMap<Integer, Map<String, AttributeValue>>> kept = new HashMap<>();
    long nowSeconds = now.getEpochSecond();
    query(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :relist)")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
            .expressionAttributeValues(
                Map.of(":pk", s(relistPk(cluster, type)), ":relist", s(partPrefix(relistId)))),
        operation,
        item -> {
          boolean live = optNum(item, Attr.EXPIRES_AT).map(expiry -> expiry > nowSeconds).orElse(true);
          if (live && relistId.equals(str(item, Attr.RELIST_ID))) {
            kept.computeIfAbsent((int) num(item, Attr.PART), p -> new TreeMap<>())
                .put((int) num(item, Attr.CHUNK), item);
          }
        });
    List<RelistPart> parts = new ArrayList<>();
    kept.forEach(
        (number, byChunk) -> {
          Map<String, AttributeValue> first = byChunk.firstEntry().getValue();
          if (byChunk.size() == num(first, Attr.CHUNKS)) {
            List<String> keys = new ArrayList<>();
            byChunk.values().forEach(item -> keys.addAll(gunzipKeys(item.get(Attr.KEYS).b().asByteArrayUnsafe())));
            parts.add(
                new RelistPart(
                    cluster,
                    type,
                    relistId,
                    str(first, Attr.RV),
                    num(first, Attr.COUNT),
                    number,
                    (int) num(first, Attr.PARTS),
                    keys));
          }
        });
    return parts;
  }

  /** The keys in as few pieces as keep each piece's gzip within {@link #MAX_KEYS_GZIP_BYTES}. */
  static List<List<String>> chunks(List<String> keys) {
    for (int pieces = 1; ; pieces *= 2) {
      List<List<String>> split = split(keys, pieces);
      boolean fits = true;
      for (List<String> piece : split) {
        if (gzipKeys(piece).length > MAX_KEYS_GZIP_BYTES) {
          fits = false;
          break;
        }
      }
      if (fits || pieces >= Math.max(1, keys.size())) {
        return split;
      }
    }
  }

  private static List<List<String>> split(List<String> keys, int pieces) {
    List<List<String>> split = new ArrayList<>();
    int size = (keys.size() + pieces - 1) / pieces;
    if (size == 0) {
      split.add(List.of());
      return split;
    }
    for (int from = 0; from < keys.size(); from += size) {
      split.add(keys.subList(from, Math.min(keys.size(), from + size)));
    }
    return split;
  }

  private static byte[] gzipKeys(List<String> keys) {
    return ObjectBodies.gzip(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> gunzipKeys(byte[] gzip) {
    String text = new String(ObjectBodies.gunzip(gzip), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
  }

  // ---- agent status -----------------------------------------------------------------------------------------------

  @Override
  public boolean putAgentStatus(String cluster, Instant observedAt, byte[] statusJson) {
    reported(cluster);
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, s(clusterPk(cluster)));
    item.put(Attr.SK, s(STATUS_SK));
    item.put(Attr.CLUSTER, s(cluster));
    item.put(Attr.DOC, s(new String(statusJson, StandardCharsets.UTF_8)));
    long millis = TypeSyncProgress.millis(observedAt).toEpochMilli();
    item.put(Attr.OBSERVED_AT, n(millis));
    try {
      putItem(
          PutItemRequest.builder()
              .tableName(table)
              .item(item)
              .conditionExpression("attribute_not_exists(#pk) OR #obs < :obs")
              .expressionAttributeNames(Map.of("#pk", Attr.PK, "#obs", Attr.OBSERVED_AT))
              .expressionAttributeValues(Map.of(":obs", n(millis)))
              .build(),
          "putAgentStatus");
      return true;
    } catch (ConditionalCheckFailedException older) {
      return false;
    }
  }

  @Override
  public Optional<AgentStatusRecord> agentStatus(String cluster) {
    Map<String, AttributeValue> item =
        getItem(Map.of(Attr.PK, s(clusterPk(cluster)), Attr.SK, s(STATUS_SK)), "agentStatus");
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AgentStatusRecord(
            cluster,
            Instant.ofEpochMilli(num(item, Attr.OBSERVED_AT)),
            str(item, Attr.DOC).getBytes(StandardCharsets.UTF_8)));
  }

  // ---- clusters ---------------------------------------------------------------------------------------------------

  @Override
  public Set<String> clusters() {
    return sortKeys(CLUSTERS_PK, "clusters");
  }

  /**
   * Records that an agent reported about the cluster, before what it reported is written (so {@link #clusters()}
   * never misses a cluster that has data). An unconditional put of a constant item, so idempotent; once per cluster
   * and store instance, so a busy cluster costs no extra writes.
   */
  private void reported(String cluster) {
    if (recordedClusters.contains(Objects.requireNonNull(cluster, "cluster"))) {
      return;
    }
    putItem(
        PutItemRequest.builder()
            .tableName(table)
            .item(Map.of(Attr.PK, s(CLUSTERS_PK), Attr.SK, s(cluster), Attr.CLUSTER, s(cluster)))
            .build(),
        "recordCluster");
    recordedClusters.add(cluster);
  }

  // ---- plumbing ---------------------------------------------------------------------------------------------------

  private static String clusterPk(String cluster) {
    return "cluster#" + Objects.requireNonNull(cluster, "cluster");
  }

  /** The partition of every relist's parts of one type in one cluster. */
  private static String relistPk(String cluster, GroupVersionResource type) {
    return "relist#" + Objects.requireNonNull(cluster, "cluster") + "#" + type;
  }

  /**
   * The start of the sort keys of one relist's parts: the SHA-256 of its id in hex, as an id may be longer than a
   * sort key may be (512 characters, up to 3 bytes each in UTF-8). The items carry the id itself too.
   */
  static String partPrefix(String relistId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(relistId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest) + "#part#";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key, String operation) {
    try {
      return client.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, operation, table);
    }
  }

  /** Puts; a failed condition propagates as {@link ConditionalCheckFailedException} for the caller to decide. */
  private void putItem(PutItemRequest request, String operation) {
    try {
      client.putItem(request);
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw DynamoErrors.translate(e, operation, table);
    }
  }

  private void query(QueryRequest.Builder request, String operation, Consumer<Map<String, AttributeValue>> each) {
    Map<String, AttributeValue> startKey = null;
    do {
      if (startKey != null) {
        request.exclusiveStartKey(startKey);
      }
      QueryResponse response;
      try {
        response = client.query(request.build());
      } catch (RuntimeException e) {
        throw DynamoErrors.translate(e, operation, table);
      }
      response.items().forEach(each);
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey()
          : null;
    } while (startKey != null);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    return optStr(item, name).orElseThrow(() -> new IllegalStateException("item has no attribute " + name));
  }

  private static Optional<String> optStr(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    return optNum(item, name).orElseThrow(() -> new IllegalStateException("item has no number " + name));
  }

  private static Optional<Long> optNum(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? Optional.empty() : Optional.of(Long.parseLong(value.n()));
  }

  // ---- forgetting a cluster --------------------------------------------------------------------------------------

  /**
   * Deletes the cluster's items: its partition (status and types), each type's reverse-index item and relist
   * partition, and its {@code clusters} item. Each delete is idempotent, so a failure part way is finished by calling
   * again. Cost: one Query per partition and one delete per item.
   */
  @Override
  public void forget(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
    List<GroupVersionResource> clusterTypes = new java.util.ArrayList<>();
    collectKeys(clusterPk(cluster), "forget", item -> {
      keys.add(Map.of(Attr.PK, item.get(Attr.PK), Attr.SK, item.get(Attr.SK)));
      String sk = str(item, Attr.SK);
      if (sk.startsWith(TYPE_PREFIX)) {
        clusterTypes.add(GroupVersionResource.parse(sk.substring(TYPE_PREFIX.length())));
      }
    });
    for (GroupVersionResource type : clusterTypes) {
      keys.add(Map.of(Attr.PK, s(TYPE_PREFIX + type), Attr.SK, s(cluster)));
      collectKeys(relistPk(cluster, type), "forget",
          item -> keys.add(Map.of(Attr.PK, item.get(Attr.PK), Attr.SK, item.get(Attr.SK))));
    }
    // The clusters item last, so that a cluster half forgotten is still listed (and forgetting it again finishes).
    keys.add(Map.of(Attr.PK, s(CLUSTERS_PK), Attr.SK, s(cluster)));
    for (Map<String, AttributeValue> key : keys) {
      try {
        client.deleteItem(r -> r.tableName(table).key(key));
      } catch (RuntimeException e) {
        throw DynamoErrors.translate(e, "forget", table);
      }
    }
    recordedClusters.remove(cluster);
  }

  private void collectKeys(String partitionKey, String operation, Consumer<Map<String, AttributeValue>> each) {
    query(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk")
            .projectionExpression("#pk, #sk")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
            .expressionAttributeValues(Map.of(":pk", s(partitionKey))),
        operation,
        each);
  }

}
