package io.cloudpedia.ingest;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.RelistPart;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory sync-state store that counts reads of relist key sets and runs an action right after a read of a
 * type's newest completed relist, before that read answers: another invocation's write landing in between, or a
 * failure.
 */
final class ObservedSyncStateStore implements SyncStateStore {
  private final SyncStateStore delegate;
  private final AtomicInteger relistKeyReads = new AtomicInteger();
  private final Queue<Runnable> afterCompletedRelistReads = new ConcurrentLinkedQueue<>();

  ObservedSyncStateStore(SyncStateStore delegate) {
    this.delegate = delegate;
  }

  ObservedSyncStateStore() {
    this(new InMemorySyncStateStore());
  }

  /** Runs {@code action} after the next read of a newest completed relist; if it throws, the read throws. */
  void afterNextCompletedRelistRead(Runnable action) {
    afterCompletedRelistReads.add(action);
  }

  int relistKeyReads() {
    return relistKeyReads.get();
  }

  @Override
  public Optional<CompletedRelist> completedRelist(String cluster, GroupVersionResource type) {
    Optional<CompletedRelist> read = delegate.completedRelist(cluster, type);
    Runnable action = afterCompletedRelistReads.poll();
    if (action != null) {
      action.run();
    }
    return read;
  }

  @Override
  public Optional<Set<String>> relistKeys(String cluster, GroupVersionResource type, String relistId) {
    relistKeyReads.incrementAndGet();
    return delegate.relistKeys(cluster, type, relistId);
  }

  @Override
  public void relistBegan(String cluster, GroupVersionResource type, String relistId, Instant at) {
    delegate.relistBegan(cluster, type, relistId, at);
  }

  @Override
  public Optional<List<RelistPart>> addRelistPart(RelistPart part) {
    return delegate.addRelistPart(part);
  }

  @Override
  public java.util.Optional<java.time.Duration> relistCompleted(
      String cluster, GroupVersionResource type, String relistId, String resourceVersion, long count, Instant at) {
    return delegate.relistCompleted(cluster, type, relistId, resourceVersion, count, at);
  }

  @Override
  public boolean putAgentStatus(String cluster, Instant observedAt, byte[] statusJson) {
    return delegate.putAgentStatus(cluster, observedAt, statusJson);
  }

  @Override
  public Optional<AgentStatusRecord> agentStatus(String cluster) {
    return delegate.agentStatus(cluster);
  }

  @Override
  public List<TypeSyncState> types(String cluster) {
    return delegate.types(cluster);
  }

  @Override
  public Set<String> clustersSyncing(GroupVersionResource type) {
    return delegate.clustersSyncing(type);
  }

  @Override
  public void typesAnnounced(String cluster, Set<GroupVersionResource> types) {
    delegate.typesAnnounced(cluster, types);
  }

  @Override
  public java.util.Set<String> clusters() {
    return delegate.clusters();
  }

  @Override
  public void forget(String cluster) {
    delegate.forget(cluster);
  }
}
