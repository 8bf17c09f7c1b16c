package io.cloudpedia.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * How far the relists of one type in one cluster have come, and how it changes: the one set of rules both
 * {@link SyncStateStore} implementations apply, so that relist markers delivered late, twice or out of order (SQS
 * standard queues) converge to the same state. Times are kept to the millisecond, as DynamoDB stores them.
 *
 * @param relistId the newest relist known to have begun, {@code ""} if the type was only announced
 * @param beganAt when that relist began
 * @param listing whether that relist is still running
 * @param lastCount objects in the newest completed relist, -1 if none completed
 * @param lastCompleted when the newest completed relist completed
 * @param completedRelistId the newest completed relist, {@code ""} if none
 */
public record TypeSyncProgress(
    String relistId,
    Optional<Instant> beganAt,
    boolean listing,
    long lastCount,
    Optional<Instant> lastCompleted,
    String completedRelistId) {

  public TypeSyncProgress {
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(beganAt, "beganAt");
    Objects.requireNonNull(lastCompleted, "lastCompleted");
    Objects.requireNonNull(completedRelistId, "completedRelistId");
    beganAt = beganAt.map(TypeSyncProgress::millis);
    lastCompleted = lastCompleted.map(TypeSyncProgress::millis);
  }

  /** A type an agent's status names before any relist of it was seen. */
  public static TypeSyncProgress announced() {
    return new TypeSyncProgress("", Optional.empty(), false, -1, Optional.empty(), "");
  }

  /**
   * A relist began. Ignored when it is already known (begun or completed: a duplicate or a late marker) or when a
   * relist that began later is already recorded.
   */
  public TypeSyncProgress began(String id, Instant at) {
    Instant when = millis(at);
    if (id.equals(relistId) || id.equals(completedRelistId)
        || (beganAt.isPresent() && when.isBefore(beganAt.get()))) {
      return this;
    }
    return new TypeSyncProgress(id, Optional.of(when), true, lastCount, lastCompleted, completedRelistId);
  }

  /**
   * A relist completed with {@code count} objects. Ignored when it is already recorded, or when a relist completed
   * later is. If a newer relist began after this one completed, that one stays listing.
   */
  public TypeSyncProgress completed(String id, long count, Instant at) {
    Instant when = millis(at);
    if (id.equals(completedRelistId) || (lastCompleted.isPresent() && when.isBefore(lastCompleted.get()))) {
      return this;
    }
    boolean newerRelistRunning =
        !id.equals(relistId) && beganAt.isPresent() && beganAt.get().isAfter(when);
    if (newerRelistRunning) {
      return new TypeSyncProgress(relistId, beganAt, listing, count, Optional.of(when), id);
    }
    Optional<Instant> began = id.equals(relistId) ? beganAt : Optional.of(when);
    return new TypeSyncProgress(id, began, false, count, Optional.of(when), id);
  }

  public SyncStateStore.TypeSyncState toState(String cluster, GroupVersionResource type) {
    return new SyncStateStore.TypeSyncState(cluster, type, relistId, listing, lastCount, lastCompleted);
  }

  /** The precision both stores keep. */
  public static Instant millis(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
