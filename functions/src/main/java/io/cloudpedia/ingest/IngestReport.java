package io.cloudpedia.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What applying one message (or, summed with {@link #plus}, a batch) did, delta by delta outcome.
 *
 * @param upsertsApplied upserts that changed the store
 * @param upsertsStale upserts at an equal or older resourceVersion than the stored item or tombstone: counted no-ops
 * @param upsertsSupersededByRelist upserts deleted again after they were stored, because the type's newest completed
 *     relist, not older than them, does not list their key: a late delivery of an object deleted before that list
 * @param deletesApplied deletes that left a tombstone
 * @param deletesStale deletes older than the stored item
 * @param relistsBegun relistBegin deltas recorded
 * @param relistPartsReceived relistEnd parts kept
 * @param relistsCompleted relists whose every part had arrived and whose sweep ran
 * @param swept objects deleted by relist sweeps (absent from the list and not newer than it)
 * @param sweepKeptNewer objects absent from a list but written after its snapshot, so kept
 * @param sweepSkippedNonNumeric objects absent from a list that a sweep could not order (non-numeric resourceVersion)
 * @param truncatedByAgent upserts that arrived carrying only the object's metadata
 * @param truncatedByStore upserts whose body the store had to cut to metadata (too large for one item)
 * @param eventsStored core/v1 Events associated with their involved object
 * @param eventsStale Event upserts not newer than the association kept
 * @param eventsIgnored Events without an involved object, not associated
 * @param eventsDeletedWithObject Event associations removed with their deleted involved object
 * @param statusesKept agent statuses newer than the one kept
 * @param statusesStale agent statuses older than the one kept
 */
public record IngestReport(
    long upsertsApplied,
    long upsertsStale,
    long upsertsSupersededByRelist,
    long deletesApplied,
    long deletesStale,
    long relistsBegun,
    long relistPartsReceived,
    long relistsCompleted,
    long swept,
    long sweepKeptNewer,
    long sweepSkippedNonNumeric,
    long truncatedByAgent,
    long truncatedByStore,
    long eventsStored,
    long eventsStale,
    long eventsIgnored,
    long eventsDeletedWithObject,
    long statusesKept,
    long statusesStale) {

  public static final IngestReport EMPTY = new Counter().toReport();

  public IngestReport plus(IngestReport o) {
    return new IngestReport(
        upsertsApplied + o.upsertsApplied,
        upsertsStale + o.upsertsStale,
        upsertsSupersededByRelist + o.upsertsSupersededByRelist,
        deletesApplied + o.deletesApplied,
        deletesStale + o.deletesStale,
        relistsBegun + o.relistsBegun,
        relistPartsReceived + o.relistPartsReceived,
        relistsCompleted + o.relistsCompleted,
        swept + o.swept,
        sweepKeptNewer + o.sweepKeptNewer,
        sweepSkippedNonNumeric + o.sweepSkippedNonNumeric,
        truncatedByAgent + o.truncatedByAgent,
        truncatedByStore + o.truncatedByStore,
        eventsStored + o.eventsStored,
        eventsStale + o.eventsStale,
        eventsIgnored + o.eventsIgnored,
        eventsDeletedWithObject + o.eventsDeletedWithObject,
        statusesKept + o.statusesKept,
        statusesStale + o.statusesStale);
  }

  /** The counts under their metric names ({@link IngestMetrics}), zeros included, in a stable order. */
  public Map<String, Long> metrics() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(IngestMetrics.UPSERTS_APPLIED, upsertsApplied);
    m.put(IngestMetrics.UPSERTS_STALE, upsertsStale);
    m.put(IngestMetrics.UPSERTS_SUPERSEDED_BY_RELIST, upsertsSupersededByRelist);
    m.put(IngestMetrics.DELETES_APPLIED, deletesApplied);
    m.put(IngestMetrics.DELETES_STALE, deletesStale);
    m.put(IngestMetrics.RELISTS_BEGUN, relistsBegun);
    m.put(IngestMetrics.RELIST_PARTS_RECEIVED, relistPartsReceived);
    m.put(IngestMetrics.RELISTS_COMPLETED, relistsCompleted);
    m.put(IngestMetrics.OBJECTS_SWEPT, swept);
    m.put(IngestMetrics.SWEEP_KEPT_NEWER, sweepKeptNewer);
    m.put(IngestMetrics.SWEEP_SKIPPED_NON_NUMERIC, sweepSkippedNonNumeric);
    m.put(IngestMetrics.OBJECTS_TRUNCATED_BY_AGENT, truncatedByAgent);
    m.put(IngestMetrics.OBJECTS_TRUNCATED, truncatedByStore);
    m.put(IngestMetrics.EVENTS_STORED, eventsStored);
    m.put(IngestMetrics.EVENTS_STALE, eventsStale);
    m.put(IngestMetrics.EVENTS_IGNORED, eventsIgnored);
    m.put(IngestMetrics.EVENTS_DELETED_WITH_OBJECT, eventsDeletedWithObject);
    m.put(IngestMetrics.STATUSES_KEPT, statusesKept);
    m.put(IngestMetrics.STATUSES_STALE, statusesStale);
    return m;
  }

  /** Mutable tally used while applying one message; not thread-safe. */
  static final class Counter {
    long upsertsApplied;
    long upsertsStale;
    long upsertsSupersededByRelist;
    long deletesApplied;
    long deletesStale;
    long relistsBegun;
    long relistPartsReceived;
    long relistsCompleted;
    long swept;
    long sweepKeptNewer;
    long sweepSkippedNonNumeric;
    long truncatedByAgent;
    long truncatedByStore;
    long eventsStored;
    long eventsStale;
    long eventsIgnored;
    long eventsDeletedWithObject;
    long statusesKept;
    long statusesStale;

    IngestReport toReport() {
      return new IngestReport(
          upsertsApplied,
          upsertsStale,
          upsertsSupersededByRelist,
          deletesApplied,
          deletesStale,
          relistsBegun,
          relistPartsReceived,
          relistsCompleted,
          swept,
          sweepKeptNewer,
          sweepSkippedNonNumeric,
          truncatedByAgent,
          truncatedByStore,
          eventsStored,
          eventsStale,
          eventsIgnored,
          eventsDeletedWithObject,
          statusesKept,
          statusesStale);
    }
  }
}
