package io.cloudpedia.cli.local;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.send.SqsDeltaSink;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.aws.AwsClients;
import io.cloudpedia.cli.CliException;
import io.cloudpedia.events.DynamoEventStore;
import io.cloudpedia.eventsource.SqsEventSourcePoller;
import io.cloudpedia.registry.DynamoClusterRegistry;
import io.cloudpedia.store.dynamodb.DynamoResourceStore;
import io.cloudpedia.store.dynamodb.DynamoSyncStateStore;
import io.cloudpedia.store.dynamodb.DynamoTables;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Real SQS and DynamoDB at any endpoint (LocalStack, moto, AWS): tables {@code {prefix}-resources} and
 * {@code {prefix}-sync-state}, queue {@code {prefix}-deltas} with its dead-letter queue, all created if missing; the
 * local event-source poller feeds {@code IngestFunction} as Lambda's SQS event source would. Data survives restarts.
 */
final class AwsBackend implements Backend {
  static final int MAX_RECEIVE_COUNT = 5;

  private final String describedEndpoint;
  private final SqsClient sqs;
  private final DynamoDbClient dynamoDb;
  private final String queueUrl;
  private final String dlqUrl;
  private final Stores stores;
  private final SqsEventSourcePoller poller;

  private AwsBackend(String endpoint, SqsClient sqs, DynamoDbClient dynamoDb, String queueUrl, String dlqUrl,
      DynamoTables tables) {
    this.describedEndpoint = endpoint;
    this.sqs = sqs;
    this.dynamoDb = dynamoDb;
    this.queueUrl = queueUrl;
    this.dlqUrl = dlqUrl;
    this.stores = new Stores(new DynamoResourceStore(dynamoDb, tables.resources()),
        new DynamoSyncStateStore(dynamoDb, tables.syncState()), new DynamoEventStore(dynamoDb, tables.resources()),
        new DynamoClusterRegistry(dynamoDb, tables.syncState()));
    this.poller = SqsEventSourcePoller.builder()
        .sqs(sqs)
        .queueUrl(queueUrl)
        .handler(stores.ingest())
        .batchSize(10)
        .visibilityTimeout(Duration.ofSeconds(60))
        .waitTime(Duration.ofSeconds(1))
        .build();
    poller.start();
  }

  /**
   * Connects, creating the tables and queues if missing.
   *
   * @throws CliException naming the endpoint when it cannot be reached
   */
  static AwsBackend start(Optional<URI> endpoint, Region region, String prefix) {
    AwsClients clients = AwsClients.defaults().withRegion(region);
    if (endpoint.isPresent()) {
      clients = clients.withEndpoint(endpoint.get()).withCredentials(credentialsFor(endpoint.get()));
    }
    String shown = endpoint.map(URI::toString).orElse("AWS (" + region.id() + ")");
    SqsClient sqs = clients.sqs();
    DynamoDbClient dynamoDb = clients.dynamoDb();
    try {
      DynamoTables tables = DynamoTables.withPrefix(prefix);
      DynamoTables.createIfMissing(dynamoDb, tables);
      String dlqUrl = sqs.createQueue(r -> r.queueName(prefix + "-deltas-dlq")).queueUrl();
      String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
      attributes.put(QueueAttributeName.REDRIVE_POLICY,
          "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}");
      attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, "60");
      attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576");
      String queueUrl = sqs.createQueue(r -> r.queueName(prefix + "-deltas").attributes(attributes)).queueUrl();
      return new AwsBackend(shown, sqs, dynamoDb, queueUrl, dlqUrl, tables);
    } catch (SdkClientException e) {
      sqs.close();
      dynamoDb.close();
      throw new CliException("cannot reach the AWS endpoint " + shown + " (" + firstLine(e.getMessage())
          + "): is it running, and are --aws-endpoint and --aws-region right?");
    } catch (SdkException e) {
      sqs.close();
      dynamoDb.close();
      throw new CliException("the AWS endpoint " + shown + " refused to set up the tables and queue: "
          + firstLine(e.getMessage()));
    }
  }

  /**
   * The SDK's usual credentials; an emulator at an explicit endpoint gets placeholder ones when none are configured,
   * since emulators accept any.
   */
  private static AwsCredentialsProvider credentialsFor(URI endpoint) {
    DefaultCredentialsProvider defaults = DefaultCredentialsProvider.builder().build();
    try {
      defaults.resolveCredentials();
      return defaults;
    } catch (SdkClientException e) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public DeltaSink sinkFor(AgentIdentity identity) {
    return new SqsDeltaSink(sqs, queueUrl, identity, Stores.SEND_OPTIONS);
  }

  @Override
  public Stores stores() {
    return stores;
  }

  @Override
  public String describe() {
    return "SQS and DynamoDB at " + describedEndpoint;
  }

  @Override
  public long deadLettered() {
    try {
      String n = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl)
              .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
      return n == null ? 0 : Long.parseLong(n);
    } catch (SdkException | NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    poller.close();
    sqs.close();
    dynamoDb.close();
  }
}
