package io.cloudpedia.cli.local;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.send.PackingDeltaSink;
import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.ingest.IngestFunction;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.ingest.RecordingIngestMetrics;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.time.Duration;

/** The embedded default: in-memory stores fed through an in-process queue. Nothing survives the process. */
final class EmbeddedBackend implements Backend {
  /** SQS's largest message: nothing needs to be smaller in process. */
  private static final int MAX_MESSAGE_BYTES = 1_048_576;

  private final InMemoryResourceStore store = new InMemoryResourceStore();
  private final InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  private final io.cloudpedia.registry.InMemoryClusterRegistry registry =
      new io.cloudpedia.registry.InMemoryClusterRegistry();
  private final io.cloudpedia.events.InMemoryEventStore events = new io.cloudpedia.events.InMemoryEventStore();
  private final InProcessQueue queue;

  EmbeddedBackend() {
    RecordingIngestMetrics metrics = new RecordingIngestMetrics();
    queue = new InProcessQueue(new IngestFunction(new IngestService(store, syncState, events, metrics), metrics));
  }

  @Override
  public DeltaSink sinkFor(AgentIdentity identity) {
    return new PackingDeltaSink(identity, queue.transport(),
        SendOptions.defaults(MAX_MESSAGE_BYTES).withLinger(Duration.ofMillis(20)));
  }

  @Override
  public ResourceStore store() {
    return store;
  }

  @Override
  public SyncStateStore syncState() {
    return syncState;
  }

  @Override
  public io.cloudpedia.events.EventStore events() {
    return events;
  }

  @Override
  public io.cloudpedia.registry.ClusterRegistry registry() {
    return registry;
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
