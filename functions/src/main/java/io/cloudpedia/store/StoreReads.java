package io.cloudpedia.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a store has read since it was built: storage requests and items read (each item a query or index scan
 * touched, each item a get returned, tombstones and filtered-out items included). The figure that shows a read
 * grows with its answer; tests and benchmarks take differences.
 */
public final class StoreReads {
  private final LongAdder requests = new LongAdder();
  private final LongAdder items = new LongAdder();

  public void recordRequest(long itemsRead) {
    requests.increment();
    items.add(itemsRead);
  }

  public long requests() {
    return requests.sum();
  }

  public long items() {
    return items.sum();
  }

  public Snapshot snapshot() {
    return new Snapshot(requests(), items());
  }

  public record Snapshot(long requests, long items) {
    public Snapshot since(Snapshot earlier) {
      return new Snapshot(requests - earlier.requests, items - earlier.items);
    }
  }
}
