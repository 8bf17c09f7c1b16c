package io.cloudpedia.ingest;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.KeyVersion;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.Page;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.WriteOutcome;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** An in-memory store whose writes to one namespace throw the given exception (throttling, a bug...). */
final class FailingResourceStore implements ResourceStore {
  private final ResourceStore delegate = new InMemoryResourceStore();
  private final String failingNamespace;
  private final Supplier<RuntimeException> failure;

  FailingResourceStore(String failingNamespace, Supplier<RuntimeException> failure) {
    this.failingNamespace = failingNamespace;
    this.failure = failure;
  }

  private void check(ObjectKey key) {
    if (key.namespace().equals(failingNamespace)) {
      throw failure.get();
    }
  }

  @Override
  public WriteOutcome upsert(ObjectRecord object) {
    check(object.key());
    return delegate.upsert(object);
  }

  @Override
  public WriteOutcome delete(ObjectKey key, String resourceVersion) {
    check(key);
    return delegate.delete(key, resourceVersion);
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return delegate.get(key);
  }

  @Override
  public Optional<String> deletedAt(ObjectKey key) {
    return delegate.deletedAt(key);
  }

  @Override
  public Page<StoredObject> list(ListRequest request) {
    return delegate.list(request);
  }

  @Override
  public void forEachKey(String cluster, GroupVersionResource type, Consumer<KeyVersion> action) {
    delegate.forEachKey(cluster, type, action);
  }

  @Override
  public List<ObjectKey> ownedBy(String cluster, String ownerUid) {
    return delegate.ownedBy(cluster, ownerUid);
  }

  @Override
  public List<StoredObject> getAll(List<ObjectKey> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public java.util.Set<String> indexedLabels() {
    return delegate.indexedLabels();
  }

  @Override
  public io.cloudpedia.store.StoreReads reads() {
    return delegate.reads();
  }
}
