package io.cloudpedia.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The objects of every member cluster. The one storage interface that ingest and the API use; DynamoDB in production,
 * in memory for {@code cloudpedia local} and fast tests. Both pass {@code ResourceStoreContract}.
 *
 * <p>Writes are conditional on the member cluster's resourceVersion, so that SQS's duplicated and reordered deliveries
 * converge: an upsert wins only over an older resourceVersion; a delete wins over an older or equal one and leaves a
 * tombstone at its resourceVersion, so a late older upsert cannot resurrect the object. Tombstones are invisible to
 * reads and expire after the store's tombstone TTL.
 *
 * <p>Non-numeric resourceVersions (not produced by etcd-backed servers) cannot be ordered: for them an upsert wins
 * whenever the resourceVersion differs from the stored one, and a delete always wins.
 *
 * <p>Every method may throw {@link StoreUnavailableException} for a failure that may pass.
 */
public interface ResourceStore {

  WriteOutcome upsert(ObjectRecord object);

  WriteOutcome delete(ObjectKey key, String resourceVersion);

  /** The live object at that key; empty if absent or deleted. */
  Optional<StoredObject> get(ObjectKey key);

  /** A page of live objects of one type in one cluster, optionally one namespace, in key order. */
  Page<StoredObject> list(ListRequest request);

  /** Every live object's key and resourceVersion of one type in one cluster, in key order, without bodies. */
  void forEachKey(String cluster, GroupVersionResource type, Consumer<KeyVersion> action);
}
