package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.CONFIGMAPS;
import static io.cloudpedia.e2e.SyncedType.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.EnvelopeTransport;
import io.cloudpedia.agent.send.PackingDeltaSink;
import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.ingest.IngestFunction;
import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.ingest.RecordingIngestMetrics;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.dynamodb.DynamoResourceStore;
import io.cloudpedia.store.dynamodb.DynamoSyncStateStore;
import io.cloudpedia.store.dynamodb.DynamoTables;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SQS delivers at least once and in any order. A recorded stream of real agent messages (two agent incarnations,
 * churn, deletions found by a relist) is applied once in order to one pair of tables, and shuffled with duplicates to
 * another: both must end exactly equal to each other and to the member cluster.
 */
class ShuffledRedeliveryConvergesTest {
  private static final List<SyncedType> TYPES = List.of(PODS, CONFIGMAPS);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void recordedDeltasDeliveredShuffledWithDuplicatesConvergeToTheInOrderState() throws Exception {
    long seed = Long.getLong("cloudpedia.seed", System.nanoTime());
    System.out.println("ShuffledRedeliveryConvergesTest seed=" + seed + " (replay with -Dcloudpedia.seed=" + seed + ")");
    Random random = new Random(seed);
    AwsTestEnvironment aws = AwsTestEnvironment.shared();

    try (MockCluster cluster = new MockCluster()) {
      KubernetesClient c = cluster.client();
      List<String> recorded = record(cluster, c);
      assertThat(recorded).hasSizeGreaterThan(10);

      Target inOrder = newTarget(aws, "in-order");
      deliver(inOrder.ingest(), recorded);

      List<String> shuffled = new ArrayList<>();
      for (String body : recorded) {
        int copies = 1 + random.nextInt(3);
        for (int i = 0; i < copies; i++) {
          shuffled.add(body);
        }
      }
      Collections.shuffle(shuffled, random);
      Target reordered = newTarget(aws, "shuffled");
      deliver(reordered.ingest(), shuffled);

      Map<String, KubernetesClient> clusters = Map.of("cluster-1", c);
      Convergence.assertExact(inOrder.store(), clusters, TYPES);
      Convergence.assertExact(reordered.store(), clusters, TYPES);
      for (SyncedType type : TYPES) {
        assertThat(Pipeline.stored(reordered.store(), "cluster-1", type.gvr()))
            .as("seed %d", seed)
            .containsExactlyEntriesOf(Pipeline.stored(inOrder.store(), "cluster-1", type.gvr()));
      }
    }
  }

  /** Runs two agent incarnations against the cluster and returns every message body they sent, in order. */
  private static List<String> record(MockCluster cluster, KubernetesClient c) throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    EnvelopeTransport recorder = batch -> {
      bodies.addAll(batch);
      return List.of();
    };
    for (int i = 0; i < 8; i++) {
      Churn.createPod(c, "app", "pod-" + i, "app");
      Churn.createConfigMap(c, "app", "cm-" + i, Map.of("v", "1"));
    }
    runAgent(cluster, recorder, bodies, () -> {
      Churn.relabelPod(c, "app", "pod-0", "a");
      Churn.relabelPod(c, "app", "pod-0", "b");
      Churn.deletePod(c, "app", "pod-1");
      Churn.createPod(c, "app", "pod-1", "app"); // recreated under the same name
      Churn.deleteConfigMap(c, "app", "cm-2");
      Churn.createPod(c, "app", "pod-8", "app");
    });
    int firstIncarnation = bodies.size();
    // Down time: only the second incarnation's relist can see these deletions.
    Churn.deletePod(c, "app", "pod-3");
    Churn.deleteConfigMap(c, "app", "cm-4");
    Churn.relabelPod(c, "app", "pod-5", "c");
    Churn.createConfigMap(c, "other", "cm-9", Map.of("v", "2"));
    runAgent(cluster, recorder, bodies, () -> {
      Churn.deletePod(c, "app", "pod-6");
      Churn.createPod(c, "app", "pod-10", "app");
    });
    assertThat(bodies.size()).isGreaterThan(firstIncarnation);
    return new ArrayList<>(bodies);
  }

  private static void runAgent(
      MockCluster cluster, EnvelopeTransport transport, List<String> bodies, Runnable changes)
      throws Exception {
    AgentIdentity identity = AgentIdentity.generate("cluster-1");
    // Small messages, so that a stream has many of them to reorder.
    SendOptions options = SendOptions.defaults(QueueConfig.MIN_MESSAGE_BYTES).withLinger(Duration.ofMillis(5));
    Config config = Config.of("cluster-1", QueueConfig.of("https://unused.invalid/queue", "us-east-1"),
            TYPES.stream().map(SyncedType::syncResource).toArray(SyncResource[]::new))
        .withHealthPort(-1);
    try (PackingDeltaSink sink = new PackingDeltaSink(identity, transport, options);
        SyncAgent agent = SyncAgent.start(config, identity, cluster.server().createClient(), sink)) {
      Pipeline.awaitSyncedAndWatching(agent, WAIT);
      changes.run();
      // Every change is seen by the agent and sent before it stops.
      Eventually.until(WAIT, "the agent sent every change", () -> {
        try {
          sink.flush(WAIT);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        return recordedCoversCluster(bodies, cluster);
      });
      assertThat(sink.flush(WAIT)).isTrue();
    }
  }

  /** Whether the bodies recorded so far, applied in order, already reproduce the cluster. */
  private static boolean recordedCoversCluster(List<String> bodies, MockCluster cluster) {
    InMemoryResourceStore store = new InMemoryResourceStore();
    IngestFunction ingest = new IngestFunction(
        new IngestService(store, new InMemorySyncStateStore(), IngestMetrics.none()), IngestMetrics.none());
    List<String> snapshot;
    synchronized (bodies) {
      snapshot = new ArrayList<>(bodies);
    }
    deliver(ingest, snapshot);
    for (SyncedType type : TYPES) {
      if (!Pipeline.stored(store, "cluster-1", type.gvr()).equals(type.inCluster(cluster.client()))) {
        return false;
      }
    }
    return true;
  }

  private record Target(ResourceStore store, IngestFunction ingest) {}

  private static Target newTarget(AwsTestEnvironment aws, String name) {
    DynamoTables tables = DynamoTables.withPrefix(aws.uniqueName(name));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
    DynamoResourceStore resources = new DynamoResourceStore(aws.dynamoDb(), tables.resources());
    DynamoSyncStateStore syncState = new DynamoSyncStateStore(aws.dynamoDb(), tables.syncState());
    RecordingIngestMetrics metrics = new RecordingIngestMetrics();
    return new Target(resources, new IngestFunction(new IngestService(resources, syncState, metrics), metrics));
  }

  /** Delivers the bodies in the given order, ten to an invocation as the SQS event source does. */
  private static void deliver(IngestFunction ingest, List<String> bodies) {
    for (int i = 0; i < bodies.size(); i += 10) {
      SQSBatchResponse response = ingest.handleRequest(event(bodies.subList(i, Math.min(i + 10, bodies.size()))), null);
      assertThat(response.getBatchItemFailures()).as("batch item failures").isEmpty();
    }
  }

  static SQSEvent event(List<String> bodies) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String body : bodies) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(UUID.randomUUID().toString());
      m.setBody(body);
      m.setEventSource("aws:sqs");
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

}
