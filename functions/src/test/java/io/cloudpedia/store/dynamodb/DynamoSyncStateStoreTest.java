package io.cloudpedia.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.SyncStateStoreContract;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract against DynamoDB (moto or LocalStack, see {@link AwsTestEnvironment}), and the item layout. */
class DynamoSyncStateStoreTest extends SyncStateStoreContract {
  private static AwsTestEnvironment aws;
  private static DynamoTables tables;

  @BeforeAll
  static void createTables() {
    aws = AwsTestEnvironment.shared();
    tables = DynamoTables.withPrefix(aws.uniqueName("sync"));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
  }

  @Override
  protected SyncStateStore newStore(Clock clock) {
    return new DynamoSyncStateStore(aws.dynamoDb(), tables.syncState(), clock);
  }

  @Override
  protected String uniqueClusterName() {
    return aws.uniqueName("c");
  }

  @Test
  void itemsAreKeyedAsDocumented() {
    store.relistBegan(cluster, PODS, "r1", T0);
    store.putAgentStatus(cluster, T0, status("up"));
    store.addRelistPart(part("r1", 0, 2, "a/1"));

    assertThat(item("cluster#" + cluster, "type#v1/pods")).containsEntry("relistId", AttributeValue.fromS("r1"));
    assertThat(item("type#v1/pods", cluster)).containsEntry("cluster", AttributeValue.fromS(cluster));
    assertThat(item("clusters", cluster)).containsEntry("cluster", AttributeValue.fromS(cluster));
    assertThat(item("cluster#" + cluster, "status"))
        .containsEntry("observedAt", AttributeValue.fromN(Long.toString(T0.toEpochMilli())));
    Map<String, AttributeValue> part = item("relist#" + cluster + "#v1/pods", partSortKey("r1", "00000#000"));
    assertThat(part).containsEntry("relistId", AttributeValue.fromS("r1"));
    assertThat(Long.parseLong(part.get("expiresAt").n()))
        .isEqualTo(clock.instant().plus(java.time.Duration.ofDays(1)).getEpochSecond());
  }

  @Test
  void theWatermarkIsOnTheTypeItemAndItsPartsHaveNoTtl() {
    store.addRelistPart(listed("r1", "1300", "a/1"));

    store.relistCompleted(cluster, PODS, "r1", "1300", 1, T0);

    assertThat(item("cluster#" + cluster, "type#v1/pods"))
        .containsEntry("completedRelistId", AttributeValue.fromS("r1"))
        .containsEntry("completedRv", AttributeValue.fromS("1300"));
    assertThat(item("relist#" + cluster + "#v1/pods", partSortKey("r1", "00000#000")))
        .containsKey("keys")
        .doesNotContainKey("expiresAt");
  }

  @Test
  void aRelistIdLongerThanASortKeyMayBeIsKeptByItsDigest() {
    String longId = "\u00e9".repeat(512); // 1,024 bytes of UTF-8, more than a sort key holds with its suffix

    assertThat(store.addRelistPart(listed(longId, "7", "a/1"))).isPresent();
    store.relistCompleted(cluster, PODS, longId, "7", 1, T0);

    assertThat(store.relistKeys(cluster, PODS, longId)).contains(java.util.Set.of("a/1"));
  }

  @Test
  void keySetsAreSplitIntoChunksThatEachFitAnItem() {
    List<String> keys = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 40_000; i++) {
      keys.add("ns/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }

    List<List<String>> chunks = DynamoSyncStateStore.chunks(keys);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.stream().flatMap(List::stream)).containsExactlyElementsOf(keys);
    assertThat(DynamoSyncStateStore.chunks(List.of("a/b"))).containsExactly(List.of("a/b"));
    assertThat(DynamoSyncStateStore.chunks(List.of())).containsExactly(List.of());
  }

  @Test
  void typeWithoutItsReverseIndexItemNeverExists() {
    GroupVersionResource type = GroupVersionResource.parse("example.com/v1/widgets");
    store.typesAnnounced(cluster, java.util.Set.of(type));

    assertThat(item("type#example.com/v1/widgets", cluster)).isNotEmpty();
    assertThat(item("cluster#" + cluster, "type#example.com/v1/widgets")).isNotEmpty();
  }

  @Test
  void theClustersListIsInTheTableSoEveryInstanceSeesIt() {
    store.putAgentStatus(cluster, T0, status("up"));
    store.relistBegan(cluster, PODS, "r1", T0);

    SyncStateStore another = newStore(clock);

    assertThat(another.clusters()).contains(cluster);
    assertThat(item("clusters", cluster)).isNotEmpty();
  }

  private static String partSortKey(String relistId, String partAndChunk) {
    return DynamoSyncStateStore.partPrefix(relistId) + partAndChunk;
  }

  private Map<String, AttributeValue> item(String pk, String sk) {
    return aws.dynamoDb()
        .getItem(
            r ->
                r.tableName(tables.syncState())
                    .consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
        .item();
  }
}
