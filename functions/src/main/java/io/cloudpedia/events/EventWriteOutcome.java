package io.cloudpedia.events;

/** What an event store write did. */
public enum EventWriteOutcome {
  /** The write changed the store. */
  APPLIED,
  /** The store already held an equal or newer resourceVersion of that Event (or a delete at least as new): a no-op. */
  STALE,
  /** The Event names no involved object (no {@code involvedObject.name} or {@code kind}), or is not an Event: not kept. */
  IGNORED;

  public boolean applied() {
    return this == APPLIED;
  }
}
