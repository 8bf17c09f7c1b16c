package io.cloudpedia.cli.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cloudpedia.agent.send.EnvelopeTransport;
import io.cloudpedia.ingest.IngestFunction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stand-in for SQS and its Lambda event source: agents' sinks put message bodies (the same wire format as
 * SQS carries) in a bounded queue; one thread hands them to {@link IngestFunction} in batches of up to 10, as the
 * event source mapping does. A message the function reports failed comes back after a delay, up to
 * {@link #MAX_RECEIVES} receives, then is dead-lettered: counted and logged, never silently dropped.
 */
final class InProcessQueue implements AutoCloseable {
  static final int MAX_RECEIVES = 5;
  private static final int CAPACITY = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(InProcessQueue.class);

  private final IngestFunction ingest;
  private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "queue-retry"));
  private final Thread consumer;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean closed;

  private record Message(String id, String body, int receives) {}

  InProcessQueue(IngestFunction ingest) {
    this.ingest = ingest;
    this.consumer = daemon(this::consume, "ingest");
    consumer.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** What an agent's sink sends through: blocks while the queue is full, so agents feel back-pressure. */
  EnvelopeTransport transport() {
    return bodies -> {
      for (String body : bodies) {
        pending.incrementAndGet();
        queue.put(new Message("local-" + ids.incrementAndGet(), body, 0));
      }
      return List.of();
    };
  }

  /** Messages sent and not yet applied or dead-lettered. */
  long pending() {
    return pending.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  private void consume() {
    List<Message> batch = new ArrayList<>();
    while (!closed) {
      try {
        batch.clear();
        Message first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 9);
        deliver(batch);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The function reports failures per message; anything thrown is a bug: count the batch as failed once.
        LOG.error("ingest failed on a batch of {} messages", batch.size(), e);
        batch.forEach(m -> retry(m, "ingest threw " + e.getClass().getSimpleName()));
      }
    }
  }

  private void deliver(List<Message> batch) {
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : batch) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.id());
      record.setBody(m.body());
      record.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(m.receives() + 1)));
      record.setEventSource("cloudpedia:local");
      records.add(record);
    }
    event.setRecords(records);
    SQSBatchResponse response = ingest.handleRequest(event, null);
    Set<String> failed = new HashSet<>();
    if (response != null && response.getBatchItemFailures() != null) {
      response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
    }
    for (Message m : batch) {
      if (failed.contains(m.id())) {
        retry(m, "ingest reported it failed");
      } else {
        pending.decrementAndGet();
      }
    }
  }

  private void retry(Message m, String why) {
    int receives = m.receives() + 1;
    if (receives >= MAX_RECEIVES) {
      deadLettered.incrementAndGet();
      pending.decrementAndGet();
      LOG.warn("message {} dead-lettered after {} receives ({})", m.id(), receives, why);
      return;
    }
    long delayMs = 200L << Math.min(receives, 5);
    retries.schedule(() -> {
      try {
        queue.put(new Message(m.id(), m.body(), receives));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    consumer.interrupt();
    retries.shutdownNow();
    try {
      consumer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
