package io.cloudpedia.e2e;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.agent.send.SqsDeltaSink;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.eventsource.SqsEventSourcePoller;
import io.cloudpedia.ingest.IngestFunction;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.ingest.RecordingIngestMetrics;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.dynamodb.DynamoResourceStore;
import io.cloudpedia.store.dynamodb.DynamoSyncStateStore;
import io.cloudpedia.store.dynamodb.DynamoTables;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.Eventually;
import io.cloudpedia.testing.AwsTestEnvironment.QueueWithDlq;
import io.fabric8.kubernetes.client.KubernetesClient;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole sync pipeline on real parts: agents (against fabric8 mock clusters) send to an SQS queue with a DLQ on the
 * AWS API emulator; the local event-source poller feeds IngestFunction, which writes DynamoDB tables on the same
 * emulator. Every test class gets its own tables and queues.
 */
final class Pipeline implements AutoCloseable {
  final AwsTestEnvironment aws;
  final DynamoTables tables;
  final QueueWithDlq queue;
  final DynamoResourceStore store;
  final DynamoSyncStateStore syncState;
  final io.cloudpedia.events.DynamoEventStore events;
  final RecordingIngestMetrics metrics = new RecordingIngestMetrics();
  final IngestFunction ingest;
  private final SqsEventSourcePoller poller;
  private final List<AutoCloseable> agents = new ArrayList<>();

  private Pipeline(
      AwsTestEnvironment aws, String name, int maxReceiveCount, Duration visibilityTimeout, boolean startPoller) {
    this(aws, name, maxReceiveCount, visibilityTimeout, startPoller, aws.dynamoDb(), UnaryOperator.identity());
  }

  /**
   * @param dynamoDb the client ingest writes with (the tables are created with the shared one)
   * @param wrap what the event-source poller calls instead of IngestFunction itself (fault injection)
   */
  private Pipeline(
      AwsTestEnvironment aws, String name, int maxReceiveCount, Duration visibilityTimeout, boolean startPoller,
      software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb,
      UnaryOperator<RequestHandler<SQSEvent, SQSBatchResponse>> wrap) {
    this.aws = aws;
    tables = DynamoTables.withPrefix(aws.uniqueName(name));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
    queue = aws.createQueueWithDlq(aws.uniqueName(name), maxReceiveCount, (int) visibilityTimeout.toSeconds());
    store = new DynamoResourceStore(dynamoDb, tables.resources());
    syncState = new DynamoSyncStateStore(dynamoDb, tables.syncState());
    events = new io.cloudpedia.events.DynamoEventStore(dynamoDb, tables.resources());
    ingest = new IngestFunction(new IngestService(store, syncState, events, metrics), metrics);
    poller = SqsEventSourcePoller.builder()
        .sqs(aws.sqs())
        .queueUrl(queue.queueUrl())
        .handler(wrap.apply(ingest))
        .batchSize(10)
        .visibilityTimeout(visibilityTimeout)
        .waitTime(Duration.ofSeconds(1))
        .build();
    if (startPoller) {
      poller.start();
    }
  }

  static Pipeline start(String name) {
    return new Pipeline(AwsTestEnvironment.shared(), name, 5, Duration.ofSeconds(30), true);
  }

  static Pipeline start(AwsTestEnvironment aws, String name) {
    return new Pipeline(aws, name, 5, Duration.ofSeconds(30), true);
  }

  static Pipeline start(String name, int maxReceiveCount, Duration visibilityTimeout) {
    return new Pipeline(AwsTestEnvironment.shared(), name, maxReceiveCount, visibilityTimeout, true);
  }

  /** Tables, queues and a poller that the test starts itself. */
  static Pipeline withoutPoller(String name, int maxReceiveCount, Duration visibilityTimeout) {
    return new Pipeline(AwsTestEnvironment.shared(), name, maxReceiveCount, visibilityTimeout, false);
  }

  /** Ingest writes with {@code dynamoDb} and is called through {@code wrap}; the test starts the poller. */
  static Pipeline withFaults(String name, int maxReceiveCount, Duration visibilityTimeout,
      software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb,
      UnaryOperator<RequestHandler<SQSEvent, SQSBatchResponse>> wrap) {
    return new Pipeline(AwsTestEnvironment.shared(), name, maxReceiveCount, visibilityTimeout, false, dynamoDb, wrap);
  }

  SqsEventSourcePoller poller() {
    return poller;
  }

  /** Starts an agent for a member cluster that sends to this pipeline's queue; closed with the pipeline. */
  SyncAgent startAgent(String clusterName, KubernetesClient client, SyncResource... resources) {
    QueueConfig queueConfig =
        QueueConfig.of(queue.queueUrl(), aws.region().id()).withEndpoint(aws.endpoint());
    Config config = Config.of(clusterName, queueConfig, resources).withHealthPort(-1);
    AgentIdentity identity = AgentIdentity.generate(clusterName);
    SqsDeltaSink sink = new SqsDeltaSink(aws.sqs(), queue.queueUrl(), identity,
        SendOptions.from(queueConfig).withLinger(Duration.ofMillis(20)));
    SyncAgent agent = SyncAgent.start(config, identity, client, sink);
    // Closed in reverse order: the agent stops first, then its sink delivers what is left.
    agents.add(sink);
    agents.add(agent);
    return agent;
  }

  /**
   * Waits until the agent delivered its initial lists and watches every type. fabric8's mock server does not replay
   * changes made between a list and the watch that follows it (a real API server does), so tests change the cluster
   * only after this.
   */
  static void awaitSyncedAndWatching(SyncAgent agent, Duration timeout) throws InterruptedException {
    if (!agent.awaitInitialSync(timeout)) {
      throw new AssertionError("initial sync not delivered within " + timeout);
    }
    Eventually.until(timeout, "the agent watches every type", agent::watching);
  }

  /** Every live object the store holds for a cluster and type, as cache key → resourceVersion. */
  static Map<String, String> stored(ResourceStore store, String cluster, GroupVersionResource type) {
    Map<String, String> keys = new TreeMap<>();
    store.forEachKey(cluster, type, kv -> keys.put(kv.key().cacheKey(), kv.resourceVersion()));
    return keys;
  }

  /** Messages in a queue, visible or in flight. */
  int messages(String queueUrl) {
    var attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(attributes.get(
        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(
        software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  Map<String, String> stored(String cluster, GroupVersionResource type) {
    return stored(store, cluster, type);
  }

  @Override
  public void close() {
    try {
      for (int i = agents.size() - 1; i >= 0; i--) {
        agents.get(i).close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("closing an agent failed", e);
    } finally {
      poller.close();
    }
  }
}
