package io.cloudpedia.wire;

/**
 * One change inside an {@link Envelope}. Java 17 has no pattern-matching switch, so callers dispatch with a
 * {@link Visitor}: adding a delta type breaks every visitor at compile time, as an exhaustive switch would.
 */
public sealed interface Delta permits Upsert, Delete, RelistBegin, RelistEnd, AgentStatus {

  /** The {@code op} this delta is written with on the wire. */
  String op();

  <R> R accept(Visitor<R> visitor);

  interface Visitor<R> {
    R upsert(Upsert upsert);

    R delete(Delete delete);

    R relistBegin(RelistBegin relistBegin);

    R relistEnd(RelistEnd relistEnd);

    R status(AgentStatus status);
  }
}
