package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.CONFIGMAPS;
import static io.cloudpedia.e2e.SyncedType.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.events.StoredEvent;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The chaos convergence suite: three mock member clusters under a seeded random churn of pods, config maps and the
 * pods' events, while the pipeline suffers every fault it must survive — agents killed and restarted (once during an
 * initial list), a watch ended by the server and a 410 Gone forcing a relist, ingest failing a fraction of messages,
 * duplicated, shuffled and late (older) deliveries, DynamoDB throttling a fraction of writes, and a poison message.
 * Once the churn stops and the queue drains, the store must equal the member clusters exactly (objects with their
 * resourceVersions, and each pod's events) and the DLQ must hold exactly the poison message.
 *
 * <p>Default size: {@code -Dchaos.scale=1} (about 200 operations); on demand {@code -Dchaos.scale=10}. The seed is
 * printed; replay with {@code -Dchaos.seed=N}. (fabric8's mock does not replay changes made between a list and the
 * watch after it, which a real apiserver does: a cluster is not changed while its agent restarts, see
 * {@link Pipeline#awaitSyncedAndWatching}.)
 */
class ChaosConvergenceTest {
  static final int SCALE = Integer.getInteger("chaos.scale", 1);
  static final List<String> CLUSTERS = List.of("chaos-1", "chaos-2", "chaos-3");
  static final List<SyncedType> TYPES = List.of(PODS, CONFIGMAPS);
  static final int MAX_RECEIVE_COUNT = 8;
  static final Duration VISIBILITY = Duration.ofSeconds(2);
  static final Duration CONVERGE = Duration.ofSeconds(120 + 30L * SCALE);

  /** What was injected, for the report. */
  static final class Faults {
    final AtomicLong restarts = new AtomicLong();
    final AtomicLong killedDuringInitialList = new AtomicLong();
    final AtomicLong forcedGone = new AtomicLong();
    final AtomicLong droppedWatches = new AtomicLong();
    final AtomicLong failedDeliveries = new AtomicLong();
    final AtomicLong duplicatedDeliveries = new AtomicLong();
    final AtomicLong lateDeliveries = new AtomicLong();
    final AtomicLong throttledWrites = new AtomicLong();
    final AtomicLong poisonMessages = new AtomicLong();

    @Override
    public String toString() {
      return "agent restarts " + restarts + " (killed during an initial list " + killedDuringInitialList
          + "), 410 Gone forced " + forcedGone + ", watches ended " + droppedWatches + ", deliveries failed "
          + failedDeliveries + ", duplicated " + duplicatedDeliveries + ", late (older) " + lateDeliveries
          + ", DynamoDB writes throttled " + throttledWrites + ", poison messages " + poisonMessages;
    }
  }

  @Test
  void theStoreEqualsTheClustersAfterChurnUnderFaults() throws Exception {
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    System.out.println("ChaosConvergenceTest seed " + seed + " scale " + SCALE + " (replay: -Dchaos.seed=" + seed
        + " -Dchaos.scale=" + SCALE + ")");
    Random random = new Random(seed);
    Faults faults = new Faults();
    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    Random faultRandom = new Random(seed ^ 0x5DEECE66DL);
    DynamoDbClient throttled = aws.clients().configure(DynamoDbClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new Throttling(faultRandom, 0.01, faults))).build();

    List<MockCluster> members = new ArrayList<>();
    try (Pipeline pipeline = Pipeline.withFaults("chaos", MAX_RECEIVE_COUNT, VISIBILITY, throttled,
        ingest -> new FaultyDelivery(ingest, faultRandom, faults))) {
      pipeline.poller().start();
      Map<String, KubernetesClient> clients = new LinkedHashMap<>();
      Map<String, MockCluster> byName = new LinkedHashMap<>();
      Map<String, SyncAgent> agents = new LinkedHashMap<>();
      for (String name : CLUSTERS) {
        MockCluster member = new MockCluster();
        members.add(member);
        byName.put(name, member);
        clients.put(name, member.client());
        for (int i = 0; i < 5; i++) {
          Churn.createPod(member.client(), "ns-" + (i % 2), "seed-pod-" + i, "web");
          Churn.createConfigMap(member.client(), "ns-" + (i % 2), "seed-cm-" + i, Map.of("i", "" + i));
        }
        agents.put(name, start(pipeline, name, member));
      }
      for (SyncAgent agent : agents.values()) {
        Pipeline.awaitSyncedAndWatching(agent, CONVERGE);
      }

      int operations = 200 * SCALE;
      int restarts = 3 + SCALE;
      List<Integer> restartAt = new ArrayList<>();
      for (int r = 0; r < restarts; r++) {
        restartAt.add(random.nextInt(operations));
      }
      Collections.sort(restartAt);
      int poisonAt = random.nextInt(operations);
      int restartIndex = 0;
      int counter = 0;
      Instant churnStarted = Instant.now();
      for (int op = 0; op < operations; op++) {
        while (restartIndex < restartAt.size() && restartAt.get(restartIndex) == op) {
          String name = CLUSTERS.get(random.nextInt(CLUSTERS.size()));
          restart(pipeline, byName.get(name), agents, name, restartIndex, random, faults);
          restartIndex++;
        }
        if (op == poisonAt) {
          String poison = Files.readString(Path.of("../events/wire/malformed/unknown-format.json"));
          pipeline.aws.sqs().sendMessage(b -> b.queueUrl(pipeline.queue.queueUrl()).messageBody(poison));
          faults.poisonMessages.incrementAndGet();
        }
        churn(clients.get(CLUSTERS.get(random.nextInt(CLUSTERS.size()))), random, counter++);
      }
      Instant churnStopped = Instant.now();

      Convergence.awaitExact(pipeline.store, clients, TYPES, CONVERGE);
      Eventually.assertThat(CONVERGE, () -> assertEventsExact(pipeline, clients));
      Eventually.until(CONVERGE, "the poison message in the DLQ and the queue drained", () ->
          pipeline.messages(pipeline.queue.dlqUrl()) == 1 && pipeline.messages(pipeline.queue.queueUrl()) == 0);
      Instant converged = Instant.now();
      // Nothing else reaches the DLQ later.
      Thread.sleep(VISIBILITY.toMillis() * 2);
      assertThat(pipeline.messages(pipeline.queue.dlqUrl())).isEqualTo(1);
      String dead = pipeline.aws.sqs().receiveMessage(r -> r.queueUrl(pipeline.queue.dlqUrl())).messages().get(0)
          .body();
      assertThat(dead).contains("\"format\"");
      Convergence.assertExact(pipeline.store, clients, TYPES);

      long objects = 0;
      for (KubernetesClient c : clients.values()) {
        for (SyncedType t : TYPES) {
          objects += t.inCluster(c).size();
        }
      }
      System.out.println("ChaosConvergenceTest report: seed " + seed + ", scale " + SCALE + ", operations "
          + operations + " over " + CLUSTERS.size() + " clusters in "
          + Duration.between(churnStarted, churnStopped).toMillis() + " ms, " + objects + " objects at the end; "
          + faults + "; converged " + Duration.between(churnStopped, converged).toMillis()
          + " ms after the churn stopped");
    } finally {
      members.forEach(MockCluster::close);
      throttled.close();
    }
  }

  // ---- churn -----------------------------------------------------------------------------------------------------

  private static void churn(KubernetesClient client, Random random, int n) {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    int kind = random.nextInt(10);
    String ns = "ns-" + random.nextInt(2);
    if (kind < 3 || pods.isEmpty()) {
      Churn.createPod(client, ns, "pod-" + n, random.nextBoolean() ? "web" : "db");
    } else if (kind < 5) {
      Pod p = pods.get(random.nextInt(pods.size()));
      Churn.relabelPod(client, p.getMetadata().getNamespace(), p.getMetadata().getName(), "t" + n);
    } else if (kind < 6) {
      Pod p = pods.get(random.nextInt(pods.size()));
      Churn.deletePod(client, p.getMetadata().getNamespace(), p.getMetadata().getName());
    } else if (kind < 7) {
      Churn.createConfigMap(client, ns, "cm-" + n, Map.of("n", Integer.toString(n)));
    } else if (kind < 8) {
      var cms = client.configMaps().inAnyNamespace().list().getItems();
      if (!cms.isEmpty()) {
        var cm = cms.get(random.nextInt(cms.size()));
        if (random.nextBoolean()) {
          Churn.deleteConfigMap(client, cm.getMetadata().getNamespace(), cm.getMetadata().getName());
        } else {
          client.configMaps().inNamespace(cm.getMetadata().getNamespace()).withName(cm.getMetadata().getName())
              .edit(c -> {
                c.getData().put("n", Integer.toString(n));
                return c;
              });
        }
      }
    } else {
      // An event of a pod: a new one (at most three per pod), or an existing one seen again.
      Pod p = pods.get(random.nextInt(pods.size()));
      List<Event> events = eventsOf(client, p);
      if (events.size() < 3 && (events.isEmpty() || random.nextBoolean())) {
        client.v1().events().inNamespace(p.getMetadata().getNamespace()).resource(new EventBuilder()
            .withNewMetadata().withName(p.getMetadata().getName() + ".e" + n)
            .withNamespace(p.getMetadata().getNamespace()).endMetadata()
            .withType("Normal").withReason("Seen").withMessage("seen " + n).withCount(1)
            .withLastTimestamp(Instant.now().toString())
            .withNewInvolvedObject().withApiVersion("v1").withKind("Pod")
            .withNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
            .withUid(p.getMetadata().getUid()).endInvolvedObject().build()).create();
      } else {
        Event e = events.get(random.nextInt(events.size()));
        client.v1().events().inNamespace(e.getMetadata().getNamespace()).withName(e.getMetadata().getName())
            .edit(ev -> {
              ev.setCount(ev.getCount() + 1);
              ev.setLastTimestamp(Instant.now().toString());
              return ev;
            });
      }
    }
  }

  private static List<Event> eventsOf(KubernetesClient client, Pod p) {
    return client.v1().events().inNamespace(p.getMetadata().getNamespace()).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && p.getMetadata().getName().equals(e.getInvolvedObject().getName())
            && "Pod".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  // ---- agents ----------------------------------------------------------------------------------------------------

  private static SyncAgent start(Pipeline pipeline, String name, MockCluster member) {
    return pipeline.startAgent(name, member.server().createClient(), SyncResource.of("", "pods")
        .withEventsInvolvedResources("pods"), SyncResource.of("", "configmaps"));
  }

  /**
   * Kills the cluster's agent and starts another; the first restart also kills one during its initial list. The new
   * agent's first pods watch is answered 410 Gone (every other restart) or its configmaps watch ended at once.
   */
  private static void restart(Pipeline pipeline, MockCluster member, Map<String, SyncAgent> agents, String name,
      int index, Random random, Faults faults) throws InterruptedException {
    agents.get(name).close();
    if (index == 0) {
      SyncAgent doomed = start(pipeline, name, member);
      Thread.sleep(random.nextInt(150));
      doomed.close();
      faults.killedDuringInitialList.incrementAndGet();
    }
    String rv = member.client().pods().inAnyNamespace().list().getMetadata().getResourceVersion();
    if (index % 2 == 0) {
      member.server().expect().get()
          .withPath("/api/v1/pods?allowWatchBookmarks=true&resourceVersion=" + rv + "&watch=true")
          .andReturn(410, new StatusBuilder().withCode(410).withReason("Expired").withStatus("Failure")
              .withMessage("too old resource version").build())
          .once();
      faults.forcedGone.incrementAndGet();
    } else {
      member.server().expect().get()
          .withPath("/api/v1/configmaps?allowWatchBookmarks=true&resourceVersion=" + rv + "&watch=true")
          .andUpgradeToWebSocket().open().done().once();
      faults.droppedWatches.incrementAndGet();
    }
    SyncAgent agent = start(pipeline, name, member);
    Pipeline.awaitSyncedAndWatching(agent, CONVERGE);
    agents.put(name, agent);
    faults.restarts.incrementAndGet();
  }

  // ---- checks ----------------------------------------------------------------------------------------------------

  /** Each existing pod's events in the store are exactly its events in the cluster, at their resourceVersions. */
  private static void assertEventsExact(Pipeline pipeline, Map<String, KubernetesClient> clients) {
    clients.forEach((cluster, client) -> {
      Map<String, Map<String, String>> expected = new TreeMap<>();
      for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
        Map<String, String> events = new TreeMap<>();
        for (Event e : eventsOf(client, p)) {
          events.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(),
              e.getMetadata().getResourceVersion());
        }
        if (!events.isEmpty()) {
          expected.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), events);
        }
      }
      Map<String, Map<String, String>> actual = new TreeMap<>();
      pipeline.events.eventsOf(cluster, "", "Pod", "", "\uffff").forEach((key, list) -> {
        Map<String, String> events = new TreeMap<>();
        for (StoredEvent e : list) {
          events.put(e.eventKey(), e.resourceVersion());
        }
        actual.put(key, events);
      });
      if (!actual.equals(expected)) {
        Map<String, String> diff = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
          if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
            diff.put(k, "cluster " + expected.get(k) + " store " + actual.get(k));
          }
        }
        throw new AssertionError("the pods' events in the store for " + cluster + " differ: " + diff);
      }
    });
  }

  // ---- faults ----------------------------------------------------------------------------------------------------

  /**
   * Between the queue and IngestFunction: fails a fraction of first deliveries (SQS redelivers them after the
   * visibility timeout), shuffles each batch, delivers a fraction twice, and now and then delivers again a message
   * applied long before (an older delta arriving after newer ones).
   */
  static final class FaultyDelivery implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final RequestHandler<SQSEvent, SQSBatchResponse> ingest;
    private final Random random;
    private final Faults faults;
    private final List<SQSEvent.SQSMessage> applied = new ArrayList<>();
    private long replays;

    FaultyDelivery(RequestHandler<SQSEvent, SQSBatchResponse> ingest, Random random, Faults faults) {
      this.ingest = ingest;
      this.random = random;
      this.faults = faults;
    }

    @Override
    public synchronized SQSBatchResponse handleRequest(SQSEvent event, com.amazonaws.services.lambda.runtime.Context
        context) {
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      List<SQSEvent.SQSMessage> delivered = new ArrayList<>();
      for (SQSEvent.SQSMessage m : event.getRecords()) {
        boolean first = "1".equals(m.getAttributes() == null ? null : m.getAttributes().get("ApproximateReceiveCount"));
        if (first && random.nextDouble() < 0.15) {
          failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
          faults.failedDeliveries.incrementAndGet();
        } else {
          delivered.add(m);
        }
      }
      Collections.shuffle(delivered, random);
      SQSEvent batch = new SQSEvent();
      batch.setRecords(delivered);
      SQSBatchResponse response = ingest.handleRequest(batch, context);
      if (response != null && response.getBatchItemFailures() != null) {
        failures.addAll(response.getBatchItemFailures());
      }
      List<String> failed = failures.stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
      List<SQSEvent.SQSMessage> ok = delivered.stream().filter(m -> !failed.contains(m.getMessageId())).toList();
      if (!ok.isEmpty() && random.nextDouble() < 0.2) {
        SQSEvent again = new SQSEvent();
        again.setRecords(List.of(ok.get(random.nextInt(ok.size()))));
        ingest.handleRequest(again, context);
        faults.duplicatedDeliveries.incrementAndGet();
      }
      if (!applied.isEmpty() && random.nextDouble() < 0.1) {
        SQSEvent.SQSMessage old = applied.get(random.nextInt(applied.size()));
        SQSEvent.SQSMessage late = new SQSEvent.SQSMessage();
        late.setMessageId("late-" + (++replays));
        late.setBody(old.getBody());
        late.setAttributes(old.getAttributes());
        late.setMessageAttributes(old.getMessageAttributes());
        late.setEventSourceArn(old.getEventSourceArn());
        SQSEvent lateEvent = new SQSEvent();
        lateEvent.setRecords(List.of(late));
        ingest.handleRequest(lateEvent, context);
        faults.lateDeliveries.incrementAndGet();
      }
      applied.addAll(ok);
      if (applied.size() > 500) {
        applied.subList(0, applied.size() - 500).clear();
      }
      return new SQSBatchResponse(failures);
    }
  }

  /** DynamoDB answering ProvisionedThroughputExceeded to a fraction of writes, as a hot partition does. */
  static final class Throttling implements ExecutionInterceptor {
    private static final List<String> WRITES = List.of("PutItemRequest", "UpdateItemRequest", "DeleteItemRequest",
        "TransactWriteItemsRequest", "BatchWriteItemRequest");
    private final Random random;
    private final double fraction;
    private final Faults faults;

    Throttling(Random random, double fraction, Faults faults) {
      this.random = random;
      this.fraction = fraction;
      this.faults = faults;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (WRITES.contains(context.request().getClass().getSimpleName())) {
        boolean throttle;
        synchronized (random) {
          throttle = random.nextDouble() < fraction;
        }
        if (throttle) {
          faults.throttledWrites.incrementAndGet();
          throw ProvisionedThroughputExceededException.builder()
              .message("injected: the level of configured provisioned throughput for the table was exceeded")
              .build();
        }
      }
    }
  }
}
