package io.cloudpedia.e2e;

import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The read API over the given stores, served on a free loopback port (plain HTTP). */
final class ReadApi implements AutoCloseable {
  final KubeApi api;
  final LocalApiServer server;

  private ReadApi(KubeApi api, LocalApiServer server) {
    this.api = api;
    this.server = server;
  }

  static ReadApi serve(ResourceStore store, SyncStateStore syncState) {
    Clock clock = Clock.systemUTC();
    // With a registry, so that the reporting clusters are listed as PediaClusters (for cloudpedia kubeconfig).
    KubeApi api = new KubeApi(store,
        new ClusterDirectory(syncState, clock, Duration.ofSeconds(1), ClusterDirectory.DEFAULT_STALE_AFTER),
        ContinueTokens.withRandomKey(ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
        Optional.of(io.cloudpedia.api.registry.Registries.api(new io.cloudpedia.registry.InMemoryClusterRegistry(),
            store, syncState, Optional.empty(), clock)));
    try {
      return new ReadApi(api, LocalApiServer.start(api,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }
}
