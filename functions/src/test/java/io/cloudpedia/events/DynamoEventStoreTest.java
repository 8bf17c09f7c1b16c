package io.cloudpedia.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.store.dynamodb.DynamoTables;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract against DynamoDB (moto or LocalStack, see {@link AwsTestEnvironment}), and the item layout. */
class DynamoEventStoreTest extends EventStoreContract {
  private static AwsTestEnvironment aws;
  private static DynamoTables tables;

  @BeforeAll
  static void createTables() {
    aws = AwsTestEnvironment.shared();
    tables = DynamoTables.withPrefix(aws.uniqueName("events"));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
  }

  @Override
  protected EventStore newStore(MutableClock clock, EventRetention retention) {
    return new DynamoEventStore(aws.dynamoDb(), tables.resources(), clock, retention, TOMBSTONE_TTL);
  }

  @Override
  protected String uniqueClusterName() {
    return aws.uniqueName("c");
  }

  @Test
  void itemsFollowTheDocumentedLayout() {
    store = newStore(clock, EventRetention.UNTIL_OBJECT_DELETED.withMaxAge(Duration.ofHours(2)));
    store.put(cluster, podEvent("web-0.1", "10", "app", "web-0", at(1)));

    Map<String, AttributeValue> association =
        aws.dynamoDb()
            .getItem(r -> r.tableName(tables.resources())
                .key(Map.of("pk", AttributeValue.fromS(cluster + "#events-of#/Pod"),
                    "sk", AttributeValue.fromS("app/web-0\u0001default/web-0.1"))))
            .item();
    assertThat(association).containsKeys("rv", "rvn", "iuid", "time", "body", "expiresAt");
    assertThat(association.get("expiresAt").n())
        .isEqualTo(Long.toString(at(1).plus(Duration.ofHours(2)).getEpochSecond()));
    Map<String, AttributeValue> ref =
        aws.dynamoDb()
            .getItem(r -> r.tableName(tables.resources())
                .key(Map.of("pk", AttributeValue.fromS(cluster + "#events#refs"),
                    "sk", AttributeValue.fromS("default/web-0.1"))))
            .item();
    assertThat(ref.get("apk").s()).isEqualTo(cluster + "#events-of#/Pod");
    assertThat(ref.get("rv").s()).isEqualTo("10");
  }
}
