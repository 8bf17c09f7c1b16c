package io.cloudpedia.agent;

import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.discovery.TypeResolver;
import io.cloudpedia.agent.http.AgentHttpServer;
import io.cloudpedia.agent.http.PrometheusText;
import io.cloudpedia.agent.retry.Backoff;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.status.ChangeSignal;
import io.cloudpedia.agent.status.ClusterProbe;
import io.cloudpedia.agent.status.StatusReporter;
import io.cloudpedia.agent.sync.KeyVersionIndex;
import io.cloudpedia.agent.sync.ObjectEncoder;
import io.cloudpedia.agent.sync.ResourceSynchro;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.sync.TypeState;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.WireCodec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent: a synchro per resolved type, a status reporter and (unless {@code healthPort} is -1) the
 * /healthz, /readyz, /metrics server. Sends every delta to the given sink, which the caller owns: {@link #close()}
 * stops everything this agent started but neither flushes nor closes the sink or the Kubernetes client.
 *
 * <pre>{@code
 * AgentIdentity id = AgentIdentity.generate(config.clusterName());
 * try (SqsDeltaSink sink = SqsDeltaSink.create(config.queue(), id);
 *      SyncAgent agent = SyncAgent.start(config, id, kubernetesClient, sink)) {
 *     agent.awaitInitialSync(Duration.ofMinutes(5));
 *     ...
 * }
 * }</pre>
 */
public final class SyncAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncAgent.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Config config;
    private final AgentIdentity identity;
    private final DeltaSink sink;
    private final List<ResourceSynchro> synchros;
    private final StatusReporter statusReporter;
    private final List<Thread> threads = new ArrayList<>();
    private final Optional<AgentHttpServer> httpServer;
    private boolean closed;

    private SyncAgent(Config config, AgentIdentity identity, KubernetesClient client, DeltaSink sink,
                      List<ResourceType> types) {
        this.config = config;
        this.identity = identity;
        this.sink = sink;
        // The synchro decides how to resume a watch (from its own last resourceVersion, or relist on 410), so
        // fabric8 must not silently reconnect on its own. The derived client shares the caller's HTTP client.
        KubernetesClient watchClient = client.newClient(
                        new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                                .withWatchReconnectLimit(0)
                                .build())
                .adapt(KubernetesClient.class);
        int maxDeltaBytes = config.queue().maxMessageBytes() - WireCodec.envelopeOverhead(identity);
        ObjectEncoder encoder = new ObjectEncoder(identity.cluster(), client.getKubernetesSerialization(),
                config.queue().compressAboveBytes(), maxDeltaBytes);
        ChangeSignal changes = new ChangeSignal();
        List<ResourceSynchro> built = new ArrayList<>();
        List<TypeState> states = new ArrayList<>();
        for (ResourceType type : types) {
            TypeState state = new TypeState(type, changes::raise);
            states.add(state);
            built.add(new ResourceSynchro(type, watchClient, sink, encoder, identity, config.pageSize(),
                    maxDeltaBytes, state, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30))));
        }
        this.synchros = List.copyOf(built);
        this.statusReporter = new StatusReporter(states, new ClusterProbe(client), sink, config.statusInterval(),
                Clock.systemUTC(), changes);
        this.httpServer = config.healthPort() < 0 ? Optional.empty()
                : Optional.of(new AgentHttpServer(config.healthAddress(), config.healthPort(), this::ready,
                this::metricsText));
    }

    /** Starts an agent with a fresh identity (cluster name plus a random suffix). */
    public static SyncAgent start(Config config, KubernetesClient client, DeltaSink sink) {
        return start(config, AgentIdentity.generate(config.clusterName()), client, sink);
    }

    /**
     * Resolves the configured types through discovery and starts syncing them.
     *
     * @param identity the identity the sink's envelopes carry too (relist ids start with its agent id)
     * @throws IllegalStateException if no configured type could be resolved
     */
    public static SyncAgent start(Config config, AgentIdentity identity, KubernetesClient client, DeltaSink sink) {
        List<ResourceType> types = new TypeResolver(client).resolve(config.syncResources());
        if (types.isEmpty()) {
            throw new IllegalStateException("none of spec.syncResources is served by the cluster");
        }
        SyncAgent agent = new SyncAgent(config, identity, client, sink, types);
        agent.startThreads();
        LOG.info("agent {} syncing {} types of cluster {}: {}", identity.agentId(), types.size(),
                identity.cluster(), types);
        return agent;
    }

    private void startThreads() {
        Thread status = new Thread(statusReporter, "status-reporter");
        status.setDaemon(true);
        threads.add(status);
        for (ResourceSynchro synchro : synchros) {
            Thread t = new Thread(synchro, "sync-" + synchro.type().gvr());
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    public AgentIdentity identity() {
        return identity;
    }

    public Config config() {
        return config;
    }

    /** The types being synced, in configuration order. */
    public List<ResourceType> types() {
        List<ResourceType> types = new ArrayList<>(synchros.size());
        synchros.forEach(s -> types.add(s.type()));
        return types;
    }

    /**
     * Waits until every type's first list has been delivered to the sink.
     *
     * @return false if the timeout passed first
     */
    public boolean awaitInitialSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ResourceSynchro synchro : synchros) {
            long left = deadline - System.nanoTime();
            if (!synchro.state().initialListLatch().await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True while every type has a watch open: from then on every change in the member cluster reaches this agent.
     * (A real API server replays changes made between the list and the watch; fabric8's mock server does not, so
     * tests wait for this before they change the cluster.)
     */
    public boolean watching() {
        return synchros.stream().allMatch(s -> s.state().snapshot().watching());
    }

    /** True once every type's first list has been delivered (what /readyz answers). */
    public boolean ready() {
        return synchros.stream().allMatch(s -> s.state().initialListDone());
    }

    public List<TypeSnapshot> snapshot() {
        List<TypeSnapshot> snapshots = new ArrayList<>(synchros.size());
        synchros.forEach(s -> snapshots.add(s.state().snapshot()));
        return snapshots;
    }

    /** The key to resourceVersion memory of one type. */
    public Optional<KeyVersionIndex> index(Gvr gvr) {
        return synchros.stream().filter(s -> s.type().gvr().equals(gvr)).findFirst().map(ResourceSynchro::index);
    }

    public String metricsText() {
        return PrometheusText.render(identity.cluster(), version(), snapshot(), sink.stats());
    }

    /** The port of /healthz, /readyz and /metrics; empty when {@code healthPort} is -1. */
    public OptionalInt httpPort() {
        return httpServer.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
    }

    /** Stops every watch, list, and thread this agent started. Does not flush or close the sink. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchros.forEach(ResourceSynchro::stop);
        statusReporter.stop();
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn("thread {} did not stop in time", t.getName());
            }
        }
        httpServer.ifPresent(AgentHttpServer::close);
        LOG.info("agent {} stopped", identity.agentId());
    }

    static String version() {
        String v = SyncAgent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
