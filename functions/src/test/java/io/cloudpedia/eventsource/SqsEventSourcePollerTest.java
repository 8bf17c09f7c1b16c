package io.cloudpedia.eventsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cloudpedia.ingest.IngestFunction;
import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.ingest.RecordingIngestMetrics;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.AwsTestEnvironment.QueueWithDlq;
import io.cloudpedia.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The local event source against a real SQS API (moto or LocalStack, see {@link AwsTestEnvironment}). */
class SqsEventSourcePollerTest {
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final Path WIRE = Path.of("..", "events", "wire");

  static AwsTestEnvironment aws;
  static SqsClient sqs;

  final List<SqsEventSourcePoller> pollers = new ArrayList<>();

  @BeforeAll
  static void environment() {
    aws = AwsTestEnvironment.shared();
    sqs = aws.sqs();
  }

  @AfterEach
  void closePollers() {
    pollers.forEach(SqsEventSourcePoller::close);
  }

  /** A handler that records what it is given and answers with {@code decide}. */
  static final class RecordingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    final List<SQSEvent.SQSMessage> seen = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> seenByBody = new ConcurrentHashMap<>();
    final Function<SQSEvent.SQSMessage, Boolean> fails;

    RecordingHandler(Function<SQSEvent.SQSMessage, Boolean> fails) {
      this.fails = fails;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
      assertThat(context.getAwsRequestId()).isNotBlank();
      batchSizes.add(event.getRecords().size());
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      for (SQSEvent.SQSMessage message : event.getRecords()) {
        seen.add(message);
        int times = seenByBody.computeIfAbsent(message.getBody(), b -> new AtomicInteger()).incrementAndGet();
        if (fails.apply(message)) {
          failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
      }
      return new SQSBatchResponse(failures);
    }

    int times(String body) {
      AtomicInteger n = seenByBody.get(body);
      return n == null ? 0 : n.get();
    }
  }

  SqsEventSourcePoller.Builder poller(QueueWithDlq queue, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    return SqsEventSourcePoller.builder()
        .sqs(sqs)
        .queueUrl(queue.queueUrl())
        .handler(handler)
        .waitTime(Duration.ofSeconds(1))
        .visibilityTimeout(Duration.ofSeconds(1))
        .functionName(aws.uniqueName("fn"));
  }

  SqsEventSourcePoller start(SqsEventSourcePoller.Builder builder) {
    SqsEventSourcePoller poller = builder.build();
    pollers.add(poller);
    poller.start();
    return poller;
  }

  static void send(String queueUrl, String... bodies) {
    for (int from = 0; from < bodies.length; from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(bodies.length, from + 10); i++) {
        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies[i]).build());
      }
      assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
    }
  }

  /** Visible plus in-flight messages. */
  static int messagesIn(String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl)
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  static String wire(String name) throws IOException {
    return Files.readString(WIRE.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void failedMessagesComeBackAfterTheVisibilityTimeoutAndTheOthersAreDeleted() {
    QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("poll"), 5, 30);
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    RecordingHandler handler = new RecordingHandler(m -> m.getBody().equals("b") && failedOnce.add(m.getBody()));
    send(queue.queueUrl(), "a", "b", "c");

    SqsEventSourcePoller poller = start(poller(queue, handler));

    Eventually.until(DEADLINE, () -> "b handled twice and all deleted: " + poller.stats(),
        () -> handler.times("b") == 2 && poller.stats().deleted() == 3);
    assertThat(handler.times("a")).isEqualTo(1);
    assertThat(handler.times("c")).isEqualTo(1);
    assertThat(messagesIn(queue.queueUrl())).isZero();
    assertThat(poller.stats().failed()).isEqualTo(1);
    assertThat(poller.stats().messages()).isEqualTo(4);

    SQSEvent.SQSMessage second =
        handler.seen.stream().filter(m -> m.getBody().equals("b")).reduce((first, last) -> last).orElseThrow();
    assertThat(second.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
    assertThat(second.getAttributes()).containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
    assertThat(second.getEventSource()).isEqualTo("aws:sqs");
    assertThat(second.getEventSourceArn()).isEqualTo(queue.queueArn());
    assertThat(second.getAwsRegion()).isEqualTo(aws.region().id());
    assertThat(second.getMd5OfBody()).isEqualTo("92eb5ffee6ae2fec3ad71c777531578f"); // md5("b")
    assertThat(second.getReceiptHandle()).isNotBlank();
    assertThat(second.getMessageId()).isNotBlank();
  }

  @Test
  void poisonMessageEndsInTheDeadLetterQueueWhileTheGoodOnesOfItsBatchAreApplied() throws IOException {
    int maxReceiveCount = 2;
    QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("poison"), maxReceiveCount, 30);
    InMemoryResourceStore resources = new InMemoryResourceStore();
    RecordingIngestMetrics metrics = new RecordingIngestMetrics();
    IngestFunction function =
        new IngestFunction(new IngestService(resources, new InMemorySyncStateStore(), metrics), metrics);
    String poison = wire("malformed/unknown-op.json");
    send(queue.queueUrl(), wire("upsert-pod.json"), poison, wire("packed-mixed.json"));

    SqsEventSourcePoller poller = start(poller(queue, function).batchSize(10));

    Eventually.until(DEADLINE, () -> "the poison message in the DLQ: " + poller.stats() + " " + metrics,
        () -> messagesIn(queue.dlqUrl()) == 1 && messagesIn(queue.queueUrl()) == 0);
    GroupVersionResource pods = GroupVersionResource.parse("v1/pods");
    assertThat(resources.get(new ObjectKey("cluster-1", pods, "default", "web-0")).orElseThrow().resourceVersion())
        .isEqualTo("1205");
    assertThat(resources.get(new ObjectKey("cluster-1", GroupVersionResource.parse("v1/nodes"), "", "node-1")))
        .isPresent();
    assertThat(metrics.total(IngestMetrics.MESSAGES_APPLIED)).isEqualTo(2);
    assertThat(metrics.total(IngestMetrics.MALFORMED_MESSAGES)).isEqualTo(maxReceiveCount);
    assertThat(sqs.receiveMessage(r -> r.queueUrl(queue.dlqUrl()).waitTimeSeconds(1)).messages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo(poison));
  }

  @Test
  void whenTheHandlerThrowsNothingIsDeletedAndTheWholeBatchComesBack() {
    QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("throws"), 100, 30);
    RecordingHandler recorder = new RecordingHandler(m -> false);
    RequestHandler<SQSEvent, SQSBatchResponse> throwing =
        (event, context) -> {
          recorder.handleRequest(event, context);
          throw new IllegalStateException("handler failure (test)");
        };
    send(queue.queueUrl(), "x", "y");

    SqsEventSourcePoller poller = start(poller(queue, throwing));

    Eventually.until(DEADLINE, () -> "each message handed over twice: " + recorder.seenByBody,
        () -> recorder.times("x") >= 2 && recorder.times("y") >= 2);
    poller.close();
    assertThat(poller.stats().deleted()).isZero();
    assertThat(poller.stats().handlerErrors()).isGreaterThanOrEqualTo(2);
    assertThat(messagesIn(queue.queueUrl())).isEqualTo(2);
  }

  @Test
  void batchingWindowGathersMoreThanOneReceiveIntoOneInvocation() {
    QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("window"), 5, 30);
    String[] bodies = new String[25];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = "message-" + i;
    }
    send(queue.queueUrl(), bodies);
    RecordingHandler handler = new RecordingHandler(m -> false);

    SqsEventSourcePoller poller =
        start(poller(queue, handler).batchSize(25).maximumBatchingWindow(Duration.ofSeconds(2)));

    Eventually.until(DEADLINE, () -> "25 deleted: " + poller.stats(), () -> poller.stats().deleted() == 25);
    assertThat(handler.batchSizes).allMatch(size -> size <= 25);
    assertThat(handler.batchSizes.get(0)).as("first batch, %s", handler.batchSizes).isGreaterThan(10);
  }

  @Test
  void concurrentWorkersShareTheQueueAndCloseStopsEveryThread() {
    QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("workers"), 5, 30);
    String[] bodies = new String[30];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = "w-" + i;
    }
    RecordingHandler handler = new RecordingHandler(m -> false);
    String functionName = aws.uniqueName("workers-fn");
    SqsEventSourcePoller poller =
        start(poller(queue, handler).functionName(functionName).concurrency(3).batchSize(5));
    String threadPrefix = "sqs-poller-" + functionName + "-";
    send(queue.queueUrl(), bodies);

    Eventually.until(DEADLINE, () -> "30 deleted: " + poller.stats(), () -> poller.stats().deleted() == 30);
    assertThat(handler.seenByBody).hasSize(30);
    assertThat(handler.batchSizes).allMatch(size -> size <= 5);
    assertThat(workerThreads(threadPrefix)).hasSize(3);

    poller.close();

    assertThat(poller.isRunning()).isFalse();
    assertThat(workerThreads(threadPrefix)).isEmpty();
  }

  @Test
  void startTwiceAndMissingSettingsAreRejected() {
    assertThatThrownBy(() -> SqsEventSourcePoller.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SqsEventSourcePoller.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqsEventSourcePoller.builder().waitTime(Duration.ofSeconds(21)))
        .isInstanceOf(IllegalArgumentException.class);
    QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("twice"), 5, 30);
    SqsEventSourcePoller poller = start(poller(queue, new RecordingHandler(m -> false)));
    assertThatThrownBy(poller::start).isInstanceOf(IllegalStateException.class);
  }

  private static List<Thread> workerThreads(String prefix) {
    List<Thread> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(prefix) && thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
