package io.cloudpedia.api.registry;

import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.registry.ClusterRegistry;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import java.time.Clock;
import java.util.Optional;

/** Builds the registry API over a registry and the stores, the same way for Lambda and local mode. */
public final class Registries {
  private Registries() {}

  public static RegistryApi api(
      ClusterRegistry registry, ResourceStore store, SyncStateStore syncState, Optional<CredentialResolver> credentials,
      Clock clock) {
    return api(registry, store, syncState, credentials, clock, ClusterDirectory.DEFAULT_STALE_AFTER);
  }

  /** @param staleAfter how long an agent may be silent before its cluster is not ready */
  public static RegistryApi api(
      ClusterRegistry registry, ResourceStore store, SyncStateStore syncState, Optional<CredentialResolver> credentials,
      Clock clock, java.time.Duration staleAfter) {
    return api(registry, store, syncState, credentials, clock, staleAfter, Optional.empty());
  }

  /** @param events the store of events associated with objects: a deleted cluster's events go with its objects */
  public static RegistryApi api(
      ClusterRegistry registry, ResourceStore store, SyncStateStore syncState, Optional<CredentialResolver> credentials,
      Clock clock, java.time.Duration staleAfter, Optional<io.cloudpedia.events.EventStore> events) {
    ClusterStatus status = new ClusterStatus(syncState, registry, credentials, clock, staleAfter);
    return new RegistryApi(registry, syncState, new ClusterPurge(store, syncState, events), status, clock);
  }
}
