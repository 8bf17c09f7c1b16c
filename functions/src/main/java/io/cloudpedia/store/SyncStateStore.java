package io.cloudpedia.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the agents report about their clusters: the types each cluster syncs and how far their relists have come,
 * the agents' status, the key sets of relists in progress and of each type's newest completed relist. DynamoDB or in
 * memory, like {@link ResourceStore}.
 *
 * <p>Relist markers may arrive late, twice or out of order; both implementations apply the same rules
 * ({@link TypeSyncProgress}, {@link RelistParts}) so that they converge. Times are kept to the millisecond.
 *
 * <p>Every method may throw {@link StoreUnavailableException} for a failure that may pass.
 */
public interface SyncStateStore {

  /** A relist of the type began: the type is now known to be synced by the cluster. */
  void relistBegan(String cluster, GroupVersionResource type, String relistId, Instant at);

  /**
   * Keeps one part of a relist's key set. Returns every part of that relist once all of them are kept (to the caller
   * whose write completed the set, and to any later caller), else empty. Parts expire after a day if the set is
   * never completed. A part already kept as the type's snapshot (see {@link #relistCompleted}) is left as it is.
   */
  Optional<List<RelistPart>> addRelistPart(RelistPart part);

  /**
   * The relist's key set is complete: record it as completed. If its list is newer than the type's newest completed
   * relist ({@link TypeSyncProgress}), it becomes the type's watermark: its parts are kept for good as the type's
   * snapshot key set, and the parts of the relist it replaces are forgotten. Otherwise (a late completion of an older
   * relist) the watermark stays and this relist's parts are forgotten. Idempotent: calling it again, after a failure
   * part way, finishes the job.
   *
   * @param resourceVersion the list's resourceVersion
   * @return how long the relist took, from its recorded begin to {@code at}, when this call is the one that recorded its
   *     completion and its begin was recorded before ({@link TypeSyncProgress#listingTime}); empty otherwise (a
   *     redelivery, a late completion, a begin never seen)
   */
  Optional<Duration> relistCompleted(
      String cluster, GroupVersionResource type, String relistId, String resourceVersion, long count, Instant at);

  /** The type's newest completed relist (its watermark), read strongly consistent; empty if none completed. */
  Optional<CompletedRelist> completedRelist(String cluster, GroupVersionResource type);

  /**
   * The relist's key set (cache keys), if every part of it is kept: a completed relist that is the type's watermark,
   * or one whose parts all arrived and have not been forgotten yet. Empty once its parts are forgotten.
   */
  Optional<Set<String>> relistKeys(String cluster, GroupVersionResource type, String relistId);

  /**
   * Keeps the agent's status document (JSON) if it is strictly newer than the one kept (an equal {@code observedAt}
   * is a duplicate). Returns whether it was kept.
   */
  boolean putAgentStatus(String cluster, Instant observedAt, byte[] statusJson);

  Optional<AgentStatusRecord> agentStatus(String cluster);

  /** Every cluster any agent has reported about (a relist or a status), sorted by name. */
  Set<String> clusters();

  /** Every type the cluster syncs (announced by a relist or a status). */
  List<TypeSyncState> types(String cluster);

  /** Every cluster that syncs this type, sorted by name: the clusters a cross-cluster list visits. */
  Set<String> clustersSyncing(GroupVersionResource type);

  /** Records that the cluster syncs these types (from an agent status). */
  void typesAnnounced(String cluster, Set<GroupVersionResource> types);

  /**
   * Forgets everything about the cluster: its status, its types (and the reverse index), its relists' key sets, its
   * place in {@link #clusters()}. For a cluster removed from the registry; a later report records it afresh.
   */
  void forget(String cluster);

  record AgentStatusRecord(String cluster, Instant observedAt, byte[] statusJson) {}

  /**
   * A completed relist that is its type's watermark.
   *
   * @param resourceVersion its list's resourceVersion
   */
  record CompletedRelist(String relistId, String resourceVersion) {
    public CompletedRelist {
      Objects.requireNonNull(relistId, "relistId");
      Objects.requireNonNull(resourceVersion, "resourceVersion");
    }
  }

  /**
   * @param relistId the newest relist begun, {@code ""} if only announced
   * @param listing whether that relist is still running
   * @param lastCount objects in the last completed relist, -1 if none completed
   */
  record TypeSyncState(
      String cluster, GroupVersionResource type, String relistId, boolean listing, long lastCount,
      Optional<Instant> lastCompleted) {}
}
