package io.cloudpedia.cli.local;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.wire.AgentIdentity;

/**
 * Where the local mode's deltas go and its objects live: the embedded in-memory store with an in-process queue, or
 * real SQS and DynamoDB (any endpoint) with the local event-source poller. Either way the agents' sinks carry the
 * same wire format, and {@code IngestFunction} applies it.
 */
interface Backend extends AutoCloseable {

  /** A sink for one agent (or the demo replay), closed by the caller. */
  DeltaSink sinkFor(AgentIdentity identity);

  /** Where the objects, sync state, events and registry live. */
  Stores stores();

  /** One line: what this backend is, for the progress display and the Ready line. */
  String describe();

  /** Messages dead-lettered so far (malformed or failing every time). */
  long deadLettered();

  @Override
  void close();
}
