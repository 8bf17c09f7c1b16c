package io.cloudpedia.ingest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Keeps running totals in memory, for tests and local mode. Flushing does not reset them. Thread-safe. */
public final class RecordingIngestMetrics implements IngestMetrics {
  private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byCluster = new ConcurrentHashMap<>();
  private final Map<String, List<Double>> lags = new ConcurrentHashMap<>();
  private final Map<String, List<Double>> relists = new ConcurrentHashMap<>();
  private final AtomicLong flushes = new AtomicLong();

  @Override
  public void count(String metric, long value) {
    totals.computeIfAbsent(metric, k -> new LongAdder()).add(value);
  }

  /** Counts under the cluster, and in the total as well (the total is the sum over clusters). */
  @Override
  public void countForCluster(String cluster, String metric, long value) {
    count(metric, value);
    byCluster.computeIfAbsent(cluster + "/" + metric, k -> new LongAdder()).add(value);
  }

  @Override
  public void ingestLag(String cluster, double seconds) {
    lags.computeIfAbsent(cluster, k -> new CopyOnWriteArrayList<>()).add(seconds);
  }

  @Override
  public void relistDuration(String cluster, double seconds) {
    relists.computeIfAbsent(cluster, k -> new CopyOnWriteArrayList<>()).add(seconds);
  }

  /** The relist durations recorded for a cluster, in seconds, in the order recorded. */
  public List<Double> relistDurations(String cluster) {
    return List.copyOf(relists.getOrDefault(cluster, List.of()));
  }

  /** The total of one metric of one cluster, 0 if never counted. */
  public long total(String cluster, String metric) {
    LongAdder adder = byCluster.get(cluster + "/" + metric);
    return adder == null ? 0 : adder.sum();
  }

  /** The ingest lags recorded for a cluster, in seconds, in the order recorded. */
  public List<Double> ingestLags(String cluster) {
    return List.copyOf(lags.getOrDefault(cluster, List.of()));
  }

  @Override
  public void flush() {
    flushes.incrementAndGet();
  }

  /** The total of one metric, 0 if never counted. */
  public long total(String metric) {
    LongAdder adder = totals.get(metric);
    return adder == null ? 0 : adder.sum();
  }

  /** Every total, sorted by name. */
  public Map<String, Long> totals() {
    Map<String, Long> copy = new TreeMap<>();
    totals.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  public long flushes() {
    return flushes.get();
  }

  @Override
  public String toString() {
    return "RecordingIngestMetrics" + totals();
  }
}
