package io.cloudpedia.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class AwsTestEnvironmentTest {
  private final AwsTestEnvironment aws = AwsTestEnvironment.shared();

  @Test
  void isOneInstancePerJvmWithTestCredentialsAndTheDefaultRegion() {
    assertThat(AwsTestEnvironment.shared()).isSameAs(aws);
    assertThat(aws.credentials().resolveCredentials().accessKeyId()).isEqualTo("test");
    assertThat(aws.endpoint().getScheme()).startsWith("http");
    assertThat(aws.environment())
        .containsEntry("AWS_ENDPOINT_URL", aws.endpoint().toString())
        .containsEntry("AWS_ACCESS_KEY_ID", "test")
        .containsEntry("AWS_REGION", aws.region().id());
  }

  @Test
  void uniqueNamesDifferAndAreValidTableAndQueueNames() {
    String a = aws.uniqueName("Store");
    String b = aws.uniqueName("Store");
    assertThat(a).isNotEqualTo(b).startsWith("store-").matches("[a-z0-9-]{3,80}");
  }

  @Test
  void createsATableThatAcceptsWritesAndReads() {
    DynamoDbClient dynamo = aws.dynamoDb();
    String table = aws.uniqueName("fixture");
    dynamo.createTable(
        r ->
            r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
    assertThat(dynamo.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);

    dynamo.putItem(r -> r.tableName(table).item(java.util.Map.of("pk", AttributeValue.fromS("k"))));
    assertThat(dynamo.getItem(r -> r.tableName(table).key(java.util.Map.of("pk", AttributeValue.fromS("k")))).item())
        .containsEntry("pk", AttributeValue.fromS("k"));
  }

  @Test
  void createsAQueueWhoseRedrivePolicyMovesAMessageToItsDlq() {
    SqsClient sqs = aws.sqs();
    AwsTestEnvironment.QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("fixture"), 1, 0);

    assertThat(queue.queueArn()).startsWith("arn:aws:sqs:").endsWith(":" + queue.queueUrl().substring(
        queue.queueUrl().lastIndexOf('/') + 1));
    assertThat(queue.dlqArn()).endsWith("-dlq");
    String redrive =
        sqs.getQueueAttributes(r -> r.queueUrl(queue.queueUrl()).attributeNames(QueueAttributeName.REDRIVE_POLICY))
            .attributes()
            .get(QueueAttributeName.REDRIVE_POLICY);
    assertThat(redrive).contains(queue.dlqArn());

    sqs.sendMessage(r -> r.queueUrl(queue.queueUrl()).messageBody("hello"));
    // Received once (maxReceiveCount 1, never deleted, visible again at once): the next receive moves it to the DLQ.
    Eventually.until(
        Duration.ofSeconds(10),
        "the message is received from the queue",
        () -> !sqs.receiveMessage(r -> r.queueUrl(queue.queueUrl())).messages().isEmpty());
    Eventually.assertThat(
        Duration.ofSeconds(10),
        () -> {
          sqs.receiveMessage(r -> r.queueUrl(queue.queueUrl()));
          List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queue.dlqUrl())).messages();
          assertThat(dead).extracting(Message::body).containsExactly("hello");
        });
  }
}
