package io.cloudpedia.store;

/** What a conditional write did. */
public enum WriteOutcome {
  /** The write changed the store. */
  APPLIED,
  /** The store already held an equal or newer resourceVersion (or a tombstone at least as new): a no-op. */
  STALE
}
