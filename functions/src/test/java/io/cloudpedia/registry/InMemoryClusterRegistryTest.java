package io.cloudpedia.registry;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

class InMemoryClusterRegistryTest extends ClusterRegistryContract {
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Override
  protected ClusterRegistry newRegistry(Clock clock) {
    return new InMemoryClusterRegistry(clock);
  }

  @Override
  protected String uniqueName() {
    return "cluster-" + NAMES.incrementAndGet();
  }
}
