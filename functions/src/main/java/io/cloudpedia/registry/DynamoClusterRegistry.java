package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.store.dynamodb.DynamoErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link ClusterRegistry} on the {@code SyncState} table (docs/storage.md, "Cluster registry"): one item per object,
 * partition {@code registry#{resource}} (all objects of a kind together, sorted by name), sort key the name,
 * {@code doc} the object's JSON and {@code rv} its resourceVersion. A get is one strongly consistent GetItem, a list one
 * strongly consistent Query (more only past 1 MB of objects). Writes are read-modify-write with the condition that
 * {@code rv} is still the one read, so that of two writes from the same read exactly one wins.
 */
public final class DynamoClusterRegistry implements ClusterRegistry {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String DOC = "doc";
  static final String RV = "rv";
  /** A write that lost a race is tried again from a new read; an unconditional one gives up after this many. */
  private static final int MAX_ATTEMPTS = 20;

  private final DynamoDbClient client;
  private final String table;
  private final Clock clock;

  public DynamoClusterRegistry(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC());
  }

  public DynamoClusterRegistry(DynamoDbClient client, String table, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The partition of a kind's objects: {@code registry#pediaclusters}, {@code registry#clustersyncresources}. */
  static String partition(RegistryKind kind) {
    return "registry#" + kind.resource();
  }

  @Override
  public Optional<Stored> get(RegistryKind kind, String name) {
    Objects.requireNonNull(name, "name");
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(r -> r.tableName(table).consistentRead(true).key(key(kind, name))).item();
    } catch (RuntimeException e) {
      throw translate(e, "GetItem");
    }
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decode(kind, item));
  }

  @Override
  public List<Stored> list(RegistryKind kind) {
    List<Stored> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page;
      try {
        page =
            client.query(
                r -> {
                  r.tableName(table)
                      .consistentRead(true)
                      .keyConditionExpression("#pk = :pk")
                      .expressionAttributeNames(Map.of("#pk", PK))
                      .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition(kind))));
                  if (from != null) {
                    r.exclusiveStartKey(from);
                  }
                });
      } catch (RuntimeException e) {
        throw translate(e, "Query");
      }
      for (Map<String, AttributeValue> item : page.items()) {
        out.add(decode(kind, item));
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return out; // names are DNS names (ASCII), so the table's byte order is their string order
  }

  @Override
  public Stored create(RegistryKind kind, ObjectNode object) {
    String name = RegistryObjects.nameOf(kind, object);
    Instant now = clock.instant();
    long rv = RegistryObjects.firstResourceVersion(now);
    ObjectNode created = RegistryObjects.created(kind, object, now, rv);
    Map<String, AttributeValue> item = item(kind, name, created, rv);
    try {
      client.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", PK)));
    } catch (ConditionalCheckFailedException exists) {
      throw new RegistryException.AlreadyExists(kind, name);
    } catch (RuntimeException e) {
      throw translate(e, "PutItem");
    }
    return new Stored(kind, name, created, rv);
  }

  @Override
  public Stored update(RegistryKind kind, ObjectNode object) {
    String name = RegistryObjects.nameOf(kind, object);
    return readModifyWrite(kind, name, (current, rv) -> RegistryObjects.updated(kind, current, object, rv));
  }

  @Override
  public Stored updateStatus(RegistryKind kind, ObjectNode object) {
    String name = RegistryObjects.nameOf(kind, object);
    if (!kind.hasStatus()) {
      throw new IllegalArgumentException(kind.kind() + " has no status subresource");
    }
    return readModifyWrite(kind, name, (current, rv) -> RegistryObjects.statusUpdated(kind, current, object, rv));
  }

  @Override
  public Stored markDeleting(RegistryKind kind, String name, Instant at) {
    Objects.requireNonNull(at, "at");
    return readModifyWrite(
        kind,
        name,
        (current, rv) ->
            current.deletionTimestamp().isPresent() ? null : RegistryObjects.deleting(current, at, rv));
  }

  @Override
  public boolean remove(RegistryKind kind, String name) {
    try {
      Map<String, AttributeValue> old =
          client
              .deleteItem(r -> r.tableName(table).key(key(kind, name)).returnValues(ReturnValue.ALL_OLD))
              .attributes();
      return old != null && !old.isEmpty();
    } catch (RuntimeException e) {
      throw translate(e, "DeleteItem");
    }
  }

  /** What a write makes of the current object at the next resourceVersion; null to leave the object as it is. */
  private interface Change {
    ObjectNode apply(Stored current, long rv);
  }

  /**
   * Reads the object, applies the change (which checks the client's preconditions against what was read) and writes
   * it on the condition that {@code rv} did not move meanwhile. A lost race starts again from a new read: a client
   * that sent a resourceVersion then gets its {@link RegistryException.Conflict} from the precondition (or
   * {@link RegistryException.NotFound}), an unconditional write is applied to the newer object.
   */
  private Stored readModifyWrite(RegistryKind kind, String name, Change change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Stored current = get(kind, name).orElseThrow(() -> new RegistryException.NotFound(kind, name));
      long rv = RegistryObjects.nextResourceVersion(current.resourceVersion(), clock.instant());
      ObjectNode next = change.apply(current, rv);
      if (next == null) {
        return current;
      }
      Map<String, AttributeValue> item = item(kind, name, next, rv);
      try {
        client.putItem(
            r ->
                r.tableName(table)
                    .item(item)
                    .conditionExpression("#rv = :expected")
                    .expressionAttributeNames(Map.of("#rv", RV))
                    .expressionAttributeValues(
                        Map.of(":expected", AttributeValue.fromN(Long.toString(current.resourceVersion())))));
        return new Stored(kind, name, next, rv);
      } catch (ConditionalCheckFailedException raced) {
        // another write came between the read and this one: read again
      } catch (RuntimeException e) {
        throw translate(e, "PutItem");
      }
    }
    throw new RegistryException.Conflict(
        kind, name, "the object is being modified by other writers; please try again");
  }

  private static Map<String, AttributeValue> key(RegistryKind kind, String name) {
    return Map.of(PK, AttributeValue.fromS(partition(kind)), SK, AttributeValue.fromS(name));
  }

  private static Map<String, AttributeValue> item(RegistryKind kind, String name, ObjectNode object, long rv) {
    Map<String, AttributeValue> item = new HashMap<>(key(kind, name));
    item.put(DOC, AttributeValue.fromS(RegistryObjects.json(kind, name, object)));
    item.put(RV, AttributeValue.fromN(Long.toString(rv)));
    return item;
  }

  private static Stored decode(RegistryKind kind, Map<String, AttributeValue> item) {
    return new Stored(
        kind, item.get(SK).s(), RegistryObjects.parse(item.get(DOC).s()), Long.parseLong(item.get(RV).n()));
  }

  private RuntimeException translate(RuntimeException e, String operation) {
    return DynamoErrors.translate(e, operation, table);
  }

}
