package io.cloudpedia.ingest;

import io.cloudpedia.events.EventStore;
import io.cloudpedia.events.InvolvedRef;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.KeyVersion;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.RelistPart;
import io.cloudpedia.store.RelistParts;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.ResourceVersions;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.StoredObject;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies decoded messages to the stores. Knows nothing of Lambda or SQS: the Lambda handler and local mode both call
 * {@link #apply}.
 *
 * <p>Every delta is idempotent (the stores' writes are conditional on resourceVersion), so a message may be applied
 * again after a partial failure or a redelivery, and messages may arrive in any order (docs/wire-format.md).
 *
 * <p>A completed relist is a watermark for its type: an upsert not newer than the type's newest completed relist,
 * whose key that relist does not list, is a late delivery of an object deleted before the list, and is deleted again.
 * A relist records its completion before its sweep reads the objects, and an upsert is checked after it is stored,
 * both strongly consistent: either the check sees the completion, or the sweep sees the upsert.
 *
 * <p>core/v1 Events ({@code v1/events}) are stored as every other type and, given an {@link EventStore}, also
 * associated with their involved object; a delete of any other object (or its relist sweep) removes its Events'
 * associations. That needs the deleted object's kind: learned from upserts per type, else read from the stored object
 * before deleting it (one GetItem per type and function instance). Without an event store, none of this runs.
 *
 * <p>Thread-safe if the stores are.
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  /** Completed relists whose key sets stay in memory: a few, as one may hold 100,000+ keys. */
  private static final int CACHED_KEY_SETS = 4;
  /** How often the newest completed relist may change under one check before the message is retried. */
  private static final int MAX_NEWEST_RELIST_READS = 5;
  /** core/v1 Events, which ingest also associates with their involved objects. */
  static final GroupVersionResource EVENTS = GroupVersionResource.parse("v1/events");

  private final ResourceStore resources;
  private final SyncStateStore syncState;
  private final IngestMetrics metrics;
  private final Optional<EventStore> events;
  /** The kind of each type's objects, learned from upserts or read before a delete; the same in every cluster. */
  private final Map<GroupVersionResource, String> kinds = new ConcurrentHashMap<>();
  /** Key sets of completed relists by (cluster, type, relistId); immutable once complete, so cached. LRU. */
  private final Map<RelistRef, Set<String>> keySets =
      Collections.synchronizedMap(
          new LinkedHashMap<>(CACHED_KEY_SETS * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RelistRef, Set<String>> eldest) {
              return size() > CACHED_KEY_SETS;
            }
          });

  /** Without event association: {@code v1/events} are stored as any other type, nothing more. */
  public IngestService(ResourceStore resources, SyncStateStore syncState, IngestMetrics metrics) {
    this(resources, syncState, Optional.empty(), metrics);
  }

  /** With event association: every core/v1 Event also goes to {@code events}, associated with its object. */
  public IngestService(
      ResourceStore resources, SyncStateStore syncState, EventStore events, IngestMetrics metrics) {
    this(resources, syncState, Optional.of(events), metrics);
  }

  private IngestService(
      ResourceStore resources, SyncStateStore syncState, Optional<EventStore> events, IngestMetrics metrics) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.syncState = Objects.requireNonNull(syncState, "syncState");
    this.events = Objects.requireNonNull(events, "events");
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
      try {
        for (Delta delta : envelope.deltas()) {
          delta.accept(applier);
        }
      } catch (RuntimeException failure) {
        // The upserts stored before the failure are checked all the same: on a retry they are stale no-ops, and a
        // check that never ran could leave an object that a relist already swept for.
        try {
          applier.deleteUpsertsSupersededByNewestRelist();
        } catch (RuntimeException again) {
          failure.addSuppressed(again);
        }
        throw failure;
      }
      applier.deleteUpsertsSupersededByNewestRelist();
    } finally {
      // What was applied counts even if a later delta failed.
      metrics.record(envelope.cluster(), counter.toReport());
    }
    return counter.toReport();
  }

  /** Applies the deltas of one envelope; one instance per envelope. */
  private final class Applier implements Delta.Visitor<Void> {
    private final Envelope envelope;
    private final String cluster;
    private final IngestReport.Counter counter;
    /** Upserts with a numeric resourceVersion, applied or stale, by type, to check against the newest relist. */
    private final Map<GroupVersionResource, List<Upserted>> upserted = new LinkedHashMap<>();

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
      if (!u.identity().kind().isEmpty()) {
        kinds.putIfAbsent(u.type(), u.identity().kind());
      }
      if (events.isPresent() && u.type().equals(EVENTS)) {
        // Whatever the object's outcome: a redelivery after a failure between the two writes completes this one.
        switch (events.get().put(cluster, u.objectJson())) {
          case APPLIED -> {
            counter.eventsStored++;
            dropIfInvolvedObjectGone(u);
          }
          case STALE -> {
            counter.eventsStale++;
            dropIfInvolvedObjectGone(u); // also when a redelivery finds the association written before a failure
          }
          case IGNORED -> {
            counter.eventsIgnored++;
            LOG.debug("event {} rv {} names no involved object: not associated", key, u.resourceVersion());
          }
        }
      }
      if (ResourceVersions.isNumeric(u.resourceVersion())) {
        // Stale ones too: a stale upsert may be this one's own earlier delivery, stored before a failure.
        upserted.computeIfAbsent(u.type(), t -> new ArrayList<>()).add(new Upserted(key, u.resourceVersion()));
      }
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
      if (deleteObject(key, d.resourceVersion())) {
        counter.deletesApplied++;
      } else {
        counter.deletesStale++;
        LOG.debug("stale delete {} rv {}", key, d.resourceVersion());
      }
      return null;
    }

    /**
     * Removes the association an Event just got if its involved object is deleted, or is another incarnation (another
     * uid) of that name: a late or reordered delivery after the object's delete, which removed the object's Events
     * before this one arrived, would otherwise leave it associated for good (found by ChaosConvergenceTest). Checked
     * after the association is written; a delete writes its tombstone before removing associations, so one of the two
     * always sees the other. An object not stored yet keeps its Events (its upsert may simply come later); a kind this
     * instance has not seen an upsert of is not checked. Costs one strongly consistent read per Event write (two when
     * the object is absent).
     */
    private void dropIfInvolvedObjectGone(Upsert u) {
      Optional<InvolvedRef> ref = InvolvedRef.ofEvent(u.objectJson());
      if (ref.isEmpty()) {
        return;
      }
      Optional<GroupVersionResource> type = kinds.entrySet().stream()
          .filter(e -> e.getKey().group().equals(ref.get().group()) && e.getValue().equals(ref.get().kind()))
          .map(Map.Entry::getKey).findFirst();
      if (type.isEmpty() || type.get().equals(EVENTS)) {
        return;
      }
      ObjectKey involved = new ObjectKey(cluster, type.get(), ref.get().namespace(), ref.get().name());
      Optional<StoredObject> live = resources.get(involved);
      boolean gone = live.isPresent()
          ? !ref.get().uid().isEmpty() && !live.get().uid().isEmpty() && !ref.get().uid().equals(live.get().uid())
          : resources.deletedAt(involved).isPresent();
      if (gone) {
        events.get().delete(cluster, u.namespace(), u.name(), u.resourceVersion());
        counter.eventsDeletedWithObject++;
        LOG.debug("event {}/{} rv {}: its {} is deleted, not associated", u.namespace(), u.name(),
            u.resourceVersion(), involved);
      }
    }

    /**
     * Deletes an object (a tombstone at {@code rv}) and, with an event store, what is associated with it: an Event's
     * own association, or every Event of any other object. Returns whether the object's delete applied.
     */
    private boolean deleteObject(ObjectKey key, String rv) {
      if (events.isEmpty()) {
        return resources.delete(key, rv).applied();
      }
      if (key.type().equals(EVENTS)) {
        boolean applied = resources.delete(key, rv).applied();
        events.get().delete(cluster, key.namespace(), key.name(), rv);
        return applied;
      }
      Optional<String> kind = kindOf(key); // before the delete: a tombstone has no body
      boolean applied = resources.delete(key, rv).applied();
      // A stale delete of an object that is deleted (this delete's own earlier delivery, which failed before its
      // Events were removed, or a newer delete) removes them too; one that lost to a newer live version does not.
      boolean deleted = applied || resources.deletedAt(key).isPresent();
      if (deleted && kind.isPresent()) {
        long removed =
            events.get().deleteAllOf(cluster, key.type().group(), kind.get(), key.namespace(), key.name());
        counter.eventsDeletedWithObject += removed;
        if (removed > 0) {
          LOG.debug("{}: {} events deleted with it", key, removed);
        }
      } else if (deleted) {
        LOG.debug("{} deleted, its kind unknown (not stored): its events stay until they are deleted", key);
      }
      return applied;
    }

    /** The kind of the key's type: learned, else the stored object's {@code kind} (one read per type). */
    private Optional<String> kindOf(ObjectKey key) {
      String known = kinds.get(key.type());
      if (known != null) {
        return Optional.of(known);
      }
      Optional<String> read =
          resources.get(key).flatMap(object -> {
            try {
              String kind = Json.mapper().readTree(object.json()).path("kind").asText("");
              return kind.isEmpty() ? Optional.empty() : Optional.of(kind);
            } catch (java.io.IOException e) {
              return Optional.empty();
            }
          });
      read.ifPresent(kind -> kinds.putIfAbsent(key.type(), kind));
      return read;
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
      for (RelistPart part : complete.get()) {
        if (!part.resourceVersion().equals(e.resourceVersion())
            || part.count() != e.count()
            || part.parts() != e.parts()) {
          throw new MalformedMessageException(
              "parts of relist " + e.relistId() + " disagree on resourceVersion, count or parts");
        }
      }
      Set<String> keys = RelistParts.keys(complete.get());
      if (keys.size() != e.count()) {
        throw new MalformedMessageException(
            "relist " + e.relistId() + " key set has " + keys.size() + " distinct keys, count says " + e.count());
      }
      // The completion (the type's watermark) first, the sweep's read after: an upsert stored meanwhile is either
      // seen by the sweep or sees the watermark itself. Both steps are idempotent if the message comes again.
      Optional<java.time.Duration> took =
          syncState.relistCompleted(cluster, e.type(), e.relistId(), e.resourceVersion(), e.count(), envelope.sentAt());
      keySets.put(new RelistRef(cluster, e.type(), e.relistId()), keys);
      sweep(e.type(), e.resourceVersion(), keys);
      counter.relistsCompleted++;
      took.ifPresent(d -> metrics.relistDuration(cluster, Math.max(0, d.toMillis() / 1000.0)));
      LOG.info("relist {} of {} {} complete at rv {}: {} objects", e.relistId(), cluster, e.type(),
          e.resourceVersion(), e.count());
      return null;
    }

    /**
     * Deletes again every upsert of this message that the type's newest completed relist supersedes: not newer than
     * its list, yet absent from it, so deleted in the member cluster before the list. Its tombstone sits at the list's
     * resourceVersion, as a sweep's does.
     */
    void deleteUpsertsSupersededByNewestRelist() {
      for (Map.Entry<GroupVersionResource, List<Upserted>> entry : upserted.entrySet()) {
        GroupVersionResource type = entry.getKey();
        Optional<Snapshot> newest = newestSnapshot(type, entry.getValue());
        if (newest.isEmpty()) {
          continue;
        }
        String listRv = newest.get().relist().resourceVersion();
        for (Upserted u : entry.getValue()) {
          if (ResourceVersions.compare(u.resourceVersion(), listRv) <= 0
              && !newest.get().keys().contains(u.key().cacheKey())
              && deleteObject(u.key(), listRv)) {
            counter.upsertsSupersededByRelist++;
            LOG.info("upsert {} rv {} superseded by relist {} at rv {}, which does not list it: deleted again",
                u.key(), u.resourceVersion(), newest.get().relist().relistId(), listRv);
          }
        }
      }
      upserted.clear();
    }

    /**
     * The type's newest completed relist and its key set, if it has a numeric resourceVersion that some of these
     * upserts are not newer than (else the key set is not needed). A newer relist may complete and forget the parts
     * of the one just read: then the newest is read again.
     */
    private Optional<Snapshot> newestSnapshot(GroupVersionResource type, List<Upserted> upserts) {
      Optional<SyncStateStore.CompletedRelist> newest = syncState.completedRelist(cluster, type);
      for (int read = 1; newest.isPresent(); read++) {
        SyncStateStore.CompletedRelist relist = newest.get();
        String listRv = relist.resourceVersion();
        if (!ResourceVersions.isNumeric(listRv)
            || upserts.stream().allMatch(u -> ResourceVersions.compare(u.resourceVersion(), listRv) > 0)) {
          return Optional.empty();
        }
        Optional<Set<String>> keys = keySet(type, relist);
        if (keys.isPresent()) {
          return Optional.of(new Snapshot(relist, keys.get()));
        }
        Optional<SyncStateStore.CompletedRelist> again = syncState.completedRelist(cluster, type);
        if (again.equals(newest)) {
          LOG.warn("relist {} of {} {} is the newest completed but its key set is gone: upserts not checked",
              relist.relistId(), cluster, type);
          return Optional.empty();
        }
        if (read >= MAX_NEWEST_RELIST_READS) {
          throw new StoreUnavailableException(
              "the newest completed relist of " + cluster + " " + type + " kept changing", null);
        }
        newest = again;
      }
      return Optional.empty();
    }

    private Optional<Set<String>> keySet(GroupVersionResource type, SyncStateStore.CompletedRelist relist) {
      RelistRef ref = new RelistRef(cluster, type, relist.relistId());
      Set<String> cached = keySets.get(ref);
      if (cached != null) {
        return Optional.of(cached);
      }
      Optional<Set<String>> loaded = syncState.relistKeys(cluster, type, relist.relistId());
      loaded.ifPresent(keys -> keySets.put(ref, keys));
      return loaded;
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
        if (deleteObject(key, listRv)) {
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

  private record Upserted(ObjectKey key, String resourceVersion) {}

  private record RelistRef(String cluster, GroupVersionResource type, String relistId) {}

  private record Snapshot(SyncStateStore.CompletedRelist relist, Set<String> keys) {}
}
