package io.cloudpedia.cli.local;

import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.api.forward.ForwardSettings;
import io.cloudpedia.api.forward.Forwarding;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.MapSecretSource;
import io.cloudpedia.cli.CliException;
import io.cloudpedia.cli.Environment;
import io.cloudpedia.cli.kubeconfig.KubeconfigWriter;
import io.cloudpedia.cli.local.demo.DemoClusters;
import io.cloudpedia.store.SyncStateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * One run of {@code cloudpedia local}: the backend (embedded or AWS), the API server, one agent per member cluster (or
 * the demo replay), the kubeconfig for kubectl, the progress display and the {@code Ready:} line, until Ctrl-C.
 */
final class LocalSession implements AutoCloseable {
  static final Duration RETRY_EVERY = Duration.ofSeconds(15);
  static final String NAME = "cloudpedia";
  private static final Logger LOG = LoggerFactory.getLogger(LocalSession.class);

  record Aws(Optional<URI> endpoint, Region region, String prefix) {}

  record Settings(
      List<MemberCluster> clusters,
      boolean demo,
      List<SyncResource> resources,
      int port,
      boolean https,
      Path kubeconfigOut,
      Path tlsDirectory,
      Path logFile,
      Optional<Aws> aws,
      Environment environment) {}

  private final Settings settings;
  private final PrintWriter out;
  private final Progress progress;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<ClusterSync> syncs = new ArrayList<>();
  private final Map<String, String> demoState = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "local-session");
        t.setDaemon(true);
        return t;
      });
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closedByMain = new CountDownLatch(1);
  private Backend backend;
  private LocalApiServer server;
  private URI url;

  private LocalSession(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
    this.progress = new Progress(out, System.console() != null);
  }

  static LocalSession start(Settings settings, PrintWriter out) {
    LocalSession session = new LocalSession(settings, out);
    try {
      session.startParts();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void startParts() {
    backend = settings.aws().map(a -> (Backend) AwsBackend.start(a.endpoint(), a.region(), a.prefix()))
        .orElseGet(EmbeddedBackend::new);
    closeables.add(backend);

    Optional<LocalTls.Material> tls = settings.https() ? Optional.of(LocalTls.load(settings.tlsDirectory()))
        : Optional.empty();
    String token = token();
    Clock clock = Clock.systemUTC();
    Stores stores = backend.stores();
    KubeApi api = new KubeApi(stores.resources(),
        new ClusterDirectory(stores.syncState(), clock, Duration.ofSeconds(1), ClusterDirectory.DEFAULT_STALE_AFTER),
        ContinueTokens.withRandomKey(ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
        Optional.of(Registries.api(stores.registry(), stores.resources(), stores.syncState(), Optional.empty(),
            clock, ClusterDirectory.DEFAULT_STALE_AFTER, Optional.of(stores.events()))))
        .withEvents(stores.events());
    // Forwarding to member clusters, with the same settings (environment variables) as ApiFunction.
    ForwardSettings forward = ForwardSettings.from(settings.environment().variables());
    CredentialResolver resolver = new CredentialResolver(new MapSecretSource());
    api.withForwarding(Forwarding.over(forward, stores.registry(), resolver, ApiConfig.DEFAULTS.pageByteBudget()));
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port());
    try {
      server = LocalApiServer.start(api, address, tls.map(LocalTls.Material::context), Optional.of(token));
    } catch (BindException e) {
      throw new CliException("127.0.0.1:" + settings.port() + " is in use: stop what uses it, or pass --port N");
    } catch (IOException e) {
      throw new CliException("cannot serve the API on 127.0.0.1:" + settings.port() + ": " + e.getMessage());
    }
    closeables.add(server);
    url = server.url();

    List<String> members = settings.demo() ? DemoClusters.names()
        : settings.clusters().stream().map(MemberCluster::name).toList();
    KubeconfigWriter.write(settings.kubeconfigOut(), url.toString(), NAME, members,
        tls.map(LocalTls.Material::certificatePem), token, settings.environment());

    out.println("Cloudpedia local: API " + url + ", " + backend.describe() + ", logs in " + settings.logFile());
    out.flush();
    if (settings.demo()) {
      for (String cluster : DemoClusters.names()) {
        demoState.put(cluster, "replaying");
        scheduler.execute(() -> replayDemo(cluster));
      }
    } else {
      for (MemberCluster cluster : settings.clusters()) {
        ClusterSync sync = new ClusterSync(cluster, settings.resources(), backend);
        syncs.add(sync);
        closeables.add(sync);
        scheduler.execute(sync::tryStart);
      }
      scheduler.scheduleWithFixedDelay(this::retryFailed, RETRY_EVERY.toMillis(), RETRY_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void replayDemo(String cluster) {
    try (DeltaSink sink = backend.sinkFor(AgentIdentity.generate(cluster))) {
      DemoClusters.replay(cluster, sink, Clock.systemUTC());
      demoState.put(cluster, "replayed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      demoState.put(cluster, "failed: " + ClusterSync.reason(e));
      LOG.error("demo cluster {} could not be replayed", cluster, e);
    }
  }

  private void retryFailed() {
    for (ClusterSync sync : syncs) {
      if (sync.agent().isEmpty() && sync.failure().isPresent() && !sync.failure().get().equals("starting")) {
        sync.tryStart();
      }
    }
  }

  /** Shows progress until every reachable cluster is searchable, prints the Ready line, then waits for Ctrl-C. */
  void runUntilStopped() throws InterruptedException {
    // Ctrl-C (SIGINT) or SIGTERM: the main thread closes everything and says so; the hook waits for it, and closes
    // itself if the main thread cannot (the JVM halts once the hooks return).
    Thread hook = new Thread(() -> {
      stopped.countDown();
      try {
        if (!closedByMain.await(20, TimeUnit.SECONDS)) {
          close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    while (!ready()) {
      progress.show(rows());
      if (stopped.await(500, TimeUnit.MILLISECONDS)) {
        close();
        out.println("Stopped before every cluster was ready.");
        out.flush();
        closedByMain.countDown();
        return;
      }
    }
    progress.show(rows());
    progress.line(readyLine());
    LOG.info("{}", readyLine());
    // Keep reporting what changes (a cluster that becomes reachable, or stops being), as plain lines.
    Progress later = new Progress(out, false);
    later.remember(rows());
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      later.show(rows());
    }
    close();
    out.println("Stopped.");
    out.flush();
    LOG.info("stopped");
    closedByMain.countDown();
  }

  private String readyLine() {
    List<String> searchable = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    if (settings.demo()) {
      demoState.forEach((c, s) -> (s.startsWith("failed") ? failing : searchable).add(c));
    } else {
      for (ClusterSync sync : syncs) {
        (sync.agent().isPresent() ? searchable : failing).add(sync.cluster().name());
      }
    }
    String command = "kubectl --kubeconfig " + quote(settings.kubeconfigOut()) + " get pods -A";
    return "Ready: " + searchable.size() + " cluster" + (searchable.size() == 1 ? "" : "s") + " searchable ("
        + String.join(", ", searchable) + ")"
        + (failing.isEmpty() ? "" : ", not syncing: " + String.join(", ", failing))
        + ". Try: " + command + "   (API " + url + "; Ctrl-C stops)";
  }

  private static String quote(Path path) {
    String text = path.toString();
    return text.matches("[A-Za-z0-9_./:@%+=-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  /** Every cluster that can sync has delivered and ingested its initial lists (failed ones do not hold it up). */
  boolean ready() {
    SyncStateStore syncState = backend.stores().syncState();
    if (settings.demo()) {
      for (String cluster : DemoClusters.names()) {
        String state = demoState.getOrDefault(cluster, "replaying");
        if (state.startsWith("failed")) {
          continue;
        }
        if (!completed(syncState, cluster, DemoClusters.counts(cluster).keySet())) {
          return false;
        }
      }
      return true;
    }
    boolean anyStarted = false;
    for (ClusterSync sync : syncs) {
      if (sync.agent().isEmpty()) {
        if (sync.failure().map("starting"::equals).orElse(false)) {
          return false;
        }
        continue;
      }
      anyStarted = true;
      Set<String> types = sync.snapshot().stream().map(s -> s.type().gvr().toString()).collect(Collectors.toSet());
      if (!completed(syncState, sync.cluster().name(), types)) {
        return false;
      }
    }
    return anyStarted || syncs.isEmpty();
  }

  private static boolean completed(SyncStateStore syncState, String cluster, Set<String> types) {
    Set<String> done = syncState.types(cluster).stream()
        .filter(t -> t.lastCompleted().isPresent())
        .map(t -> t.type().toString())
        .collect(Collectors.toSet());
    return done.containsAll(types);
  }

  private List<Progress.Row> rows() {
    List<Progress.Row> rows = new ArrayList<>();
    if (settings.demo()) {
      for (String cluster : DemoClusters.names()) {
        int objects = DemoClusters.counts(cluster).values().stream().mapToInt(Integer::intValue).sum();
        String state = demoState.getOrDefault(cluster, "replaying");
        rows.add(new Progress.Row(cluster, "  " + cluster + "  demo sample, " + objects + " objects: " + state,
            state));
      }
      return rows;
    }
    for (ClusterSync sync : syncs) {
      String name = sync.cluster().name();
      if (sync.agent().isEmpty()) {
        String why = sync.failure().orElse("starting");
        String text = why.equals("starting")
            ? "  " + name + "  connecting (context " + sync.cluster().context() + ")"
            : "  " + name + "  not syncing: " + why + " (retrying every " + RETRY_EVERY.toSeconds() + " s)";
        rows.add(new Progress.Row(name, text, why));
        continue;
      }
      List<TypeSnapshot> types = sync.snapshot();
      long done = types.stream().filter(t -> !t.initialListPhase()).count();
      long objects = types.stream().mapToLong(TypeSnapshot::objects).sum();
      String listing = types.stream().filter(TypeSnapshot::initialListPhase)
          .map(t -> t.type().gvr().resource() + " " + t.objects())
          .collect(Collectors.joining(", "));
      String text = "  " + name + "  initial lists " + done + "/" + types.size() + ", " + objects + " objects"
          + (listing.isEmpty() ? "" : " (listing " + listing + ")");
      rows.add(new Progress.Row(name, text, "lists " + done + "/" + types.size()));
    }
    return rows;
  }

  private static String token() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public synchronized void close() {
    scheduler.shutdownNow();
    // Agents first (they stop sending), then the server, then the backend drains and stops.
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception | LinkageError e) {
        LOG.warn("closing {} failed: {}", closeables.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    closeables.clear();
  }

}
