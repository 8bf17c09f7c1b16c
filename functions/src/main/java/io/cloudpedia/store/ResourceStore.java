package io.cloudpedia.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The objects of every member cluster. The one storage interface that ingest and the API use; DynamoDB in production,
 * in memory for {@code cloudpedia local} and fast tests. Both pass {@code ResourceStoreContract}.
 *
 * <p>Writes are conditional on the member cluster's resourceVersion, so that SQS's duplicated and reordered deliveries
 * converge: an upsert wins only over an older resourceVersion; a delete wins over an older or equal one and leaves a
 * tombstone at its resourceVersion, so a late older upsert cannot resurrect the object. A second delete at the same
 * resourceVersion is {@link WriteOutcome#STALE}. Tombstones are invisible to reads and stop counting once the store's
 * tombstone TTL has passed (then the key is as if never written).
 *
 * <p>Non-numeric resourceVersions (not produced by etcd-backed servers) cannot be ordered: for them an upsert wins
 * whenever the resourceVersion differs from the stored one, and a delete wins unless the same tombstone is stored.
 * A numeric write wins over a stored non-numeric resourceVersion ({@link ResourceVersions#upsertWins},
 * {@link ResourceVersions#deleteWins}).
 *
 * <p>An upsert whose gzip body exceeds {@link ObjectBodies#MAX_GZIP_BODY_BYTES} is stored as the object's metadata
 * only and answered {@link WriteOutcome#APPLIED_TRUNCATED}.
 *
 * <p>Key order is the order of {@code {namespace}/{name}} by UTF-8 bytes ({@link StorageKeys#SORT_ORDER}): namespace,
 * then name, as Kubernetes' own storage lists.
 *
 * <p>Every method may throw {@link StoreUnavailableException} for a failure that may pass.
 */
public interface ResourceStore {

  /** How long a tombstone blocks older writes, unless a store is built with another TTL. */
  Duration DEFAULT_TOMBSTONE_TTL = Duration.ofHours(24);

  WriteOutcome upsert(ObjectRecord object);

  WriteOutcome delete(ObjectKey key, String resourceVersion);

  /** The live object at that key; empty if absent or deleted. */
  Optional<StoredObject> get(ObjectKey key);

  /**
   * The resourceVersion the object at that key was deleted at, if it is deleted (its tombstone has not expired and no
   * newer version was written); empty if it is live or was never stored. A strongly consistent read.
   */
  Optional<String> deletedAt(ObjectKey key);

  /** The live objects at these keys, in the order of {@code keys}, absent and deleted ones left out. */
  List<StoredObject> getAll(List<ObjectKey> keys);

  /**
   * A page of live objects of one type in one cluster, optionally one namespace, in key order, restricted to the
   * request's {@link Selection}. {@link Page#next()} is present exactly when at least one more selected live object
   * follows. A {@link Selection.LabelIn} may be answered from a secondary index that lags writes by a moment: callers
   * that must be exact check the labels of what comes back.
   */
  Page<StoredObject> list(ListRequest request);

  /** The label keys this store indexes ({@link Selection.LabelIn}). */
  Set<String> indexedLabels();

  /** What this store has read so far. */
  StoreReads reads();

  /** Every live object's key and resourceVersion of one type in one cluster, in key order, without bodies. */
  void forEachKey(String cluster, GroupVersionResource type, Consumer<KeyVersion> action);

  /**
   * The keys of the live objects of one cluster, of any type, whose controller owner (the ownerReference with
   * {@code controller: true}) has this uid; ordered by type ({@link GroupVersionResource#toString()}), then key.
   * DynamoDB answers from a secondary index, which may lag a write by a moment.
   */
  List<ObjectKey> ownedBy(String cluster, String ownerUid);
}
