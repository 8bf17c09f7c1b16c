package io.cloudpedia.events;

import io.cloudpedia.testing.MutableClock;
import java.util.concurrent.atomic.AtomicLong;

class InMemoryEventStoreTest extends EventStoreContract {
  private static final AtomicLong CLUSTERS = new AtomicLong();

  @Override
  protected EventStore newStore(MutableClock clock, EventRetention retention) {
    return new InMemoryEventStore(clock, retention, TOMBSTONE_TTL);
  }

  @Override
  protected String uniqueClusterName() {
    return "cluster-" + CLUSTERS.incrementAndGet();
  }
}
