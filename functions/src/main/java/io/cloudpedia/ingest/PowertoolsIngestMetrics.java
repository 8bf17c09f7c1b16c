package io.cloudpedia.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes the counts as CloudWatch embedded-metric-format log lines through Powertools (no CloudWatch API calls).
 * The namespace comes from {@code POWERTOOLS_METRICS_NAMESPACE} and the {@code Service} dimension from
 * {@code POWERTOOLS_SERVICE_NAME}, both set by template.yaml. Counts are summed between flushes, so one invocation
 * writes one EMF document with one value per metric; metrics that stayed at zero are left out (alarms treat missing
 * data as not breaching). Outside Lambda set {@code AWS_EMF_ENVIRONMENT=Local}, or Powertools sends to a local agent
 * on TCP 25888 and keeps a non-daemon thread alive.
 */
public final class PowertoolsIngestMetrics implements IngestMetrics {
  private final Metrics metrics;
  private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();

  public PowertoolsIngestMetrics() {
    this(MetricsFactory.getMetricsInstance());
  }

  public PowertoolsIngestMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void count(String metric, long value) {
    pending.computeIfAbsent(metric, k -> new LongAdder()).add(value);
  }

  @Override
  public synchronized void flush() {
    boolean any = false;
    for (Map.Entry<String, LongAdder> e : pending.entrySet()) {
      long value = e.getValue().sumThenReset();
      if (value != 0) {
        metrics.addMetric(e.getKey(), value, MetricUnit.COUNT);
        any = true;
      }
    }
    if (any) {
      metrics.flush();
    }
  }
}
