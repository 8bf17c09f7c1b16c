package io.cloudpedia.events;

import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceVersions;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.dynamodb.DynamoErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link EventStore} on the {@code Resources} table, as two more item kinds (docs/storage.md, "Events"):
 *
 * <ul>
 *   <li>an association per Event: pk {@code {cluster}#events-of#{group}/{Kind}}, sk {@code {involved
 *       key}\u0001{eventNs}/{eventName}} ({@link EventKeys}), holding the Event (gzip) and its time, so that the
 *       Events of a range of objects are one Query;
 *   <li>a reverse item per Event: pk {@code {cluster}#events#refs}, sk {@code {eventNs}/{eventName}}: its
 *       resourceVersion and where its association is, so that a delete (which names only the Event) finds it with one
 *       GetItem, and a tombstone after a delete (with {@code expiresAt}) that blocks older puts.
 * </ul>
 *
 * <p>A put costs one GetItem (the reverse item) and two PutItems (association, reverse item; a third request removes
 * the old association of a moved Event, and with a per-object cap one Query of that object's Events plus a DeleteItem
 * per Event dropped). A delete costs one GetItem, one DeleteItem and one PutItem. Writes are conditional on the
 * resourceVersion, so that SQS's redeliveries converge; the reverse item is written last, so that a put that fails
 * half way is repeated in full by its redelivery.
 */
public final class DynamoEventStore implements EventStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoEventStore.class);

  static final String PK = "pk";
  static final String SK = "sk";
  static final String RV = "rv";
  static final String RVN = "rvn";
  static final String EXPIRES_AT = "expiresAt";
  static final String TOMB = "tomb";
  static final String CLUSTER = "cluster";
  static final String EVENT_NS = "ens";
  static final String EVENT_NAME = "ename";
  static final String INVOLVED_GROUP = "igroup";
  static final String INVOLVED_KIND = "ikind";
  static final String INVOLVED_NS = "ins";
  static final String INVOLVED_NAME = "iname";
  static final String INVOLVED_UID = "iuid";
  static final String TIME = "time";
  static final String BODY = "body";
  static final String SYNCED_AT = "syncedAt";
  /** On a reverse item: the association's pk and sk. */
  static final String ASSOCIATION_PK = "apk";
  static final String ASSOCIATION_SK = "ask";

  /** A write at this resourceVersion replaces an older one, and rewrites an equal one (a redelivery). */
  private static final String NOT_NEWER = "attribute_not_exists(#rvn) OR #rvn <= :rvn";
  private static final String OLDER = "attribute_not_exists(#rvn) OR #rvn < :rvn";
  private static final String REF_PUT =
      "attribute_not_exists(#pk) OR attribute_not_exists(#rvn) OR #rvn < :rvn OR #exp <= :now";
  private static final String REF_DELETE =
      "attribute_not_exists(#pk) OR attribute_not_exists(#rvn) OR #rvn < :rvn"
          + " OR (#rvn = :rvn AND attribute_not_exists(#tomb)) OR #exp <= :now";

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;
  private final EventRetention retention;
  private final Duration tombstoneTtl;
  private final StoreReads reads = new StoreReads();

  public DynamoEventStore(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC(), EventRetention.UNTIL_OBJECT_DELETED, ResourceStore.DEFAULT_TOMBSTONE_TTL);
  }

  /**
   * @param table the {@code Resources} table
   * @param tombstoneTtl how long a delete blocks older puts of the same Event (ingest's {@code TOMBSTONE_TTL_SECONDS})
   */
  public DynamoEventStore(
      DynamoDbClient client, String table, Clock clock, EventRetention retention, Duration tombstoneTtl) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.tombstoneTtl = Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
  }

  @Override
  public EventWriteOutcome put(String cluster, byte[] eventJson) {
    Instant now = clock.instant();
    Optional<StoredEvent> parsed = Events.parse(cluster, eventJson, now);
    if (parsed.isEmpty()) {
      return EventWriteOutcome.IGNORED;
    }
    StoredEvent event = parsed.get();
    byte[] gzip = ObjectBodies.gzip(eventJson);
    if (gzip.length > ObjectBodies.MAX_GZIP_BODY_BYTES) {
      LOG.warn("event {} of {} too large for one item: not associated", event.eventKey(), cluster);
      return EventWriteOutcome.IGNORED;
    }
    String rv = event.resourceVersion();
    boolean numeric = ResourceVersions.isNumeric(rv);
    Map<String, AttributeValue> refKey = refKey(cluster, event.eventNamespace(), event.eventName());
    Optional<Ref> ref = liveRef(refKey, now);
    if (ref.isPresent() && !ResourceVersions.upsertWins(ref.get().resourceVersion(), rv)) {
      return EventWriteOutcome.STALE;
    }
    Location location = Location.of(event);

    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(location.partition()));
    item.put(SK, s(location.sortKey()));
    item.put(RV, s(rv));
    if (numeric) {
      item.put(RVN, AttributeValue.fromN(rv));
    }
    item.put(CLUSTER, s(cluster));
    item.put(EVENT_NS, s(event.eventNamespace()));
    item.put(EVENT_NAME, s(event.eventName()));
    item.put(INVOLVED_GROUP, s(event.involved().group()));
    item.put(INVOLVED_KIND, s(event.involved().kind()));
    item.put(INVOLVED_NS, s(event.involved().namespace()));
    item.put(INVOLVED_NAME, s(event.involved().name()));
    item.put(INVOLVED_UID, s(event.involved().uid()));
    item.put(TIME, n(event.time().toEpochMilli()));
    item.put(BODY, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(gzip)));
    item.put(SYNCED_AT, n(now.toEpochMilli()));
    retention.maxAge().ifPresent(age -> item.put(EXPIRES_AT, n(event.time().plus(age).getEpochSecond())));
    if (!conditionalPut(item, numeric ? NOT_NEWER : null, rv, now, "put event")) {
      return EventWriteOutcome.STALE; // a newer version of the Event is already at this place
    }
    if (ref.isPresent() && ref.get().location().isPresent() && !ref.get().location().get().equals(location)) {
      deleteAssociation(ref.get().location().get(), numeric ? OLDER : null, rv); // moved to another object
    }

    Map<String, AttributeValue> refItem = new HashMap<>(refKey);
    refItem.put(RV, s(rv));
    if (numeric) {
      refItem.put(RVN, AttributeValue.fromN(rv));
    }
    refItem.put(ASSOCIATION_PK, s(location.partition()));
    refItem.put(ASSOCIATION_SK, s(location.sortKey()));
    if (!conditionalPut(refItem, numeric ? REF_PUT : null, rv, now, "put event ref")) {
      // A newer version (or a delete) won meanwhile: take back this association unless it is that version's too.
      Optional<Ref> winner = liveRef(refKey, now);
      if (winner.isEmpty() || !winner.get().location().equals(Optional.of(location))) {
        deleteAssociation(location, numeric ? "#rvn = :rvn" : null, rv);
      }
      return EventWriteOutcome.STALE;
    }
    retention.maxPerObject().ifPresent(max -> dropOldest(location.partition(), event.involved().key(), max));
    return EventWriteOutcome.APPLIED;
  }

  @Override
  public EventWriteOutcome delete(String cluster, String eventNamespace, String eventName, String resourceVersion) {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Instant now = clock.instant();
    boolean numeric = ResourceVersions.isNumeric(resourceVersion);
    Map<String, AttributeValue> refKey = refKey(cluster, eventNamespace, eventName);
    Optional<Ref> ref = liveRef(refKey, now);
    if (ref.isPresent()
        && !ResourceVersions.deleteWins(ref.get().resourceVersion(), ref.get().deleted(), resourceVersion)) {
      return EventWriteOutcome.STALE;
    }
    if (ref.isPresent() && ref.get().location().isPresent()) {
      deleteAssociation(ref.get().location().get(), numeric ? NOT_NEWER : null, resourceVersion);
    }
    Map<String, AttributeValue> tombstone = new HashMap<>(refKey);
    tombstone.put(RV, s(resourceVersion));
    if (numeric) {
      tombstone.put(RVN, AttributeValue.fromN(resourceVersion));
    }
    tombstone.put(TOMB, AttributeValue.fromBool(true));
    tombstone.put(EXPIRES_AT, n(now.plus(tombstoneTtl).getEpochSecond()));
    return conditionalPut(tombstone, numeric ? REF_DELETE : null, resourceVersion, now, "delete event")
        ? EventWriteOutcome.APPLIED
        : EventWriteOutcome.STALE;
  }

  @Override
  public long deleteAllOf(String cluster, String group, String kind, String namespace, String name) {
    String partition = EventKeys.partition(cluster, group, kind);
    String key = EventKeys.involvedKey(namespace, name);
    List<String> sortKeys = new ArrayList<>();
    queryRange(partition, EventKeys.rangeStart(key), EventKeys.rangeEnd(key), true, false,
        item -> sortKeys.add(item.get(SK).s()));
    // The reverse items stay: the Event's own delete (or the v1/events sweep) turns them into tombstones.
    for (String sortKey : sortKeys) {
      deleteAssociation(new Location(partition, sortKey), null, null);
    }
    return sortKeys.size();
  }

  @Override
  public Map<String, List<StoredEvent>> eventsOf(
      String cluster, String group, String kind, String fromKey, String toKey) {
    Map<String, List<StoredEvent>> events = new LinkedHashMap<>();
    if (StorageKeys.SORT_ORDER.compare(fromKey, toKey) > 0) {
      return events;
    }
    queryRange(EventKeys.partition(cluster, group, kind), EventKeys.rangeStart(fromKey), EventKeys.rangeEnd(toKey),
        false, retention.maxAge().isPresent(), item -> {
          StoredEvent event = toEvent(item);
          events.computeIfAbsent(event.involved().key(), k -> new ArrayList<>()).add(event);
        });
    events.values().forEach(list -> list.sort(Events.NEWEST_FIRST));
    return events;
  }

  @Override
  public StoreReads reads() {
    return reads;
  }

  /** Keeps the newest {@code max} Events of one object: one Query (keys and times), a DeleteItem per Event dropped. */
  private void dropOldest(String partition, String involvedKey, int max) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    queryRange(partition, EventKeys.rangeStart(involvedKey), EventKeys.rangeEnd(involvedKey), true, false, items::add);
    if (items.size() <= max) {
      return;
    }
    items.sort((a, b) -> {
      int byTime = Long.compare(Long.parseLong(b.get(TIME).n()), Long.parseLong(a.get(TIME).n()));
      return byTime != 0 ? byTime : rvOrder(b).compareTo(rvOrder(a));
    });
    for (Map<String, AttributeValue> old : items.subList(max, items.size())) {
      AttributeValue rvn = old.get(RVN);
      deleteAssociation(new Location(partition, old.get(SK).s()), rvn == null ? null : "#rvn = :rvn",
          rvn == null ? null : rvn.n());
    }
  }

  private static java.math.BigInteger rvOrder(Map<String, AttributeValue> item) {
    AttributeValue rvn = item.get(RVN);
    return rvn == null ? java.math.BigInteger.ZERO : new java.math.BigInteger(rvn.n());
  }

  /**
   * Reads the sort keys in {@code [from, toExclusive)} of one partition, every page.
   *
   * @param keysOnly read only sk, time and rvn
   * @param unexpired leave out items whose {@code expiresAt} has passed (TTL deletes late)
   */
  private void queryRange(
      String partition,
      String from,
      String toExclusive,
      boolean keysOnly,
      boolean unexpired,
      java.util.function.Consumer<Map<String, AttributeValue>> action) {
    // BETWEEN is inclusive; no sort key equals the exclusive bound (it ends with U+0002, which no key holds).
    Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#sk", SK));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(partition), ":to", s(toExclusive)));
    // A key attribute value may not be empty: from "" is "everything up to".
    String keyCondition = from.isEmpty() ? "#pk = :pk AND #sk <= :to" : "#pk = :pk AND #sk BETWEEN :from AND :to";
    if (!from.isEmpty()) {
      values.put(":from", s(from));
    }
    Map<String, AttributeValue> startKey = null;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .consistentRead(true)
              .keyConditionExpression(keyCondition);
      if (keysOnly) {
        names.put("#time", TIME);
        names.put("#rvn", RVN);
        query.projectionExpression("#sk, #time, #rvn");
      }
      if (unexpired) {
        names.put("#exp", EXPIRES_AT);
        values.put(":now", n(clock.instant().getEpochSecond()));
        query.filterExpression("attribute_not_exists(#exp) OR #exp > :now");
      }
      query.expressionAttributeNames(names).expressionAttributeValues(values);
      if (startKey != null) {
        query.exclusiveStartKey(startKey);
      }
      QueryResponse response;
      try {
        response = client.query(query.build());
      } catch (RuntimeException e) {
        throw translate(e, "Query");
      }
      reads.recordRequest(response.scannedCount() == null ? response.items().size() : response.scannedCount());
      response.items().forEach(action);
      startKey =
          response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
    } while (startKey != null);
  }

  /** The reverse item, unless absent or a tombstone whose TTL has passed (as if never written). */
  private Optional<Ref> liveRef(Map<String, AttributeValue> key, Instant now) {
    GetItemResponse response;
    try {
      response = client.getItem(r -> r.tableName(table).key(key).consistentRead(true));
    } catch (RuntimeException e) {
      throw translate(e, "GetItem");
    }
    reads.recordRequest(response.hasItem() && !response.item().isEmpty() ? 1 : 0);
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = response.item();
    AttributeValue expires = item.get(EXPIRES_AT);
    if (expires != null && Long.parseLong(expires.n()) <= now.getEpochSecond()) {
      return Optional.empty();
    }
    AttributeValue apk = item.get(ASSOCIATION_PK);
    AttributeValue ask = item.get(ASSOCIATION_SK);
    Optional<Location> location =
        apk == null || ask == null ? Optional.empty() : Optional.of(new Location(apk.s(), ask.s()));
    return Optional.of(new Ref(item.get(RV).s(), item.containsKey(TOMB), location));
  }

  /** A PutItem under {@code condition} (none if null); false if the condition failed. */
  private boolean conditionalPut(
      Map<String, AttributeValue> item, String condition, String rv, Instant now, String operation) {
    PutItemRequest.Builder request = PutItemRequest.builder().tableName(table).item(item);
    if (condition != null) {
      Map<String, String> names = new HashMap<>();
      Map<String, AttributeValue> values = new HashMap<>();
      names.put("#rvn", RVN);
      values.put(":rvn", AttributeValue.fromN(rv));
      if (condition.contains("#pk")) {
        names.put("#pk", PK);
      }
      if (condition.contains("#exp")) {
        names.put("#exp", EXPIRES_AT);
        values.put(":now", n(now.getEpochSecond()));
      }
      if (condition.contains("#tomb")) {
        names.put("#tomb", TOMB);
      }
      request.conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values);
    }
    try {
      client.putItem(request.build());
      return true;
    } catch (ConditionalCheckFailedException stale) {
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "PutItem (" + operation + ")");
    }
  }

  /** Deletes an association under {@code condition} on {@code #rvn} (none if null); a failed condition is a no-op. */
  private void deleteAssociation(Location location, String condition, String rv) {
    DeleteItemRequest.Builder request =
        DeleteItemRequest.builder()
            .tableName(table)
            .key(Map.of(PK, s(location.partition()), SK, s(location.sortKey())));
    if (condition != null) {
      request
          .conditionExpression(condition)
          .expressionAttributeNames(Map.of("#rvn", RVN))
          .expressionAttributeValues(Map.of(":rvn", AttributeValue.fromN(rv)));
    }
    try {
      client.deleteItem(request.build());
    } catch (ConditionalCheckFailedException newer) {
      // A newer version of that Event is there: it stays.
    } catch (RuntimeException e) {
      throw translate(e, "DeleteItem");
    }
  }

  private static StoredEvent toEvent(Map<String, AttributeValue> item) {
    InvolvedRef involved =
        new InvolvedRef(
            item.get(INVOLVED_GROUP).s(),
            item.get(INVOLVED_KIND).s(),
            item.get(INVOLVED_NS).s(),
            item.get(INVOLVED_NAME).s(),
            item.get(INVOLVED_UID).s());
    return new StoredEvent(
        item.get(CLUSTER).s(),
        item.get(EVENT_NS).s(),
        item.get(EVENT_NAME).s(),
        item.get(RV).s(),
        involved,
        Instant.ofEpochMilli(Long.parseLong(item.get(TIME).n())),
        ObjectBodies.gunzip(item.get(BODY).b().asByteArrayUnsafe()));
  }

  private static Map<String, AttributeValue> refKey(String cluster, String namespace, String name) {
    return Map.of(PK, s(EventKeys.refPartition(cluster)), SK, s(EventKeys.eventKey(namespace, name)));
  }

  private RuntimeException translate(RuntimeException e, String operation) {
    return DynamoErrors.translate(e, operation, table);
  }


  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private record Ref(String resourceVersion, boolean deleted, Optional<Location> location) {}

  private record Location(String partition, String sortKey) {
    static Location of(StoredEvent event) {
      return new Location(
          EventKeys.partition(event.cluster(), event.involved().group(), event.involved().kind()),
          EventKeys.sortKey(event.involved().key(), event.eventNamespace(), event.eventName()));
    }
  }
}
