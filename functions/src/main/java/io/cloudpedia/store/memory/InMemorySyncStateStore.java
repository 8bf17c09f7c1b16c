package io.cloudpedia.store.memory;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.RelistPart;
import io.cloudpedia.store.RelistParts;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.TypeSyncProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@link SyncStateStore} in memory, with the DynamoDB store's rules ({@link TypeSyncProgress}, {@link RelistParts}):
 * relist parts expire after {@link RelistParts#PART_TTL} by the given clock unless they became their type's snapshot
 * key set, times are kept to the millisecond. Thread-safe: every change is one atomic {@code compute} on its key, and
 * relist completions, which change a type's state and its relists' parts, run one at a time.
 */
public final class InMemorySyncStateStore implements SyncStateStore {

  private final Clock clock;
  private final Duration partTtl;
  private final ConcurrentHashMap<String, AgentStatusRecord> statuses = new ConcurrentHashMap<>();
  /** Every cluster reported about, recorded before what was reported (as DynamoDB's {@code clusters} items). */
  private final ConcurrentSkipListSet<String> clusters = new ConcurrentSkipListSet<>(StorageKeys.SORT_ORDER);
  /** cluster → gvr (as a string, in storage order) → progress. */
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, TypeSyncProgress>> types =
      new ConcurrentHashMap<>();

  /** cluster and type → relistId → part number → part. */
  private final ConcurrentHashMap<TypeKey, ConcurrentHashMap<String, Map<Integer, KeptPart>>> relists =
      new ConcurrentHashMap<>();
  private final Object completions = new Object();

  public InMemorySyncStateStore() {
    this(Clock.systemUTC());
  }

  public InMemorySyncStateStore(Clock clock) {
    this(clock, RelistParts.PART_TTL);
  }

  public InMemorySyncStateStore(Clock clock, Duration partTtl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.partTtl = Objects.requireNonNull(partTtl, "partTtl");
  }

  @Override
  public void relistBegan(String cluster, GroupVersionResource type, String relistId, Instant at) {
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(at, "at");
    reported(cluster);
    typesOf(cluster)
        .merge(type.toString(), TypeSyncProgress.announced().began(relistId, at), (old, fresh) -> old.began(relistId, at));
  }

  @Override
  public Optional<List<RelistPart>> addRelistPart(RelistPart part) {
    long now = clock.instant().getEpochSecond();
    long expiresAt = clock.instant().plus(partTtl).getEpochSecond();
    Map<Integer, KeptPart> kept =
        relistsOf(part.cluster(), part.type())
            .compute(
                part.relistId(),
                (id, old) -> {
                  Map<Integer, KeptPart> parts = unexpired(old, now);
                  KeptPart existing = parts.get(part.part());
                  if (existing == null || !existing.isSnapshot()) {
                    parts.put(part.part(), new KeptPart(part, expiresAt));
                  }
                  return Map.copyOf(parts);
                });
    return RelistParts.complete(parts(kept), part.parts());
  }

  @Override
  public Optional<java.time.Duration> relistCompleted(
      String cluster, GroupVersionResource type, String relistId, String resourceVersion, long count, Instant at) {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    reported(cluster);
    synchronized (completions) {
      TypeSyncProgress[] before = new TypeSyncProgress[1];
      TypeSyncProgress progress = typesOf(cluster).compute(type.toString(), (key, old) -> {
        before[0] = old == null ? TypeSyncProgress.announced() : old;
        return before[0].completed(relistId, resourceVersion, count, at);
      });
      String watermark = progress.completedRelistId();
      long now = clock.instant().getEpochSecond();
      ConcurrentHashMap<String, Map<Integer, KeptPart>> ofType = relistsOf(cluster, type);
      for (String id : ofType.keySet()) {
        ofType.computeIfPresent(
            id,
            (key, parts) -> {
              if (key.equals(watermark)) {
                Map<Integer, KeptPart> snapshot = new HashMap<>();
                unexpired(parts, now).forEach((number, kept) -> snapshot.put(number, kept.asSnapshot()));
                return Map.copyOf(snapshot);
              }
              boolean replacedSnapshot = parts.values().stream().anyMatch(KeptPart::isSnapshot);
              return key.equals(relistId) || replacedSnapshot ? null : parts;
            });
      }
      return before[0].listingTime(progress, relistId);
    }
  }

  @Override
  public Optional<CompletedRelist> completedRelist(String cluster, GroupVersionResource type) {
    ConcurrentSkipListMap<String, TypeSyncProgress> known = types.get(Objects.requireNonNull(cluster, "cluster"));
    TypeSyncProgress progress = known == null ? null : known.get(type.toString());
    return progress == null ? Optional.empty() : progress.completedRelist();
  }

  @Override
  public Optional<Set<String>> relistKeys(String cluster, GroupVersionResource type, String relistId) {
    ConcurrentHashMap<String, Map<Integer, KeptPart>> ofType = relists.get(new TypeKey(cluster, type));
    Map<Integer, KeptPart> kept = ofType == null ? null : ofType.get(relistId);
    List<RelistPart> parts = parts(unexpired(kept, clock.instant().getEpochSecond()));
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return RelistParts.complete(parts, parts.get(0).parts()).map(RelistParts::keys);
  }

  private static Map<Integer, KeptPart> unexpired(Map<Integer, KeptPart> parts, long now) {
    Map<Integer, KeptPart> kept = new HashMap<>();
    if (parts != null) {
      parts.forEach(
          (number, part) -> {
            if (part.expiresAt > now) {
              kept.put(number, part);
            }
          });
    }
    return kept;
  }

  private static List<RelistPart> parts(Map<Integer, KeptPart> kept) {
    List<RelistPart> all = new ArrayList<>();
    kept.values().forEach(k -> all.add(k.part));
    return all;
  }

  @Override
  public boolean putAgentStatus(String cluster, Instant observedAt, byte[] statusJson) {
    reported(cluster);
    AgentStatusRecord offered =
        new AgentStatusRecord(cluster, TypeSyncProgress.millis(observedAt), statusJson.clone());
    boolean[] kept = new boolean[1];
    statuses.compute(
        cluster,
        (c, old) -> {
          kept[0] = old == null || offered.observedAt().isAfter(old.observedAt());
          return kept[0] ? offered : old;
        });
    return kept[0];
  }

  @Override
  public Optional<AgentStatusRecord> agentStatus(String cluster) {
    AgentStatusRecord kept = statuses.get(cluster);
    return kept == null
        ? Optional.empty()
        : Optional.of(new AgentStatusRecord(kept.cluster(), kept.observedAt(), kept.statusJson().clone()));
  }

  @Override
  public Set<String> clusters() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(clusters));
  }

  @Override
  public List<TypeSyncState> types(String cluster) {
    ConcurrentSkipListMap<String, TypeSyncProgress> known = types.get(cluster);
    if (known == null) {
      return List.of();
    }
    List<TypeSyncState> result = new ArrayList<>();
    known.forEach((gvr, progress) -> result.add(progress.toState(cluster, GroupVersionResource.parse(gvr))));
    return List.copyOf(result);
  }

  @Override
  public Set<String> clustersSyncing(GroupVersionResource type) {
    SortedSet<String> clusters = new TreeSet<>(StorageKeys.SORT_ORDER);
    types.forEach(
        (cluster, known) -> {
          if (known.containsKey(type.toString())) {
            clusters.add(cluster);
          }
        });
    return Collections.unmodifiableSortedSet(clusters);
  }

  @Override
  public void typesAnnounced(String cluster, Set<GroupVersionResource> announced) {
    if (announced.isEmpty()) {
      return;
    }
    reported(cluster);
    ConcurrentSkipListMap<String, TypeSyncProgress> known = typesOf(cluster);
    for (GroupVersionResource type : announced) {
      known.putIfAbsent(type.toString(), TypeSyncProgress.announced());
    }
  }

  private void reported(String cluster) {
    clusters.add(Objects.requireNonNull(cluster, "cluster"));
  }

  private ConcurrentSkipListMap<String, TypeSyncProgress> typesOf(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    return types.computeIfAbsent(cluster, c -> new ConcurrentSkipListMap<>(StorageKeys.SORT_ORDER));
  }

  private ConcurrentHashMap<String, Map<Integer, KeptPart>> relistsOf(String cluster, GroupVersionResource type) {
    return relists.computeIfAbsent(new TypeKey(cluster, type), k -> new ConcurrentHashMap<>());
  }

  private record TypeKey(String cluster, GroupVersionResource type) {
    TypeKey {
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(type, "type");
    }
  }

  /** A part and when it expires; a part of its type's snapshot key set never does. */
  private record KeptPart(RelistPart part, long expiresAt) {
    private static final long NEVER = Long.MAX_VALUE;

    boolean isSnapshot() {
      return expiresAt == NEVER;
    }

    KeptPart asSnapshot() {
      return new KeptPart(part, NEVER);
    }
  }

  @Override
  public void forget(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    synchronized (completions) {
      clusters.remove(cluster);
      statuses.remove(cluster);
      types.remove(cluster);
      relists.keySet().removeIf(key -> key.cluster().equals(cluster));
    }
  }

}
