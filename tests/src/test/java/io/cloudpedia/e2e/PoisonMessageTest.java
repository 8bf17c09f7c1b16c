package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A message that can never be applied must not block its batch or be retried forever: after the queue's
 * maxReceiveCount it lands in the dead-letter queue, while the good messages of its batch are applied.
 */
class PoisonMessageTest {
  private static final int MAX_RECEIVE_COUNT = 3;

  @Test
  void poisonMessageLandsInTheDlqAfterMaxReceiveCountAndItsBatchIsApplied() throws Exception {
    String good = Files.readString(Path.of("../events/wire/upsert-pod.json"));
    String alsoGood = Files.readString(Path.of("../events/wire/upsert-configmap-gzip.json"));
    String poison = Files.readString(Path.of("../events/wire/malformed/unknown-format.json"));

    try (Pipeline pipeline = Pipeline.withoutPoller("poison", MAX_RECEIVE_COUNT, Duration.ofSeconds(1))) {
      // One SendMessageBatch, so that the three arrive together and the first receive hands them over as one batch.
      pipeline.aws.sqs().sendMessageBatch(b -> b.queueUrl(pipeline.queue.queueUrl()).entries(
          SendMessageBatchRequestEntry.builder().id("good").messageBody(good).build(),
          SendMessageBatchRequestEntry.builder().id("poison").messageBody(poison).build(),
          SendMessageBatchRequestEntry.builder().id("also-good").messageBody(alsoGood).build()));
      pipeline.poller().start();

      Eventually.until(Duration.ofSeconds(60), "the poison message in the DLQ", () ->
          pipeline.messages(pipeline.queue.dlqUrl()) == 1);

      assertThat(pipeline.store.get(new ObjectKey("cluster-1", PODS.gvr(), "default", "web-0"))).isPresent();
      assertThat(pipeline.store.get(new ObjectKey("cluster-1", SyncedType.CONFIGMAPS.gvr(), "kube-system",
          "big-config"))).isPresent();
      List<Message> dead = pipeline.aws.sqs().receiveMessage(r -> r.queueUrl(pipeline.queue.dlqUrl())
          .maxNumberOfMessages(10).messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).body()).isEqualTo(poison);
      // Received (and failed) exactly maxReceiveCount times before the redrive policy moved it.
      assertThat(pipeline.metrics.total(IngestMetrics.MALFORMED_MESSAGES)).isEqualTo(MAX_RECEIVE_COUNT);
      Eventually.until(Duration.ofSeconds(10), "the source queue drained", () ->
          pipeline.messages(pipeline.queue.queueUrl()) == 0);
    }
  }

}
