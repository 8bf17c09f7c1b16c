package io.cloudpedia.cli.local;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.send.PackingDeltaSink;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;

/** The embedded default: in-memory stores fed through an in-process queue. Nothing survives the process. */
final class EmbeddedBackend implements Backend {
  private final Stores stores = new Stores(new InMemoryResourceStore(), new InMemorySyncStateStore(),
      new InMemoryEventStore(), new InMemoryClusterRegistry());
  private final InProcessQueue queue = new InProcessQueue(stores.ingest());

  @Override
  public DeltaSink sinkFor(AgentIdentity identity) {
    return new PackingDeltaSink(identity, queue.transport(), Stores.SEND_OPTIONS);
  }

  @Override
  public Stores stores() {
    return stores;
  }

  @Override
  public String describe() {
    return "embedded in-memory store";
  }

  @Override
  public long deadLettered() {
    return queue.deadLettered();
  }

  @Override
  public void close() {
    queue.close();
  }
}
