package io.cloudpedia.cli.local;

import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.events.EventStore;
import io.cloudpedia.ingest.IngestFunction;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.ingest.RecordingIngestMetrics;
import io.cloudpedia.registry.ClusterRegistry;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import java.time.Duration;
import java.util.Objects;

/** What a local backend keeps its data in: the same four stores whichever backend, in memory or in DynamoDB. */
record Stores(ResourceStore resources, SyncStateStore syncState, EventStore events, ClusterRegistry registry) {
  /** How local sinks send: SQS's largest message, and a short linger so changes show within a blink. */
  static final SendOptions SEND_OPTIONS = SendOptions.defaults(1_048_576).withLinger(Duration.ofMillis(20));

  Stores {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(syncState, "syncState");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(registry, "registry");
  }

  /** The ingest function over these stores, as Lambda runs it. */
  IngestFunction ingest() {
    RecordingIngestMetrics metrics = new RecordingIngestMetrics();
    return new IngestFunction(new IngestService(resources, syncState, events, metrics), metrics);
  }
}
