package io.cloudpedia.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceStoreContract;
import io.cloudpedia.store.Selection;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
  protected ResourceStore newStore(Clock clock, Duration tombstoneTtl, List<String> indexedLabels) {
    return new DynamoResourceStore(aws.dynamoDb(), tables.resources(), clock, tombstoneTtl, indexedLabels);
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
    Map<String, String> indexes = new java.util.TreeMap<>();
    for (GlobalSecondaryIndexDescription index : resources.globalSecondaryIndexes()) {
      assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
      indexes.put(
          index.indexName(),
          String.join(
              ",", index.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyType()).toList()));
    }
    assertThat(indexes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "byOwner", "owner:HASH,sk:RANGE",
                "byName", "nk:HASH,sk:RANGE",
                "byLabel0", "lbl0:HASH,sk:RANGE",
                "byLabel1", "lbl1:HASH,sk:RANGE",
                "byLabel2", "lbl2:HASH,sk:RANGE",
                "byLabel3", "lbl3:HASH,sk:RANGE",
                "byLabel4", "lbl4:HASH,sk:RANGE"));
    assertThat(DynamoTables.BY_NAME_INDEX).isEqualTo("byName");
    assertThat(DynamoTables.byLabelIndex(4)).isEqualTo("byLabel4");
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
            key, plain.uid(), "42", "Pod", "2026-11-25T21:00:00Z",
            Map.of("app", "web", "tier", "front", "k8s-app", "dns"), Optional.of("rs-uid"), Optional.empty(),
            plain.json());
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
    assertThat(item.get("nk").s()).isEqualTo(cluster + "#v1/pods#web-0");
    assertThat(item.get("lbl0").s()).as("app, slot 0").isEqualTo(cluster + "#v1/pods#app=web");
    assertThat(item.get("lbl3").s()).as("k8s-app, slot 3").isEqualTo(cluster + "#v1/pods#k8s-app=dns");
    assertThat(item).as("tier is not indexed; no app.kubernetes.io labels").doesNotContainKeys("lbl1", "lbl2", "lbl4");
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
    assertThat(item).doesNotContainKeys("body", "owner", "labels", "uid", "nk", "lbl0", "lbl1", "lbl2", "lbl3", "lbl4");
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

  /** The label key is part of the index value: after a change of which key has which slot, nothing matches wrongly. */
  @Test
  void aChangedKeyToSlotMappingMissesButNeverMatchesWrongly() {
    ResourceStore before = newStore(clock, TOMBSTONE_TTL, List.of("app", "tier"));
    before.upsert(labelled(pod("default", "a"), "1", Map.of("app", "web", "tier", "web")));
    ResourceStore after = newStore(clock, TOMBSTONE_TTL, List.of("tier", "app"));
    ListRequest tierIsWeb =
        ListRequest.all(cluster, PODS, 10).withSelection(new Selection.LabelIn("tier", List.of("web")));

    assertThat(after.list(tierIsWeb).items()).as("slot 0 holds app=web: no match for tier=web").isEmpty();

    after.upsert(labelled(pod("default", "a"), "2", Map.of("app", "web", "tier", "web")));
    assertThat(after.list(tierIsWeb).items()).as("written again, as a resync does: found").hasSize(1);
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
