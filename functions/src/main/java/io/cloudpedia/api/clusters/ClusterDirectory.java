package io.cloudpedia.api.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.discovery.Discovery;
import io.cloudpedia.api.discovery.SyncedType;
import io.cloudpedia.api.list.TypeCatalog;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.SyncStateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member clusters and what each syncs, read from the agents' reports in the sync-state store and kept for a short
 * time ({@link #DEFAULT_TTL}) per function instance: discovery and every list need it, and it changes only when an
 * agent starts or stops syncing a type. A new type is therefore served at most one TTL after its agent reports it.
 *
 * <p>Cost of a refresh: one query for the clusters and one read of each cluster's status.
 */
public final class ClusterDirectory implements TypeCatalog {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  /** Agents report every 60 s; three missed reports make a cluster not ready. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(3);
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDirectory.class);

  private final SyncStateStore syncState;
  private final Clock clock;
  private final Duration ttl;
  private final Duration staleAfter;
  private volatile Snapshot snapshot;

  public ClusterDirectory(SyncStateStore syncState, Clock clock, Duration ttl, Duration staleAfter) {
    this.syncState = Objects.requireNonNull(syncState, "syncState");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
  }

  public ClusterDirectory(SyncStateStore syncState) {
    this(syncState, Clock.systemUTC(), DEFAULT_TTL, DEFAULT_STALE_AFTER);
  }

  /** The current view, refreshed when older than the TTL. */
  public Snapshot snapshot() {
    Snapshot current = snapshot;
    Instant now = clock.instant();
    if (current == null || !now.isBefore(current.readAt.plus(ttl))) {
      synchronized (this) {
        current = snapshot;
        if (current == null || !now.isBefore(current.readAt.plus(ttl))) {
          current = read(now);
          snapshot = current;
        }
      }
    }
    return current;
  }

  @Override
  public List<TypeInfo> typesOf(String cluster) {
    return snapshot().cluster(cluster).map(c -> c.types().stream()
            .map(t -> new TypeInfo(t.type(), t.namespaced()))
            .toList())
        .orElse(List.of());
  }

  private Snapshot read(Instant now) {
    Map<String, ClusterInfo> clusters = new TreeMap<>();
    for (String name : syncState.clusters()) {
      clusters.put(name, describe(name, now));
    }
    return new Snapshot(now, clusters);
  }

  private ClusterInfo describe(String cluster, Instant now) {
    Optional<SyncStateStore.AgentStatusRecord> status = syncState.agentStatus(cluster);
    if (status.isEmpty()) {
      return new ClusterInfo(cluster, List.of(), Optional.of("its agent has not reported its status yet"));
    }
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(status.get().statusJson());
    } catch (IOException e) {
      LOG.warn("cluster {}: the stored agent status is not JSON; the cluster is served as not ready", cluster);
      return new ClusterInfo(cluster, List.of(), Optional.of("its agent status could not be read"));
    }
    List<SyncedType> types = new ArrayList<>();
    for (JsonNode r : doc.path("resources")) {
      try {
        types.add(SyncedType.of(
            GroupVersionResource.parse(r.path("gvr").asText()), r.path("kind").asText(), r.path("namespaced").asBoolean()));
      } catch (IllegalArgumentException e) {
        LOG.warn("cluster {}: skipping a synced type the agent described badly: {}", cluster, e.getMessage());
      }
    }
    Optional<String> notReady = Optional.empty();
    if (!doc.path("healthy").asBoolean(false)) {
      String message = doc.path("message").asText("");
      notReady = Optional.of(message.isEmpty() ? "its agent reports it unhealthy" : message);
    } else if (now.isAfter(status.get().observedAt().plus(staleAfter))) {
      notReady = Optional.of("no status from its agent since " + status.get().observedAt());
    }
    return new ClusterInfo(cluster, types, notReady);
  }

  /** The clusters at one moment, with discovery built once per snapshot. */
  public static final class Snapshot {
    private final Instant readAt;
    private final Map<String, ClusterInfo> clusters;
    private final Discovery global;
    private final Map<String, Discovery> perCluster = new java.util.concurrent.ConcurrentHashMap<>();

    Snapshot(Instant readAt, Map<String, ClusterInfo> clusters) {
      this.readAt = readAt;
      this.clusters = Collections.unmodifiableMap(clusters);
      Set<SyncedType> union = new LinkedHashSet<>();
      clusters.values().forEach(c -> union.addAll(c.types()));
      this.global = Discovery.of(union);
    }

    public Optional<ClusterInfo> cluster(String name) {
      return Optional.ofNullable(clusters.get(name));
    }

    /** Every cluster, sorted by name. */
    public Set<String> names() {
      return clusters.keySet();
    }

    public Discovery global() {
      return global;
    }

    public Discovery of(String cluster) {
      return perCluster.computeIfAbsent(
          cluster, c -> Discovery.of(cluster(c).map(ClusterInfo::types).orElse(List.of())));
    }

    /** The clusters that sync this type, sorted by name. */
    public List<String> clustersSyncing(GroupVersionResource type) {
      List<String> names = new ArrayList<>();
      clusters.forEach((name, info) -> {
        if (info.types().stream().anyMatch(t -> t.type().equals(type))) {
          names.add(name);
        }
      });
      return names;
    }
  }
}
