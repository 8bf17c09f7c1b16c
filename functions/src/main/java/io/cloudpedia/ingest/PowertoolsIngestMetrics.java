package io.cloudpedia.ingest;

import io.cloudpedia.lambda.Dimensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes the counts as CloudWatch embedded-metric-format log lines through Powertools (no CloudWatch API calls).
 * The namespace comes from {@code POWERTOOLS_METRICS_NAMESPACE} and the {@code Service} dimension from
 * {@code POWERTOOLS_SERVICE_NAME}, both set by template.yaml. Counts are summed between flushes, so one invocation
 * writes one EMF document with one value per metric (dimensions {@code [Service]}), plus one document per cluster
 * with that cluster's deltas applied, stale and rejected, malformed messages and every message's ingest lag, in the
 * dimension sets {@code [Service, Cluster]} and {@code [Service]} (so the function's totals and its lag percentiles
 * over all clusters come with them). Metrics that stayed at zero are left out (alarms treat missing data as not
 * breaching). Outside Lambda set {@code AWS_EMF_ENVIRONMENT=Local}, or Powertools sends to a local agent on TCP 25888
 * and keeps a non-daemon thread alive.
 */
public final class PowertoolsIngestMetrics implements IngestMetrics {
  private final Metrics metrics;
  private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
  private final Map<String, ClusterMetrics> clusters = new ConcurrentHashMap<>();

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
  public void countForCluster(String cluster, String metric, long value) {
    clusters.computeIfAbsent(cluster, k -> new ClusterMetrics()).counts
        .computeIfAbsent(metric, k -> new LongAdder()).add(value);
  }

  @Override
  public void ingestLag(String cluster, double seconds) {
    ClusterMetrics of = clusters.computeIfAbsent(cluster, k -> new ClusterMetrics());
    synchronized (of.lags) {
      of.lags.add(seconds);
    }
  }

  @Override
  public void relistDuration(String cluster, double seconds) {
    ClusterMetrics of = clusters.computeIfAbsent(cluster, k -> new ClusterMetrics());
    synchronized (of.lags) {
      of.relists.add(seconds);
    }
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
    for (String cluster : new TreeMap<>(clusters).keySet()) {
      ClusterMetrics of = clusters.remove(cluster);
      Map<String, Long> counts = new TreeMap<>();
      of.counts.forEach((name, adder) -> {
        long value = adder.sum();
        if (value != 0) {
          counts.put(name, value);
        }
      });
      List<Double> lags;
      List<Double> relists;
      synchronized (of.lags) {
        lags = new ArrayList<>(of.lags);
        relists = new ArrayList<>(of.relists);
      }
      if (counts.isEmpty() && lags.isEmpty() && relists.isEmpty()) {
        continue;
      }
      metrics.flushMetrics(m -> {
        m.addDimension(Dimensions.withDefaults(m, CLUSTER, cluster));
        counts.forEach((name, value) -> m.addMetric(name, value, MetricUnit.COUNT));
        // Each value a data point of its own: CloudWatch computes percentiles (the p99 the lag alarm reads) from them.
        lags.forEach(lag -> m.addMetric(INGEST_LAG_SECONDS, lag, MetricUnit.SECONDS));
        relists.forEach(seconds -> m.addMetric(RELIST_SECONDS, seconds, MetricUnit.SECONDS));
      });
    }
  }

  /** What one cluster's messages counted since the last flush. */
  private static final class ClusterMetrics {
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    final List<Double> lags = new ArrayList<>();
    /** Guarded by {@link #lags}. */
    final List<Double> relists = new ArrayList<>();
  }
}
