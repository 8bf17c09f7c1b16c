package io.cloudpedia.store;

/** What a conditional write did. */
public enum WriteOutcome {
  /** The write changed the store. */
  APPLIED,
  /**
   * The upsert changed the store, but its compressed body did not fit in one item (DynamoDB's 400 KB), so the store
   * kept only the object's {@code apiVersion}, {@code kind} and {@code metadata}, annotated
   * {@code cloudpedia.io/truncated: TooLarge} (docs/storage.md, "Large objects"). Ingest counts it
   * ({@code ObjectsTruncated}) and logs the key. An object that the agent had already truncated comes back as
   * {@link #APPLIED}: the agent counts those.
   */
  APPLIED_TRUNCATED,
  /** The store already held an equal or newer resourceVersion (or a tombstone at least as new): a no-op. */
  STALE;

  /** Whether the write changed the store ({@link #APPLIED} or {@link #APPLIED_TRUNCATED}). */
  public boolean applied() {
    return this != STALE;
  }
}
