package io.cloudpedia.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.env.FunctionEnvironment;
import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.json.Json;
import io.cloudpedia.lambda.ColdStart;
import io.cloudpedia.lambda.Priming;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.wire.Envelope;
import io.cloudpedia.wire.MalformedMessageException;
import io.cloudpedia.wire.WireDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The SQS-triggered Lambda handler: decodes each message and hands it to {@link IngestService}. A thin adapter; the
 * domain lives in the service.
 *
 * <p>Partial batch responses ({@code ReportBatchItemFailures}): a message that fails is reported by id and comes back
 * after the queue's visibility timeout; the others are deleted. Malformed messages fail every time, so after the
 * queue's {@code maxReceiveCount} the redrive policy moves them to the dead-letter queue; transient store failures
 * usually pass on a later receive. One bad message never fails or blocks the rest of its batch, and nothing is thrown
 * out of {@link #handleRequest} for a single message.
 *
 * <p>Logs carry the message id, cluster and reasons, never message bodies.
 */
public final class IngestFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

  /**
   * What the function reads from its environment: {@link IngestConfig}'s variables, and Powertools' metrics namespace
   * (EMF needs one: without it every flush fails) and service name (the {@code service} field of log lines).
   */
  public static final FunctionEnvironment ENVIRONMENT = FunctionEnvironment.of(IngestConfig::from,
      IngestConfig.VARIABLES, EnvVariable.deployment("POWERTOOLS_METRICS_NAMESPACE"),
      EnvVariable.deployment("POWERTOOLS_SERVICE_NAME"));

  private final IngestService service;
  private final IngestMetrics metrics;
  private final Clock clock;

  /**
   * For Lambda: DynamoDB stores and Powertools metrics, configured from the environment ({@link IngestConfig}), and
   * priming before a SnapStart snapshot: {@link IngestPriming}'s message through the decoder and a service over
   * in-memory stores, then one DynamoDB read.
   */
  public IngestFunction() {
    this(IngestWiring.fromEnvironment());
  }

  private IngestFunction(IngestWiring wiring) {
    this(wiring.service(), wiring.metrics());
    Priming.register("IngestFunction", () -> {
      IngestPriming.apply(new IngestService(new InMemoryResourceStore(), new InMemorySyncStateStore(),
          new InMemoryEventStore(), IngestMetrics.none()));
      wiring.primeAws().run();
    });
  }

  /**
   * For tests and local mode: any stores, any metrics. {@code metrics} should be the one the service reports into,
   * so that one flush per invocation publishes both.
   */
  public IngestFunction(IngestService service, IngestMetrics metrics) {
    this(service, metrics, Clock.systemUTC());
  }

  /** With the clock that measures ingest lag (the time between an agent's {@code sentAt} and the store write). */
  public IngestFunction(IngestService service, IngestMetrics metrics, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    if (context == null) {
      return handle(event);
    }
    return PowertoolsLogging.withLogging(context, () -> handle(event));
  }

  private SQSBatchResponse handle(SQSEvent event) {
    List<SQSEvent.SQSMessage> records =
        event == null || event.getRecords() == null ? List.of() : event.getRecords();
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    IngestReport total = IngestReport.EMPTY;
    try {
      if (ColdStart.take()) {
        metrics.count(IngestMetrics.COLD_START, 1);
      }
      for (SQSEvent.SQSMessage message : records) {
        metrics.count(IngestMetrics.MESSAGES, 1);
        Optional<IngestReport> report = process(message);
        if (report.isPresent()) {
          total = total.plus(report.get());
        } else {
          failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
      }
    } finally {
      flushMetrics();
    }
    LOG.info(
        "batch of {} messages: {} failed; upserts {} applied {} stale, deletes {} applied {} stale, {} swept",
        records.size(),
        failures.size(),
        total.upsertsApplied(),
        total.upsertsStale(),
        total.deletesApplied(),
        total.deletesStale(),
        total.swept());
    return new SQSBatchResponse(failures);
  }

  /** What applying the message did; empty if it failed and must be reported as a batch item failure. */
  private Optional<IngestReport> process(SQSEvent.SQSMessage message) {
    String messageId = message.getMessageId();
    MDC.put("messageId", String.valueOf(messageId));
    Envelope envelope = null;
    try {
      envelope = WireDecoder.decode(message.getBody());
      MDC.put("cluster", envelope.cluster());
      IngestReport report = service.apply(envelope);
      metrics.count(IngestMetrics.MESSAGES_APPLIED, 1);
      // Clocks of agents and AWS differ a little: a message cannot arrive before it was sent.
      double lag = Math.max(0, Duration.between(envelope.sentAt(), clock.instant()).toMillis() / 1000.0);
      metrics.ingestLag(envelope.cluster(), lag);
      LOG.debug("message {} from {} applied: {} deltas, {} s after it was sent", messageId, envelope.agent(),
          envelope.deltas().size(), lag);
      return Optional.of(report);
    } catch (MalformedMessageException e) {
      metrics.countForCluster(envelope != null ? envelope.cluster() : clusterOf(message.getBody()),
          IngestMetrics.MALFORMED_MESSAGES, 1);
      LOG.warn(
          "malformed message {} (receive {}): {}; it goes to the dead-letter queue after maxReceiveCount receives",
          messageId,
          receiveCount(message),
          e.reason());
    } catch (StoreUnavailableException e) {
      metrics.count(IngestMetrics.TRANSIENT_FAILURES, 1);
      rejected(envelope);
      LOG.warn("message {} (receive {}) not applied, store unavailable: {}", messageId, receiveCount(message),
          e.getMessage());
    } catch (RuntimeException e) {
      metrics.count(IngestMetrics.FAILED_MESSAGES, 1);
      rejected(envelope);
      LOG.error("message {} (receive {}) not applied", messageId, receiveCount(message), e);
    } finally {
      MDC.remove("messageId");
      MDC.remove("cluster");
    }
    return Optional.empty();
  }

  /** A decoded message failed: its deltas are counted as rejected under its cluster (they come back for a retry). */
  private void rejected(Envelope envelope) {
    if (envelope != null) {
      metrics.countForCluster(envelope.cluster(), IngestMetrics.DELTAS_REJECTED, envelope.deltas().size());
    }
  }

  /**
   * The cluster a message that failed to decode names, if it names a valid one ({@code cluster} is a DNS-1123 label),
   * else {@value IngestMetrics#UNKNOWN_CLUSTER}: its metric dimension. Agents are trusted (only they may send), but a
   * garbled name must not mint metrics.
   */
  static String clusterOf(String body) {
    try {
      String cluster = Json.mapper().readTree(body == null ? "" : body).path("cluster").asText("");
      return DNS_LABEL.matcher(cluster).matches() ? cluster : IngestMetrics.UNKNOWN_CLUSTER;
    } catch (java.io.IOException | RuntimeException e) {
      return IngestMetrics.UNKNOWN_CLUSTER;
    }
  }

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private static String receiveCount(SQSEvent.SQSMessage message) {
    Map<String, String> attributes = message.getAttributes();
    String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
    return count == null ? "?" : count;
  }

  private void flushMetrics() {
    try {
      metrics.flush();
    } catch (RuntimeException e) {
      // Losing one invocation's metrics must not turn applied messages into failures.
      LOG.warn("metrics flush failed: {}", e.toString());
    }
  }
}
