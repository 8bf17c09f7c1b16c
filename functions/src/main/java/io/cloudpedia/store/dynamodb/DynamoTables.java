package io.cloudpedia.store.dynamodb;

import io.cloudpedia.env.EnvVariable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The names of the two tables (docs/storage.md), and their creation for tests and {@code cloudpedia local}. In AWS the
 * SAM template creates them; {@link #createIfMissing} creates the same keys, indexes, billing mode and TTL (what the
 * stores' behaviour depends on; point-in-time recovery and encryption are the template's alone).
 *
 * @param resources the {@code Resources} table ({@code RESOURCES_TABLE})
 * @param syncState the {@code SyncState} table ({@code SYNC_STATE_TABLE})
 */
public record DynamoTables(String resources, String syncState) {

  public static final String RESOURCES_TABLE_VARIABLE = "RESOURCES_TABLE";
  public static final String SYNC_STATE_TABLE_VARIABLE = "SYNC_STATE_TABLE";
  /** What {@link #from} reads: both required, set by the deployment (template.yaml). */
  public static final List<EnvVariable> VARIABLES =
      List.of(EnvVariable.deployment(RESOURCES_TABLE_VARIABLE), EnvVariable.deployment(SYNC_STATE_TABLE_VARIABLE));
  /** Sparse index of the objects that have a controller owner: partition key {@code owner}, sort key {@code sk}. */
  public static final String BY_OWNER_INDEX = "byOwner";
  /**
   * Sparse index of the live objects by name: partition key {@code nk} ({@code {cluster}#{gvr}#{name}}), sort key
   * {@code sk}.
   */
  public static final String BY_NAME_INDEX = "byName";
  /**
   * How many label indexes the table has ({@code byLabel0}..{@code byLabel4}), so how many label keys a store can
   * index ({@link io.cloudpedia.store.IndexedLabels#MAX_KEYS}).
   */
  public static final int LABEL_INDEXES = 5;

  /**
   * The sparse index of label slot {@code slot}: partition key {@code lbl{slot}}
   * ({@code {cluster}#{gvr}#{key}={value}}), sort key {@code sk}.
   */
  public static String byLabelIndex(int slot) {
    if (slot < 0 || slot >= LABEL_INDEXES) {
      throw new IllegalArgumentException("no label index " + slot);
    }
    return "byLabel" + slot;
  }

  private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  public DynamoTables {
    requireName(resources, RESOURCES_TABLE_VARIABLE);
    requireName(syncState, SYNC_STATE_TABLE_VARIABLE);
  }

  /** From {@code RESOURCES_TABLE} and {@code SYNC_STATE_TABLE}; both must be set. */
  public static DynamoTables fromEnvironment() {
    return from(System.getenv());
  }

  public static DynamoTables from(Map<String, String> environment) {
    return new DynamoTables(
        environment.get(RESOURCES_TABLE_VARIABLE), environment.get(SYNC_STATE_TABLE_VARIABLE));
  }

  /** {@code prefix-resources} and {@code prefix-sync-state}: the local mode's and the tests' names. */
  public static DynamoTables withPrefix(String prefix) {
    return new DynamoTables(prefix + "-resources", prefix + "-sync-state");
  }

  /**
   * Creates whichever of the two tables does not exist, waits until both are ACTIVE and makes sure TTL on
   * {@code expiresAt} is enabled. Idempotent; safe when another process creates them at the same time.
   */
  public static void createIfMissing(DynamoDbClient client, DynamoTables tables) {
    Objects.requireNonNull(client, "client");
    create(client, resourcesTable(tables.resources()));
    create(client, syncStateTable(tables.syncState()));
    try (DynamoDbWaiter waiter =
        DynamoDbWaiter.builder()
            .client(client)
            .overrideConfiguration(
                WaiterOverrideConfiguration.builder()
                    .backoffStrategy(FixedDelayBackoffStrategy.create(POLL_INTERVAL))
                    .waitTimeout(ACTIVE_TIMEOUT)
                    .maxAttempts((int) (ACTIVE_TIMEOUT.toMillis() / POLL_INTERVAL.toMillis()))
                    .build())
            .build()) {
      for (String table : new String[] {tables.resources(), tables.syncState()}) {
        waiter.waitUntilTableExists(r -> r.tableName(table)).matched().exception().ifPresent(e -> {
          throw new IllegalStateException("table " + table + " did not become ACTIVE", e);
        });
        enableTtl(client, table);
      }
    }
  }

  /** As template.yaml's {@code ResourcesTable}: every index sparse, sorted by {@code sk}, KEYS_ONLY. */
  static CreateTableRequest resourcesTable(String name) {
    List<AttributeDefinition> attributes = new ArrayList<>(
        List.of(attribute(Attr.PK), attribute(Attr.SK), attribute(Attr.OWNER), attribute(Attr.NAME_KEY)));
    List<GlobalSecondaryIndex> indexes = new ArrayList<>(
        List.of(keysOnlyIndex(BY_OWNER_INDEX, Attr.OWNER), keysOnlyIndex(BY_NAME_INDEX, Attr.NAME_KEY)));
    for (int slot = 0; slot < LABEL_INDEXES; slot++) {
      attributes.add(attribute(Attr.label(slot)));
      indexes.add(keysOnlyIndex(byLabelIndex(slot), Attr.label(slot)));
    }
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attributes)
        .keySchema(key(Attr.PK, KeyType.HASH), key(Attr.SK, KeyType.RANGE))
        .globalSecondaryIndexes(indexes)
        .build();
  }

  private static GlobalSecondaryIndex keysOnlyIndex(String indexName, String partitionKey) {
    return GlobalSecondaryIndex.builder()
        .indexName(indexName)
        .keySchema(key(partitionKey, KeyType.HASH), key(Attr.SK, KeyType.RANGE))
        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
        .build();
  }

  static CreateTableRequest syncStateTable(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute(Attr.PK), attribute(Attr.SK))
        .keySchema(key(Attr.PK, KeyType.HASH), key(Attr.SK, KeyType.RANGE))
        .build();
  }

  private static void create(DynamoDbClient client, CreateTableRequest request) {
    try {
      client.describeTable(r -> r.tableName(request.tableName()));
      return;
    } catch (ResourceNotFoundException absent) {
      // create it below
    }
    try {
      client.createTable(request);
    } catch (ResourceInUseException createdMeanwhile) {
      // another process won the race: fine
    }
  }

  private static void enableTtl(DynamoDbClient client, String table) {
    TimeToLiveStatus status =
        client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus();
    if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
      return;
    }
    client.updateTimeToLive(
        r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName(Attr.EXPIRES_AT)));
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static void requireName(String name, String variable) {
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(variable + " is not set: the name of a DynamoDB table is needed");
    }
  }
}
