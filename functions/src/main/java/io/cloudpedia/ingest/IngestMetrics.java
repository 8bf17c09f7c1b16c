package io.cloudpedia.ingest;

/**
 * Where ingest reports its counts. In Lambda, {@link PowertoolsIngestMetrics} (CloudWatch embedded metric format); in
 * tests and local mode, {@link RecordingIngestMetrics}. Every metric is a count but {@link #INGEST_LAG_SECONDS}; the
 * names below are the CloudWatch metric names. Implementations must be thread-safe (the local poller may run several batches at once).
 */
public interface IngestMetrics {

  /** Messages received by the handler. */
  String MESSAGES = "Messages";
  /** Messages whose every delta was applied (including counted no-ops). */
  String MESSAGES_APPLIED = "MessagesApplied";
  /** Messages that can never be applied: reported as failures until the redrive policy moves them to the DLQ. */
  String MALFORMED_MESSAGES = "MalformedMessages";
  /** Messages that failed for a reason that may pass (throttling, network): retried by SQS. */
  String TRANSIENT_FAILURES = "TransientFailures";
  /** Messages that failed for any other reason (a bug): retried, then dead-lettered. */
  String FAILED_MESSAGES = "FailedMessages";

  String UPSERTS_APPLIED = "UpsertsApplied";
  String UPSERTS_STALE = "UpsertsStale";
  /** Upserts of objects that a newer completed relist no longer lists, deleted again (docs/wire-format.md). */
  String UPSERTS_SUPERSEDED_BY_RELIST = "UpsertsSupersededByRelist";
  String DELETES_APPLIED = "DeletesApplied";
  String DELETES_STALE = "DeletesStale";
  String RELISTS_BEGUN = "RelistsBegun";
  String RELIST_PARTS_RECEIVED = "RelistPartsReceived";
  String RELISTS_COMPLETED = "RelistsCompleted";
  String OBJECTS_SWEPT = "ObjectsSwept";
  String SWEEP_KEPT_NEWER = "SweepKeptNewer";
  String SWEEP_SKIPPED_NON_NUMERIC = "SweepSkippedNonNumeric";
  /** Bodies the store cut to metadata (docs/storage.md, "Large objects"). */
  String OBJECTS_TRUNCATED = "ObjectsTruncated";
  /** Objects the agent already sent as metadata only (docs/wire-format.md, {@code truncated}). */
  String OBJECTS_TRUNCATED_BY_AGENT = "ObjectsTruncatedByAgent";
  /** core/v1 Events associated with their involved object (docs/storage.md, "Events"). */
  String EVENTS_STORED = "EventsStored";
  /** Event upserts at an equal or older resourceVersion than the association kept: counted no-ops. */
  String EVENTS_STALE = "EventsStale";
  /** Events that name no involved object (no {@code involvedObject.name}), so are not associated. */
  String EVENTS_IGNORED = "EventsIgnored";
  /** Associations of Events removed because their involved object was deleted (a delete or a relist sweep). */
  String EVENTS_DELETED_WITH_OBJECT = "EventsDeletedWithObject";
  String STATUSES_KEPT = "StatusesKept";
  String STATUSES_STALE = "StatusesStale";

  /** Upserts and deletes that changed the store, per cluster ({@link #countForCluster}). */
  String DELTAS_APPLIED = "DeltasApplied";
  /** Upserts and deletes not newer than what the store holds: counted no-ops (redeliveries, late messages). */
  String DELTAS_STALE = "DeltasStale";
  /** Deltas of well-formed messages that failed (store unavailable, a bug): the message comes back and is retried. */
  String DELTAS_REJECTED = "DeltasRejected";
  /**
   * Seconds from the agent packing a message ({@code sentAt}) to its deltas being in the store: how fresh the store is,
   * per cluster. One value per applied message ({@link #ingestLag}).
   */
  String INGEST_LAG_SECONDS = "IngestLagSeconds";
  /**
   * Seconds from a relist's begin to its completion, both times the agent's own ({@code sentAt}, one clock): how long
   * listing a type took, per cluster. One value per relist whose begin was recorded before its completion (the sync
   * state keeps the begin, {@link io.cloudpedia.store.SyncStateStore#relistCompleted}).
   */
  String RELIST_SECONDS = "RelistSeconds";
  /** 1 on the first invocation of an execution environment (or the first after a SnapStart restore). */
  String COLD_START = "ColdStart";
  /** The dimension of the per-cluster metrics. */
  String CLUSTER = "Cluster";
  /** The cluster of a message too malformed to name one. */
  String UNKNOWN_CLUSTER = "unknown";

  /** Adds {@code value} to the named count. */
  void count(String metric, long value);

  /**
   * Adds {@code value} to the named count of one cluster (dimension {@value #CLUSTER}); the function's total of that
   * metric is the sum over clusters. Used for {@link #DELTAS_APPLIED}, {@link #DELTAS_STALE}, {@link #DELTAS_REJECTED}
   * and {@link #MALFORMED_MESSAGES}, which are not also given to {@link #count}.
   */
  void countForCluster(String cluster, String metric, long value);

  /** Records one message's {@link #INGEST_LAG_SECONDS}. */
  void ingestLag(String cluster, double seconds);

  /** Records one relist's {@link #RELIST_SECONDS}. */
  default void relistDuration(String cluster, double seconds) {}

  /** Publishes what was counted since the last flush; called once per invocation. */
  void flush();

  /** Adds every count of a report. */
  default void record(IngestReport report) {
    report.metrics().forEach((name, value) -> {
      if (value != 0) {
        count(name, value);
      }
    });
  }

  /** Adds every count of a report of one cluster's message, and its applied and stale deltas under the cluster. */
  default void record(String cluster, IngestReport report) {
    record(report);
    long applied = report.upsertsApplied() + report.deletesApplied();
    long stale = report.upsertsStale() + report.deletesStale();
    if (applied != 0) {
      countForCluster(cluster, DELTAS_APPLIED, applied);
    }
    if (stale != 0) {
      countForCluster(cluster, DELTAS_STALE, stale);
    }
  }

  /** Counts nothing. */
  static IngestMetrics none() {
    return new IngestMetrics() {
      @Override
      public void count(String metric, long value) {}

      @Override
      public void countForCluster(String cluster, String metric, long value) {}

      @Override
      public void ingestLag(String cluster, double seconds) {}

      @Override
      public void flush() {}
    };
  }
}
