package io.cloudpedia.cli.local;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;

/**
 * Where the local mode's deltas go and its objects live: the embedded in-memory store with an in-process queue, or
 * real SQS and DynamoDB (any endpoint) with the local event-source poller. Either way the agents' sinks carry the
 * same wire format, and {@code IngestFunction} applies it.
 */
interface Backend extends AutoCloseable {

  /** A sink for one agent (or the demo replay), closed by the caller. */
  DeltaSink sinkFor(AgentIdentity identity);

  ResourceStore store();

  SyncStateStore syncState();

  /** The events associated with their objects, for inject-events. */
  io.cloudpedia.events.EventStore events();

  /** The cluster registry (PediaClusters) served at the API root. */
  io.cloudpedia.registry.ClusterRegistry registry();

  /** One line: what this backend is, for the progress display and the Ready line. */
  String describe();

  /** Messages dead-lettered so far (malformed or failing every time). */
  long deadLettered();

  @Override
  void close();
}
