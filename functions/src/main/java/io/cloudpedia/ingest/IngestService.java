package io.cloudpedia.ingest;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.KeyVersion;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.RelistPart;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceVersions;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.WriteOutcome;
import io.cloudpedia.wire.AgentStatus;
import io.cloudpedia.wire.Delete;
import io.cloudpedia.wire.Delta;
import io.cloudpedia.wire.Envelope;
import io.cloudpedia.wire.MalformedMessageException;
import io.cloudpedia.wire.RelistBegin;
import io.cloudpedia.wire.RelistEnd;
import io.cloudpedia.wire.Truncation;
import io.cloudpedia.wire.Upsert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies decoded messages to the stores. Knows nothing of Lambda or SQS: the Lambda handler and local mode both call
 * {@link #apply}.
 *
 * <p>Every delta is idempotent (the stores' writes are conditional on resourceVersion), so a message may be applied
 * again after a partial failure or a redelivery, and messages may arrive in any order (docs/wire-format.md).
 *
 * <p>Thread-safe if the stores are.
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final ResourceStore resources;
  private final SyncStateStore syncState;
  private final IngestMetrics metrics;

  public IngestService(ResourceStore resources, SyncStateStore syncState, IngestMetrics metrics) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.syncState = Objects.requireNonNull(syncState, "syncState");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  public IngestService(ResourceStore resources, SyncStateStore syncState) {
    this(resources, syncState, IngestMetrics.none());
  }

  /**
   * Applies every delta of the message, in order, and reports what each did to the metrics.
   *
   * @throws MalformedMessageException if a relist's complete key set contradicts its count (the deltas before it
   *     stay applied; applying them again is a no-op)
   * @throws io.cloudpedia.store.StoreUnavailableException if a store fails in a way that may pass
   */
  public IngestReport apply(Envelope envelope) {
    IngestReport.Counter counter = new IngestReport.Counter();
    Applier applier = new Applier(envelope, counter);
    try {
      for (Delta delta : envelope.deltas()) {
        delta.accept(applier);
      }
    } finally {
      // What was applied counts even if a later delta failed.
      metrics.record(counter.toReport());
    }
    return counter.toReport();
  }

  /** Applies the deltas of one envelope; one instance per envelope. */
  private final class Applier implements Delta.Visitor<Void> {
    private final Envelope envelope;
    private final String cluster;
    private final IngestReport.Counter counter;

    Applier(Envelope envelope, IngestReport.Counter counter) {
      this.envelope = envelope;
      this.cluster = envelope.cluster();
      this.counter = counter;
    }

    @Override
    public Void upsert(Upsert u) {
      ObjectKey key = new ObjectKey(cluster, u.type(), u.namespace(), u.name());
      ObjectRecord object =
          new ObjectRecord(
              key,
              u.uid(),
              u.resourceVersion(),
              u.identity().kind(),
              u.identity().creationTimestamp(),
              u.identity().labels(),
              u.identity().controllerOwnerUid(),
              u.truncated().map(Truncation::reason),
              u.objectJson());
      WriteOutcome outcome = resources.upsert(object);
      if (outcome.applied()) {
        counter.upsertsApplied++;
      } else {
        counter.upsertsStale++;
        LOG.debug("stale upsert {} rv {}", key, u.resourceVersion());
      }
      if (outcome == WriteOutcome.APPLIED_TRUNCATED) {
        counter.truncatedByStore++;
        LOG.warn("object {} rv {} too large for the store: kept its metadata only", key, u.resourceVersion());
      }
      if (u.truncated().isPresent()) {
        counter.truncatedByAgent++;
        LOG.info(
            "object {} rv {} arrived truncated by the agent ({}, {} bytes)",
            key,
            u.resourceVersion(),
            u.truncated().get().reason(),
            u.truncated().get().bytes());
      }
      return null;
    }

    @Override
    public Void delete(Delete d) {
      ObjectKey key = new ObjectKey(cluster, d.type(), d.namespace(), d.name());
      if (resources.delete(key, d.resourceVersion()).applied()) {
        counter.deletesApplied++;
      } else {
        counter.deletesStale++;
        LOG.debug("stale delete {} rv {}", key, d.resourceVersion());
      }
      return null;
    }

    @Override
    public Void relistBegin(RelistBegin b) {
      syncState.relistBegan(cluster, b.type(), b.relistId(), envelope.sentAt());
      counter.relistsBegun++;
      LOG.info("relist {} of {} {} began ({})", b.relistId(), cluster, b.type(), b.reason());
      return null;
    }

    @Override
    public Void relistEnd(RelistEnd e) {
      Optional<List<RelistPart>> complete =
          syncState.addRelistPart(
              new RelistPart(
                  cluster, e.type(), e.relistId(), e.resourceVersion(), e.count(), e.part(), e.parts(), e.keys()));
      counter.relistPartsReceived++;
      if (complete.isEmpty()) {
        LOG.info("relist {} of {} {}: part {} of {} kept", e.relistId(), cluster, e.type(), e.part(), e.parts());
        return null;
      }
      Set<String> keys = new HashSet<>();
      for (RelistPart part : complete.get()) {
        if (!part.resourceVersion().equals(e.resourceVersion())
            || part.count() != e.count()
            || part.parts() != e.parts()) {
          throw new MalformedMessageException(
              "parts of relist " + e.relistId() + " disagree on resourceVersion, count or parts");
        }
        keys.addAll(part.keys());
      }
      if (keys.size() != e.count()) {
        throw new MalformedMessageException(
            "relist " + e.relistId() + " key set has " + keys.size() + " distinct keys, count says " + e.count());
      }
      sweep(e.type(), e.resourceVersion(), keys);
      syncState.relistCompleted(cluster, e.type(), e.relistId(), e.resourceVersion(), e.count(), envelope.sentAt());
      counter.relistsCompleted++;
      LOG.info("relist {} of {} {} complete at rv {}: {} objects", e.relistId(), cluster, e.type(),
          e.resourceVersion(), e.count());
      return null;
    }

    /**
     * Deletes the live objects that the list no longer holds and that are not newer than its snapshot: they were
     * deleted while nobody watched. Newer ones were written by the watch after the snapshot and stay.
     */
    private void sweep(GroupVersionResource type, String listRv, Set<String> listed) {
      boolean listNumeric = ResourceVersions.isNumeric(listRv);
      List<ObjectKey> doomed = new ArrayList<>();
      long keptNewer = 0;
      long skipped = 0;
      // Collect first, delete after: never write into the partition being read.
      List<KeyVersion> absent = new ArrayList<>();
      resources.forEachKey(cluster, type, kv -> {
        if (!listed.contains(kv.key().cacheKey())) {
          absent.add(kv);
        }
      });
      for (KeyVersion kv : absent) {
        if (!listNumeric || !ResourceVersions.isNumeric(kv.resourceVersion())) {
          skipped++;
        } else if (ResourceVersions.compare(kv.resourceVersion(), listRv) <= 0) {
          doomed.add(kv.key());
        } else {
          keptNewer++;
        }
      }
      long swept = 0;
      for (ObjectKey key : doomed) {
        // The tombstone sits at the list's resourceVersion, so a late upsert older than the list stays out.
        if (resources.delete(key, listRv).applied()) {
          swept++;
          LOG.debug("swept {} (absent from the list at rv {})", key, listRv);
        } else {
          keptNewer++; // written by the watch between our read and our delete
        }
      }
      counter.swept += swept;
      counter.sweepKeptNewer += keptNewer;
      counter.sweepSkippedNonNumeric += skipped;
      if (skipped > 0) {
        LOG.warn("sweep of {} {} at rv {}: {} objects with non-numeric resourceVersions not swept", cluster, type,
            listRv, skipped);
      }
      if (swept > 0 || keptNewer > 0) {
        LOG.info("sweep of {} {} at rv {}: {} deleted, {} newer kept", cluster, type, listRv, swept, keptNewer);
      }
    }

    @Override
    public Void status(AgentStatus s) {
      if (syncState.putAgentStatus(cluster, s.observedAt(), s.json())) {
        counter.statusesKept++;
        Set<GroupVersionResource> types = new LinkedHashSet<>();
        s.resources().forEach(r -> types.add(r.type()));
        if (!types.isEmpty()) {
          syncState.typesAnnounced(cluster, types);
        }
        LOG.debug("status of {} observed at {} kept: {} types, healthy {}", cluster, s.observedAt(), types.size(),
            s.healthy());
      } else {
        counter.statusesStale++;
        LOG.debug("status of {} observed at {} is older than the one kept", cluster, s.observedAt());
      }
      return null;
    }
  }
}
