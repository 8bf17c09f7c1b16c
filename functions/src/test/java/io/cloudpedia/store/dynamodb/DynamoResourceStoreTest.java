package io.cloudpedia.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceStoreContract;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The contract against DynamoDB (moto or LocalStack, see {@link AwsTestEnvironment}), and the item layout. */
class DynamoResourceStoreTest extends ResourceStoreContract {
  private static AwsTestEnvironment aws;
  private static DynamoTables tables;

  @BeforeAll
  static void createTables() {
    aws = AwsTestEnvironment.shared();
    tables = DynamoTables.withPrefix(aws.uniqueName("store"));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
  }

  @Override
  protected ResourceStore newStore(Clock clock, Duration tombstoneTtl) {
    return new DynamoResourceStore(aws.dynamoDb(), tables.resources(), clock, tombstoneTtl);
  }

  @Override
  protected String uniqueClusterName() {
    return aws.uniqueName("c");
  }

  @Test
  void tablesAreCreatedAsTheTemplateCreatesThemAndCreatingAgainChangesNothing() {
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);

    DynamoDbClient dynamo = aws.dynamoDb();
    TableDescription resources = dynamo.describeTable(r -> r.tableName(tables.resources())).table();
    assertThat(resources.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(resources.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
    GlobalSecondaryIndexDescription byOwner = resources.globalSecondaryIndexes().get(0);
    assertThat(byOwner.indexName()).isEqualTo("byOwner");
    assertThat(byOwner.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyType())
        .containsExactly("owner:" + KeyType.HASH, "sk:" + KeyType.RANGE);
    assertThat(byOwner.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
    for (String table : new String[] {tables.resources(), tables.syncState()}) {
      assertThat(
              dynamo.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription())
          .satisfies(
              ttl -> {
                assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                assertThat(ttl.attributeName()).isEqualTo("expiresAt");
              });
    }
  }

  @Test
  void liveItemHoldsTheDocumentedAttributes() {
    ObjectKey key = pod("default", "web-0");
    ObjectRecord plain = record(key, "42", "x");
    ObjectRecord record =
        new ObjectRecord(
            key, plain.uid(), "42", "Pod", "2026-11-25T21:00:00Z", Map.of("app", "web", "tier", "front"),
            Optional.of("rs-uid"), Optional.empty(), plain.json());
    store.upsert(record);

    Map<String, AttributeValue> item = rawItem(key);

    assertThat(item.get("pk").s()).isEqualTo(cluster + "#v1/pods");
    assertThat(item.get("sk").s()).isEqualTo("default/web-0");
    assertThat(item.get("rv").s()).isEqualTo("42");
    assertThat(item.get("rvn").n()).isEqualTo("42");
    assertThat(item.get("uid").s()).isEqualTo(record.uid());
    assertThat(item.get("kind").s()).isEqualTo("Pod");
    assertThat(item.get("ns").s()).isEqualTo("default");
    assertThat(item.get("name").s()).isEqualTo("web-0");
    assertThat(item.get("cluster").s()).isEqualTo(cluster);
    assertThat(item.get("created").s()).isEqualTo("2026-11-25T21:00:00Z");
    assertThat(item.get("labels").m())
        .containsEntry("app", AttributeValue.fromS("web"))
        .containsEntry("tier", AttributeValue.fromS("front"));
    assertThat(item.get("owner").s()).isEqualTo(cluster + "#rs-uid");
    assertThat(ObjectBodies.gunzip(item.get("body").b().asByteArray())).isEqualTo(record.json());
    assertThat(item.get("size").n()).isEqualTo(Integer.toString(record.json().length));
    assertThat(Long.parseLong(item.get("syncedAt").n())).isEqualTo(clock.millis());
    assertThat(item).doesNotContainKeys("tomb", "expiresAt", "truncated");
  }

  @Test
  void tombstoneItemHasNoBodyAndExpiresAfterTheTtl() {
    ObjectKey key = pod("default", "web-0");
    store.upsert(owned(key, "5", "rs-uid"));
    store.delete(key, "6");

    Map<String, AttributeValue> item = rawItem(key);

    assertThat(item.get("tomb").bool()).isTrue();
    assertThat(item.get("rv").s()).isEqualTo("6");
    assertThat(item.get("rvn").n()).isEqualTo("6");
    assertThat(Long.parseLong(item.get("expiresAt").n()))
        .isEqualTo(clock.instant().plus(TOMBSTONE_TTL).getEpochSecond());
    assertThat(item).doesNotContainKeys("body", "owner", "labels", "uid");
  }

  @Test
  void nonNumericResourceVersionHasNoNumberAttribute() {
    ObjectKey key = pod("default", "opaque");
    store.upsert(record(key, "abc", "x"));

    Map<String, AttributeValue> item = rawItem(key);

    assertThat(item.get("rv").s()).isEqualTo("abc");
    assertThat(item).doesNotContainKey("rvn");
  }

  @Test
  void truncatedItemIsMarkedAndFitsInAnItem() {
    ObjectKey key = new ObjectKey(cluster, GroupVersionResource.parse("v1/configmaps"), "default", "huge");
    byte[] noise = new byte[500_000];
    new java.util.Random(1).nextBytes(noise);
    var object = object(key, "5", "huge");
    object.withObjectProperty("data").put("blob", java.util.Base64.getEncoder().encodeToString(noise));
    store.upsert(record(key, "5", object, Optional.empty()));

    Map<String, AttributeValue> item = rawItem(key);

    assertThat(item.get("truncated").s()).isEqualTo("TooLarge");
    assertThat(item.get("body").b().asByteArray().length).isLessThan(ObjectBodies.MAX_GZIP_BODY_BYTES);
  }

  private Map<String, AttributeValue> rawItem(ObjectKey key) {
    return aws.dynamoDb()
        .getItem(
            r ->
                r.tableName(tables.resources())
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk", AttributeValue.fromS(key.cluster() + "#" + key.type()),
                            "sk", AttributeValue.fromS(key.namespace() + "/" + key.name()))))
        .item();
  }
}
