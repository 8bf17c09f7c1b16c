package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registered member clusters (PediaCluster) and the shared sync lists they may reference (ClusterSyncResources),
 * each kept as its whole JSON object, with the server-side metadata an apiserver keeps: {@code uid},
 * {@code creationTimestamp}, {@code resourceVersion}, {@code generation}, {@code deletionTimestamp}. DynamoDB
 * ({@link DynamoClusterRegistry}) or in memory ({@link InMemoryClusterRegistry}); both pass
 * {@code ClusterRegistryContract}.
 *
 * <p>Objects are validated by the caller ({@link PediaClusters#validate}) before they are written; the registry only
 * needs {@code metadata.name}. A resourceVersion is a per-object number that grows with every write of the object and
 * starts from the clock's milliseconds at creation, so that an object deleted and created again does not reuse the old
 * object's versions. Writes are optimistic: one based on an outdated read fails with {@link RegistryException.Conflict},
 * and of two writes from the same read exactly one wins.
 *
 * <p>Every method may throw {@link io.cloudpedia.store.StoreUnavailableException} for a failure that may pass.
 */
public interface ClusterRegistry {

  /** The longest JSON (UTF-8 bytes) an object may have: a DynamoDB item holds 400 KB, keys and attributes included. */
  int MAX_OBJECT_BYTES = 350_000;

  Optional<Stored> get(RegistryKind kind, String name);

  /** Every object of the kind, sorted by name; objects being deleted included. */
  List<Stored> list(RegistryKind kind);

  /**
   * Stores a new object named {@code object.metadata.name}. Sets {@code metadata.uid} (a random UUID),
   * {@code creationTimestamp} (now, to the second), {@code resourceVersion} and {@code generation} 1; drops whatever
   * the client sent for these, {@code deletionTimestamp}, {@code namespace} and {@code status} (a new object has no
   * status yet).
   *
   * @throws RegistryException.AlreadyExists if an object of that name exists (also while it is being deleted)
   * @throws RegistryException.TooLarge if its JSON exceeds {@link #MAX_OBJECT_BYTES}
   * @throws IllegalArgumentException if it has no {@code metadata.name}
   */
  Stored create(RegistryKind kind, ObjectNode object);

  /**
   * Replaces an object's metadata and spec (as {@code PUT} does). If {@code object.metadata.resourceVersion} is set it
   * must be the stored one, and if {@code metadata.uid} is set it must be the stored one, else
   * {@link RegistryException.Conflict}; without a resourceVersion the update is unconditional. Keeps {@code uid},
   * {@code creationTimestamp}, {@code deletionTimestamp} and, for PediaCluster, {@code status} (a subresource); bumps
   * {@code resourceVersion}, and {@code generation} only when {@code spec} changed.
   *
   * @throws RegistryException.NotFound if there is no such object
   */
  Stored update(RegistryKind kind, ObjectNode object);

  /**
   * Replaces only {@code status} with {@code object.status} (the status subresource); the same resourceVersion and
   * uid preconditions as {@link #update}. Bumps {@code resourceVersion}, never {@code generation}.
   *
   * @throws IllegalArgumentException for a kind without status ({@link RegistryKind#hasStatus()})
   */
  Stored updateStatus(RegistryKind kind, ObjectNode object);

  /**
   * Sets {@code metadata.deletionTimestamp} (to the second) and bumps the resourceVersion; the object stays readable
   * until {@link #remove}, so that whoever cleans up after a cluster can find it. Calling it again keeps the first
   * timestamp and writes nothing.
   *
   * @throws RegistryException.NotFound if there is no such object
   */
  Stored markDeleting(RegistryKind kind, String name, Instant at);

  /** Deletes the object for good; answers whether there was one. */
  boolean remove(RegistryKind kind, String name);
}
