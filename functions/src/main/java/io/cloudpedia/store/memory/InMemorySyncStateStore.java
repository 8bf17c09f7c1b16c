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

/**
 * {@link SyncStateStore} in memory, with the DynamoDB store's rules ({@link TypeSyncProgress}, {@link RelistParts}):
 * relist parts expire after {@link RelistParts#PART_TTL} by the given clock, times are kept to the millisecond.
 * Thread-safe: every change is one atomic {@code compute} on its key.
 */
public final class InMemorySyncStateStore implements SyncStateStore {

  private final Clock clock;
  private final Duration partTtl;
  private final ConcurrentHashMap<String, AgentStatusRecord> statuses = new ConcurrentHashMap<>();
  /** cluster → gvr (as a string, in storage order) → progress. */
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, TypeSyncProgress>> types =
      new ConcurrentHashMap<>();

  private final ConcurrentHashMap<RelistKey, Map<Integer, KeptPart>> relists = new ConcurrentHashMap<>();

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
    typesOf(cluster)
        .merge(type.toString(), TypeSyncProgress.announced().began(relistId, at), (old, fresh) -> old.began(relistId, at));
  }

  @Override
  public Optional<List<RelistPart>> addRelistPart(RelistPart part) {
    long now = clock.instant().getEpochSecond();
    long expiresAt = clock.instant().plus(partTtl).getEpochSecond();
    Map<Integer, KeptPart> kept =
        relists.compute(
            new RelistKey(part.cluster(), part.type(), part.relistId()),
            (key, old) -> {
              Map<Integer, KeptPart> parts = new HashMap<>();
              if (old != null) {
                old.forEach(
                    (number, stored) -> {
                      if (stored.expiresAt > now) {
                        parts.put(number, stored);
                      }
                    });
              }
              parts.put(part.part(), new KeptPart(part, expiresAt));
              return Map.copyOf(parts);
            });
    List<RelistPart> all = new ArrayList<>();
    kept.values().forEach(k -> all.add(k.part));
    return RelistParts.complete(all, part.parts());
  }

  @Override
  public void relistCompleted(
      String cluster, GroupVersionResource type, String relistId, long count, Instant at) {
    relists.remove(new RelistKey(cluster, type, relistId));
    typesOf(cluster)
        .merge(
            type.toString(),
            TypeSyncProgress.announced().completed(relistId, count, at),
            (old, fresh) -> old.completed(relistId, count, at));
  }

  @Override
  public boolean putAgentStatus(String cluster, Instant observedAt, byte[] statusJson) {
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
    ConcurrentSkipListMap<String, TypeSyncProgress> known = typesOf(cluster);
    for (GroupVersionResource type : announced) {
      known.putIfAbsent(type.toString(), TypeSyncProgress.announced());
    }
  }

  private ConcurrentSkipListMap<String, TypeSyncProgress> typesOf(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    return types.computeIfAbsent(cluster, c -> new ConcurrentSkipListMap<>(StorageKeys.SORT_ORDER));
  }

  private record RelistKey(String cluster, GroupVersionResource type, String relistId) {}

  private record KeptPart(RelistPart part, long expiresAt) {}
}
