package io.cloudpedia.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Keeps running totals in memory, for tests and local mode. Flushing does not reset them. Thread-safe. */
public final class RecordingIngestMetrics implements IngestMetrics {
  private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();
  private final AtomicLong flushes = new AtomicLong();

  @Override
  public void count(String metric, long value) {
    totals.computeIfAbsent(metric, k -> new LongAdder()).add(value);
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
