package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.CONFIGMAPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.agent.send.SqsDeltaSink;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.Eventually;
import io.cloudpedia.wire.Delta;
import io.cloudpedia.wire.Envelope;
import io.cloudpedia.wire.RelistEnd;
import io.cloudpedia.wire.Upsert;
import io.cloudpedia.wire.WireDecoder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The agent's SQS sender against a real SQS API: failures are retried with backoff and nothing is lost. */
class SqsDeltaSinkTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void deltasSentWhileTheQueueIsMissingAreDeliveredOnceItExists() throws Exception {
    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    String name = aws.uniqueName("late-queue");
    // The URL the queue will have, before it exists: every send fails with QueueDoesNotExist until it is created.
    String probe = aws.sqs().createQueue(r -> r.queueName(name + "-probe")).queueUrl();
    String queueUrl = probe.substring(0, probe.length() - "-probe".length());

    try (MockCluster cluster = new MockCluster()) {
      for (int i = 0; i < 25; i++) {
        Churn.createConfigMap(cluster.client(), "ns-" + (i % 3), "cm-" + i, Map.of("i", Integer.toString(i)));
      }
      QueueConfig queue = QueueConfig.of(queueUrl, aws.region().id()).withEndpoint(aws.endpoint());
      AgentIdentity identity = AgentIdentity.generate("cluster-1");
      SendOptions options = SendOptions.defaults(QueueConfig.MIN_MESSAGE_BYTES)
          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
      try (SqsDeltaSink sink = new SqsDeltaSink(aws.sqs(), queueUrl, identity, options);
          SyncAgent agent = SyncAgent.start(Config.of("cluster-1", queue, CONFIGMAPS.syncResource())
              .withHealthPort(-1), identity, cluster.server().createClient(), sink)) {
        Eventually.until(WAIT, "send retries while the queue is missing", () -> sink.stats().sendRetries() >= 3);
        assertThat(agent.ready()).as("initial list counts as done only once delivered").isFalse();

        aws.sqs().createQueue(r -> r.queueName(name));
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        assertThat(sink.flush(WAIT)).isTrue();
        assertThat(sink.stats().abandoned()).isZero();

        Set<String> upserted = new TreeSet<>();
        Set<String> relisted = new TreeSet<>();
        Eventually.until(WAIT, "every configmap received", () -> {
          for (Message m : aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
              .waitTimeSeconds(1)).messages()) {
            Envelope envelope = WireDecoder.decode(m.body());
            for (Delta d : envelope.deltas()) {
              if (d instanceof Upsert) {
                Upsert u = (Upsert) d;
                upserted.add(u.namespace() + "/" + u.name());
              } else if (d instanceof RelistEnd) {
                relisted.addAll(((RelistEnd) d).keys());
              }
            }
          }
          return upserted.size() == 25 && relisted.size() == 25;
        });
        assertThat(upserted).isEqualTo(CONFIGMAPS.inCluster(cluster.client()).keySet());
        assertThat(relisted).isEqualTo(upserted);
      }
    }
  }
}
