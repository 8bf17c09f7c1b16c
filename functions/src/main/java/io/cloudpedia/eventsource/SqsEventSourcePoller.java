package io.cloudpedia.eventsource;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Feeds an SQS queue to a Lambda-style handler the way Lambda's SQS event source mapping does, for local mode and
 * tests: long-polls {@code ReceiveMessage} (at most 10 messages per call), gathers up to {@code batchSize} messages
 * within the batching window, invokes the handler with an {@link SQSEvent}, then deletes every message the handler did
 * not report in {@code batchItemFailures} (partial batch responses, {@code ReportBatchItemFailures}). Reported messages
 * stay and come back after the visibility timeout, so the queue's redrive policy eventually moves a poison message to
 * its dead-letter queue. If the handler throws, nothing is deleted and the whole batch comes back; if it reports an
 * id that is not in the batch, Lambda treats the batch as failed, and so does this poller.
 *
 * <pre>{@code
 * try (SqsEventSourcePoller poller = SqsEventSourcePoller.builder()
 *         .sqs(sqsClient).queueUrl(queueUrl).handler(new IngestFunction(service, metrics))
 *         .batchSize(10).maximumBatchingWindow(Duration.ZERO).visibilityTimeout(Duration.ofSeconds(360))
 *         .concurrency(2)
 *         .build()) {
 *   poller.start();
 *   ...
 * }   // close(): stops polling, waits for the batches in flight, releases messages received but not handled
 * }</pre>
 *
 * Each worker ({@code concurrency}) polls and invokes on its own thread, as Lambda runs concurrent batches; the handler
 * must then be thread-safe. Counters: {@link #stats()}.
 */
public final class SqsEventSourcePoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);

  /** ReceiveMessage and DeleteMessageBatch take at most 10 messages. */
  static final int SQS_BATCH_LIMIT = 10;

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final SqsClient sqs;
  private final String queueUrl;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final int batchSize;
  private final Duration batchingWindow;
  private final Duration visibilityTimeout; // zero: the queue's own
  private final Duration waitTime;
  private final int concurrency;
  private final String functionName;
  private final Duration functionTimeout;

  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<Thread> workers = new ArrayList<>();
  private volatile String queueArn = "";
  private volatile String region = "";

  private final LongAdder batches = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final LongAdder deleted = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder handlerErrors = new LongAdder();
  private final LongAdder sqsErrors = new LongAdder();

  private SqsEventSourcePoller(Builder b) {
    this.sqs = Objects.requireNonNull(b.sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(b.queueUrl, "queueUrl");
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.batchSize = b.batchSize;
    this.batchingWindow = b.batchingWindow;
    this.visibilityTimeout = b.visibilityTimeout;
    this.waitTime = b.waitTime;
    this.concurrency = b.concurrency;
    this.functionName = b.functionName;
    this.functionTimeout = b.functionTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Looks the queue up (its ARN, for {@code eventSourceArn}) and starts the workers. Fails if the queue does not
   * exist. Call once.
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    try {
      queueArn =
          sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .getOrDefault(QueueAttributeName.QUEUE_ARN, "");
    } catch (RuntimeException e) {
      started.set(false); // may be started again once the queue is there
      throw e;
    }
    region = sqs.serviceClientConfiguration().region() == null
        ? ""
        : sqs.serviceClientConfiguration().region().id();
    synchronized (workers) {
      for (int i = 0; i < concurrency; i++) {
        Thread worker = new Thread(this::poll, "sqs-poller-" + functionName + "-" + i);
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      }
    }
    LOG.info("polling {} for {}: batch size {}, window {}, {} workers", queueUrl, functionName, batchSize,
        batchingWindow, concurrency);
  }

  /**
   * Stops polling and waits for the workers: a batch being handled is finished (and its messages deleted), messages
   * received but not yet handled are made visible again at once. Returns within about {@code waitTime} plus the
   * handler's time; a worker still running after that (and 5 more seconds) is interrupted.
   */
  @Override
  public void close() {
    if (closing.getCount() == 0) {
      return;
    }
    closing.countDown();
    List<Thread> all;
    synchronized (workers) {
      all = List.copyOf(workers);
    }
    long deadline = System.nanoTime() + waitTime.plus(functionTimeout).plusSeconds(5).toNanos();
    boolean interrupted = false;
    for (Thread worker : all) {
      try {
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) {
          TimeUnit.NANOSECONDS.timedJoin(worker, remaining);
        }
        if (worker.isAlive()) {
          worker.interrupt();
          worker.join(5_000);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        worker.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.info("stopped polling {}: {}", queueUrl, stats());
  }

  /** Whether the workers are running: started and not closed. */
  public boolean isRunning() {
    return started.get() && closing.getCount() > 0;
  }

  public Stats stats() {
    return new Stats(
        batches.sum(), messages.sum(), deleted.sum(), failed.sum(), handlerErrors.sum(), sqsErrors.sum());
  }

  /**
   * Counters since start.
   *
   * @param batches handler invocations
   * @param messages messages handed to the handler
   * @param deleted messages deleted after their batch
   * @param failed messages left on the queue (reported as failures, or in a batch whose handler threw)
   * @param handlerErrors invocations that threw
   * @param sqsErrors failed SQS calls (retried with backoff)
   */
  public record Stats(
      long batches, long messages, long deleted, long failed, long handlerErrors, long sqsErrors) {}

  // ---- the worker --------------------------------------------------------------------------------------------

  private void poll() {
    Duration backoff = Duration.ZERO;
    while (!isClosing()) {
      try {
        List<Message> batch = receiveBatch();
        backoff = Duration.ZERO;
        if (batch.isEmpty()) {
          continue;
        }
        if (isClosing()) {
          release(batch);
          return;
        }
        invoke(batch);
      } catch (SdkException e) {
        if (isClosing()) {
          return;
        }
        sqsErrors.increment();
        backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), MAX_BACKOFF);
        LOG.warn("SQS call for {} failed, retrying in {}: {}", queueUrl, backoff, e.toString());
        pause(backoff);
      } catch (RuntimeException | Error e) {
        // A worker must never die silently: log, pause, go on.
        LOG.error("poller worker for {} failed", queueUrl, e);
        backoff = MAX_BACKOFF;
        pause(backoff);
      }
    }
  }

  /**
   * Up to {@code batchSize} messages: the first receive long-polls; once a message is in hand, further receives fill
   * the batch until the batching window closes (with no window, the first non-empty receive is the batch).
   */
  private List<Message> receiveBatch() {
    List<Message> batch = new ArrayList<>();
    long windowEnd = 0;
    while (!isClosing() && batch.size() < batchSize) {
      int waitSeconds;
      if (batch.isEmpty()) {
        waitSeconds = (int) waitTime.toSeconds();
      } else if (batchingWindow.isZero()) {
        break;
      } else {
        long remaining = windowEnd - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        waitSeconds = (int) Math.min(20, (remaining + 999_999_999L) / 1_000_000_000L);
      }
      int max = Math.min(SQS_BATCH_LIMIT, batchSize - batch.size());
      ReceiveMessageRequest.Builder request =
          ReceiveMessageRequest.builder()
              .queueUrl(queueUrl)
              .maxNumberOfMessages(max)
              .waitTimeSeconds(waitSeconds)
              .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
              .messageAttributeNames("All");
      if (!visibilityTimeout.isZero()) {
        request.visibilityTimeout((int) visibilityTimeout.toSeconds());
      }
      List<Message> received = sqs.receiveMessage(request.build()).messages();
      if (!received.isEmpty() && batch.isEmpty()) {
        windowEnd = System.nanoTime() + batchingWindow.toNanos();
      }
      batch.addAll(received);
    }
    return batch;
  }

  private void invoke(List<Message> batch) {
    batches.increment();
    messages.add(batch.size());
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>(batch.size());
    for (Message message : batch) {
      records.add(toRecord(message));
    }
    event.setRecords(records);

    SQSBatchResponse response;
    try {
      response = handler.handleRequest(event, new LocalLambdaContext(functionName, region, 1024, functionTimeout));
    } catch (RuntimeException | Error e) {
      handlerErrors.increment();
      failed.add(batch.size());
      LOG.warn("{} threw: none of the {} messages is deleted; they come back after the visibility timeout",
          functionName, batch.size(), e);
      return;
    }

    Set<String> ids = new HashSet<>();
    batch.forEach(m -> ids.add(m.messageId()));
    Set<String> failures = new HashSet<>();
    if (response != null && response.getBatchItemFailures() != null) {
      for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
        String id = failure == null ? null : failure.getItemIdentifier();
        if (id == null || !ids.contains(id)) {
          handlerErrors.increment();
          failed.add(batch.size());
          LOG.warn("{} reported a failure for an id that is not in its batch: the whole batch fails", functionName);
          return;
        }
        failures.add(id);
      }
    }
    failed.add(failures.size());
    List<Message> done = new ArrayList<>(batch.size());
    for (Message message : batch) {
      if (!failures.contains(message.messageId())) {
        done.add(message);
      }
    }
    delete(done);
  }

  private void delete(List<Message> done) {
    for (int from = 0; from < done.size(); from += SQS_BATCH_LIMIT) {
      List<Message> chunk = done.subList(from, Math.min(done.size(), from + SQS_BATCH_LIMIT));
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(chunk.get(i).receiptHandle())
                .build());
      }
      DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
      deleted.add(response.successful().size());
      if (!response.failed().isEmpty()) {
        // The message comes back and is handled again: harmless, every delta is idempotent.
        LOG.warn("{} of {} deletes failed on {} (first: {})", response.failed().size(), entries.size(), queueUrl,
            response.failed().get(0).code());
      }
    }
  }

  /** Makes messages received while closing visible again at once, instead of after the visibility timeout. */
  private void release(List<Message> batch) {
    try {
      for (int from = 0; from < batch.size(); from += SQS_BATCH_LIMIT) {
        List<Message> chunk = batch.subList(from, Math.min(batch.size(), from + SQS_BATCH_LIMIT));
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
          entries.add(
              ChangeMessageVisibilityBatchRequestEntry.builder()
                  .id(Integer.toString(i))
                  .receiptHandle(chunk.get(i).receiptHandle())
                  .visibilityTimeout(0)
                  .build());
        }
        sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
      }
    } catch (SdkException e) {
      LOG.info("{} messages received while closing come back after the visibility timeout: {}", batch.size(),
          e.toString());
    }
  }

  private SQSEvent.SQSMessage toRecord(Message message) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(message.messageId());
    record.setReceiptHandle(message.receiptHandle());
    record.setBody(message.body());
    record.setMd5OfBody(message.md5OfBody());
    record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
    record.setEventSource("aws:sqs");
    record.setEventSourceArn(queueArn);
    record.setAwsRegion(region);
    record.setAttributes(new HashMap<>(message.attributesAsStrings()));
    Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
    message.messageAttributes().forEach((name, value) -> attributes.put(name, toAttribute(value)));
    record.setMessageAttributes(attributes);
    return record;
  }

  private static SQSEvent.MessageAttribute toAttribute(MessageAttributeValue value) {
    SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
    attribute.setDataType(value.dataType());
    attribute.setStringValue(value.stringValue());
    if (value.binaryValue() != null) {
      attribute.setBinaryValue(value.binaryValue().asByteBuffer());
    }
    if (value.hasStringListValues()) {
      attribute.setStringListValues(value.stringListValues());
    }
    if (value.hasBinaryListValues()) {
      List<java.nio.ByteBuffer> binaries = new ArrayList<>();
      value.binaryListValues().forEach(b -> binaries.add(b.asByteBuffer()));
      attribute.setBinaryListValues(binaries);
    }
    return attribute;
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  /** Waits, but wakes at once on close. */
  private void pause(Duration duration) {
    try {
      closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Settings of a poller; each has the default Lambda's event source mapping has, where it has one. */
  public static final class Builder {
    private SqsClient sqs;
    private String queueUrl;
    private RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private int batchSize = 10;
    private Duration batchingWindow = Duration.ZERO;
    private Duration visibilityTimeout = Duration.ZERO;
    private Duration waitTime = Duration.ofSeconds(20);
    private int concurrency = 1;
    private String functionName = "IngestFunction";
    private Duration functionTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The client to poll with (required). Not closed by the poller. */
    public Builder sqs(SqsClient sqs) {
      this.sqs = Objects.requireNonNull(sqs, "sqs");
      return this;
    }

    /** The queue to poll (required). */
    public Builder queueUrl(String queueUrl) {
      this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
      return this;
    }

    /** The function to invoke (required). Must be thread-safe if {@link #concurrency} is above 1. */
    public Builder handler(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** At most this many messages per invocation, 1 to 10,000 (default 10, as Lambda's). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be between 1 and 10000");
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * How long to keep gathering messages after the first one before invoking, 0 to 300 s (default 0: invoke with
     * what one receive returned).
     */
    public Builder maximumBatchingWindow(Duration window) {
      requireRange(window, Duration.ZERO, Duration.ofSeconds(300), "maximumBatchingWindow");
      this.batchingWindow = window;
      return this;
    }

    /**
     * The visibility timeout of received messages: how long before a failed message comes back (whole seconds,
     * 1 s to 12 h). Default: the queue's own.
     */
    public Builder visibilityTimeout(Duration timeout) {
      requireRange(timeout, Duration.ofSeconds(1), Duration.ofHours(12), "visibilityTimeout");
      this.visibilityTimeout = timeout;
      return this;
    }

    /**
     * Long-poll time of each receive, 0 to 20 s (default 20 s, as Lambda's). {@link #close()} may wait this long for
     * a receive in flight: local mode and tests choose 1 to 5 s.
     */
    public Builder waitTime(Duration waitTime) {
      requireRange(waitTime, Duration.ZERO, Duration.ofSeconds(20), "waitTime");
      this.waitTime = waitTime;
      return this;
    }

    /** Workers polling and invoking in parallel (default 1). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 1_000) {
        throw new IllegalArgumentException("concurrency must be between 1 and 1000");
      }
      this.concurrency = concurrency;
      return this;
    }

    /** The name in the handler's {@code Context} and in thread names (default IngestFunction). */
    public Builder functionName(String functionName) {
      this.functionName = Objects.requireNonNull(functionName, "functionName");
      return this;
    }

    /** The deadline in the handler's {@code Context} (default 60 s, template.yaml's IngestTimeout). */
    public Builder functionTimeout(Duration timeout) {
      requireRange(timeout, Duration.ofSeconds(1), Duration.ofMinutes(15), "functionTimeout");
      this.functionTimeout = timeout;
      return this;
    }

    public SqsEventSourcePoller build() {
      if (sqs == null || queueUrl == null || handler == null) {
        throw new IllegalStateException("sqs, queueUrl and handler are required");
      }
      return new SqsEventSourcePoller(this);
    }

    private static void requireRange(Duration value, Duration min, Duration max, String what) {
      Objects.requireNonNull(value, what);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(what + " must be between " + min + " and " + max);
      }
    }
  }
}
