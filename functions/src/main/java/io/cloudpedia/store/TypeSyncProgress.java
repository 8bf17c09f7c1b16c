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
 * <p>The newest completed relist is the one whose list has the highest resourceVersion (numerically, as the member
 * cluster orders them); at an equal, or a non-numeric, resourceVersion, the one that completed later, then the one
 * with the greater id (so that the order is total and redeliveries never flip it). It is the type's watermark: every
 * object that it does not list and whose resourceVersion is not newer than its list was deleted before that list
 * (docs/wire-format.md, {@code relistEnd}).
 *
 * @param relistId the newest relist known to have begun, {@code ""} if the type was only announced
 * @param beganAt when that relist began
 * @param listing whether that relist is still running
 * @param lastCount objects in the newest completed relist, -1 if none completed
 * @param lastCompleted when the newest completed relist completed
 * @param completedRelistId the newest completed relist, {@code ""} if none
 * @param completedResourceVersion the resourceVersion of that relist's list, {@code ""} if none
 */
public record TypeSyncProgress(
    String relistId,
    Optional<Instant> beganAt,
    boolean listing,
    long lastCount,
    Optional<Instant> lastCompleted,
    String completedRelistId,
    String completedResourceVersion) {

  public TypeSyncProgress {
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(beganAt, "beganAt");
    Objects.requireNonNull(lastCompleted, "lastCompleted");
    Objects.requireNonNull(completedRelistId, "completedRelistId");
    Objects.requireNonNull(completedResourceVersion, "completedResourceVersion");
    beganAt = beganAt.map(TypeSyncProgress::millis);
    lastCompleted = lastCompleted.map(TypeSyncProgress::millis);
  }

  /** A type an agent's status names before any relist of it was seen. */
  public static TypeSyncProgress announced() {
    return new TypeSyncProgress("", Optional.empty(), false, -1, Optional.empty(), "", "");
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
    return new TypeSyncProgress(
        id, Optional.of(when), true, lastCount, lastCompleted, completedRelistId, completedResourceVersion);
  }

  /**
   * A relist whose list ended at {@code resourceVersion} completed with {@code count} objects. Ignored when it is
   * already recorded, or when the recorded one is newer (see above): a late completion never lowers the watermark.
   * If a newer relist began after this one completed, that one stays listing.
   */
  public TypeSyncProgress completed(String id, String resourceVersion, long count, Instant at) {
    Instant when = millis(at);
    boolean known = id.equals(completedRelistId);
    if (known || (!completedRelistId.isEmpty() && isOlderThanCompleted(id, resourceVersion, when))) {
      return this;
    }
    boolean newerRelistRunning =
        !id.equals(relistId) && beganAt.isPresent() && beganAt.get().isAfter(when);
    if (newerRelistRunning) {
      return new TypeSyncProgress(relistId, beganAt, listing, count, Optional.of(when), id, resourceVersion);
    }
    Optional<Instant> began = id.equals(relistId) ? beganAt : Optional.of(when);
    return new TypeSyncProgress(id, began, false, count, Optional.of(when), id, resourceVersion);
  }

  /**
   * How long relist {@code id} took, if {@code next} (this progress after {@code completed(id, ...)}) is the first to
   * record its completion and this one recorded its begin: from that begin to the completion.
   */
  public Optional<java.time.Duration> listingTime(TypeSyncProgress next, String id) {
    boolean firstCompletion = !id.equals(completedRelistId) && id.equals(next.completedRelistId);
    if (!firstCompletion || !id.equals(relistId) || beganAt.isEmpty() || next.lastCompleted.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(java.time.Duration.between(beganAt.get(), next.lastCompleted.get()));
  }

  /** The newest completed relist, if any: the type's watermark. */
  public Optional<SyncStateStore.CompletedRelist> completedRelist() {
    return completedRelistId.isEmpty()
        ? Optional.empty()
        : Optional.of(new SyncStateStore.CompletedRelist(completedRelistId, completedResourceVersion));
  }

  private boolean isOlderThanCompleted(String id, String resourceVersion, Instant when) {
    if (ResourceVersions.isNumeric(resourceVersion) && ResourceVersions.isNumeric(completedResourceVersion)) {
      int order = ResourceVersions.compare(resourceVersion, completedResourceVersion);
      if (order != 0) {
        return order < 0;
      }
    }
    if (lastCompleted.isPresent() && !when.equals(lastCompleted.get())) {
      return when.isBefore(lastCompleted.get());
    }
    return id.compareTo(completedRelistId) < 0;
  }

  public SyncStateStore.TypeSyncState toState(String cluster, GroupVersionResource type) {
    return new SyncStateStore.TypeSyncState(cluster, type, relistId, listing, lastCount, lastCompleted);
  }

  /** The precision both stores keep. */
  public static Instant millis(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
