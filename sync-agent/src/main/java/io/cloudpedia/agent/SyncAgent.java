package io.cloudpedia.agent;

import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.RegistryConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.discovery.TypeResolver;
import io.cloudpedia.agent.http.AgentHttpServer;
import io.cloudpedia.agent.http.PrometheusText;
import io.cloudpedia.agent.registry.RegistryWatcher;
import io.cloudpedia.agent.retry.Backoff;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.status.ChangeSignal;
import io.cloudpedia.agent.status.ClusterProbe;
import io.cloudpedia.agent.status.StatusReporter;
import io.cloudpedia.agent.sync.KeyVersionIndex;
import io.cloudpedia.agent.sync.ObjectEncoder;
import io.cloudpedia.agent.sync.RelistIds;
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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 *     agent.reconfigure(List.of(SyncResource.of("apps", "deployments")));   // or agent.watchRegistry(registry)
 *     ...
 * }
 * }</pre>
 */
public final class SyncAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncAgent.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Config config;
    private final AgentIdentity identity;
    private final KubernetesClient client;
    private final KubernetesClient watchClient;
    private final DeltaSink sink;
    private final ObjectEncoder encoder;
    private final int maxDeltaBytes;
    private final RelistIds relistIds;
    private final ChangeSignal changes = new ChangeSignal();
    private final StatusReporter statusReporter;
    private final Thread statusThread;
    private final Optional<AgentHttpServer> httpServer;
    private final AtomicReference<String> statusNote = new AtomicReference<>("");

    /** Serialises reconfigurations and close (a reconfiguration joins threads: never hold it on a hot path). */
    private final Object lifecycle = new Object();
    /**
     * The running synchros in configuration order. Replaced as a whole under {@link #lifecycle}, so that the status
     * reporter, /metrics and readiness read a consistent list without a lock.
     */
    private volatile List<Running> running = List.of();
    /** Threads of stopped synchros not yet seen to end; {@link #close()} joins them too. Under lifecycle. */
    private final List<Thread> retired = new ArrayList<>();
    private volatile Optional<RegistryWatcher> registryWatcher = Optional.empty();
    private boolean closed;

    private SyncAgent(Config config, AgentIdentity identity, KubernetesClient client, DeltaSink sink) {
        this.config = config;
        this.identity = identity;
        this.client = client;
        this.sink = sink;
        // The synchro decides how to resume a watch (from its own last resourceVersion, or relist on 410), so
        // fabric8 must not silently reconnect on its own. The derived client shares the caller's HTTP client.
        this.watchClient = client.newClient(
                        new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                                .withWatchReconnectLimit(0)
                                .build())
                .adapt(KubernetesClient.class);
        this.maxDeltaBytes = config.queue().maxMessageBytes() - WireCodec.envelopeOverhead(identity);
        this.encoder = new ObjectEncoder(identity.cluster(), client.getKubernetesSerialization(),
                config.queue().compressAboveBytes(), maxDeltaBytes);
        this.relistIds = new RelistIds(identity.agentId());
        this.statusReporter = new StatusReporter(this::states, new ClusterProbe(client), sink,
                config.statusInterval(), Clock.systemUTC(), changes, statusNote::get);
        this.statusThread = new Thread(statusReporter, "status-reporter");
        statusThread.setDaemon(true);
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
        TypeResolver resolver = new TypeResolver(client);
        List<ResourceType> types = resolver.resolve(config.syncResources());
        if (types.isEmpty()) {
            throw new IllegalStateException("none of spec.syncResources is served by the cluster");
        }
        Set<Gvr> withEvents = resolver.eventsInvolved();
        SyncAgent agent = new SyncAgent(config, identity, client, sink);
        List<Running> synchros = new ArrayList<>(types.size());
        types.forEach(t -> synchros.add(agent.newSynchro(t, withEvents.contains(t.gvr()))));
        agent.running = List.copyOf(synchros);
        agent.statusThread.start();
        synchros.forEach(Running::start);
        LOG.info("agent {} syncing {} types of cluster {}: {}", identity.agentId(), types.size(),
                identity.cluster(), types);
        return agent;
    }

    private Running newSynchro(ResourceType type, boolean withEvents) {
        TypeState state = new TypeState(type, changes::raise);
        ResourceSynchro synchro = new ResourceSynchro(type, watchClient, sink, encoder, relistIds, config.pageSize(),
                maxDeltaBytes, state, backoff());
        Running running = new Running(synchro, thread(synchro, "sync-" + type.gvr()), Optional.empty());
        return withEvents ? running.withEvents(Optional.of(newEventSynchro(synchro))) : running;
    }

    /** The synchro of a type's Events: its thread waits for the type's first list, then syncs. */
    private Running newEventSynchro(ResourceSynchro of) {
        TypeState state = new TypeState(ResourceSynchro.EVENTS, changes::raise);
        ResourceSynchro synchro = ResourceSynchro.events(of, watchClient, sink, encoder, config.pageSize(),
                maxDeltaBytes, state, backoff());
        of.state().events(Optional.of(state));
        return new Running(synchro, thread(synchro, "sync-events-of-" + of.type().gvr()), Optional.empty());
    }

    private static Backoff backoff() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    private static Thread thread(ResourceSynchro synchro, String name) {
        Thread thread = new Thread(synchro, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Syncs exactly the types {@code resources} resolve to from now on, without a restart: starts a synchro for each
     * type not running yet, and stops each running type no longer wanted, then tells ingest to delete what it stored
     * of it (a relist with reason {@code Removed}, an empty key set, and a resourceVersion no older than any the
     * agent saw of the type; see {@link ResourceSynchro#sendRemoval()}). A removed type leaves the status and
     * /metrics, and its key to resourceVersion index is dropped. Types that stay keep running untouched, so a
     * reconfiguration with the same types changes nothing; only their event synchro starts or stops when
     * {@code eventsInvolvedResources} now names them or no longer does. A type's event synchro stops with it; events
     * need no removal (ingest deletes them with their objects).
     *
     * <p>A running type whose group-version's discovery failed is kept (its absence proves nothing); a list that
     * resolves to no type at all is refused, like at start. Thread-safe; reconfigurations run one at a time. Blocks
     * until removed types stopped (at most about 10 s each) and their removal was handed to the sink.
     *
     * @return what changed
     * @throws IllegalStateException if no type of {@code resources} is served, or the agent is closed
     * @throws io.fabric8.kubernetes.client.KubernetesClientException if discovery failed as a whole
     * @throws InterruptedException if interrupted while stopping removed types (those not handled yet then keep
     *     what ingest stored of them)
     */
    public Reconfiguration reconfigure(List<SyncResource> resources) throws InterruptedException {
        Objects.requireNonNull(resources, "resources");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the agent is closed");
            }
            TypeResolver resolver = new TypeResolver(client);
            List<ResourceType> wanted = resolver.resolve(resources);
            Set<String> unavailable = resolver.unavailable();
            Set<Gvr> withEvents = resolver.eventsInvolved();
            if (wanted.isEmpty()) {
                throw new IllegalStateException("none of the new syncResources is served by the cluster"
                        + (unavailable.isEmpty() ? "" : " (discovery of " + unavailable + " failed)")
                        + ": keeping the current types");
            }
            List<Running> before = running;
            Set<Gvr> wantedGvrs = new HashSet<>();
            wanted.forEach(t -> wantedGvrs.add(t.gvr()));
            List<Running> next = new ArrayList<>();
            List<Running> added = new ArrayList<>();
            List<Running> eventsAdded = new ArrayList<>();
            List<Running> eventsRemoved = new ArrayList<>();
            for (ResourceType type : wanted) {
                Optional<Running> current = before.stream().filter(r -> r.type().gvr().equals(type.gvr())).findFirst();
                boolean events = withEvents.contains(type.gvr());
                if (current.isEmpty()) {
                    Running fresh = newSynchro(type, events);
                    next.add(fresh);
                    added.add(fresh);
                } else if (events && current.get().events().isEmpty()) {
                    Running eventSynchro = newEventSynchro(current.get().synchro());
                    next.add(current.get().withEvents(Optional.of(eventSynchro)));
                    eventsAdded.add(eventSynchro);
                } else if (!events && current.get().events().isPresent()) {
                    next.add(current.get().withEvents(Optional.empty()));
                    eventsRemoved.add(current.get().events().get());
                } else {
                    next.add(current.get());
                }
            }
            List<Running> removed = new ArrayList<>();
            for (Running r : before) {
                if (wantedGvrs.contains(r.type().gvr())) {
                    continue;
                }
                if (unavailable.contains(r.type().gvr().apiVersion())) {
                    LOG.warn("keeping {}: its discovery failed, so its absence from the new list proves nothing",
                            r.type());
                    next.add(r);
                } else {
                    removed.add(r);
                }
            }
            if (added.isEmpty() && removed.isEmpty() && eventsAdded.isEmpty() && eventsRemoved.isEmpty()) {
                LOG.debug("reconfiguration changes nothing: {}", types());
                return new Reconfiguration(List.of(), List.of(), unavailable, List.of(), List.of());
            }
            // Publish first: the next status and /metrics already show the new set of types.
            running = List.copyOf(next);
            added.forEach(Running::start);
            eventsAdded.forEach(Running::start);
            changes.raise();
            List<ResourceType> started = added.stream().map(Running::type).toList();
            List<ResourceType> stopped = removed.stream().map(Running::type).toList();
            List<ResourceType> eventsStarted = involvedTypes(eventsAdded);
            List<ResourceType> eventsStopped = involvedTypes(eventsRemoved);
            LOG.info("reconfigured: started {}, stopping {}, events started for {}, stopped for {}; now syncing {}",
                    started, stopped, eventsStarted, eventsStopped, types());
            List<Running> halted = new ArrayList<>(eventsRemoved);
            removed.forEach(r -> {
                halted.add(r);
                r.events().ifPresent(halted::add);
            });
            halt(halted);
            for (Running r : eventsRemoved) {
                r.synchro().involvedState().ifPresent(s -> s.events(Optional.empty()));
            }
            for (Running r : removed) {
                r.synchro().sendRemoval();
            }
            return new Reconfiguration(started, stopped, unavailable, eventsStarted, eventsStopped);
        }
    }

    private static List<ResourceType> involvedTypes(List<Running> eventSynchros) {
        return eventSynchros.stream().flatMap(r -> r.synchro().involvedType().stream()).toList();
    }

    /**
     * Stops synchros and waits for their threads. Under lifecycle. A stopped synchro sends nothing more, so the
     * removals that follow come after everything it sent.
     */
    private void halt(List<Running> stopping) throws InterruptedException {
        stopping.forEach(r -> r.synchro().stop());
        stopping.forEach(r -> retired.add(r.thread()));
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Running r : stopping) {
            r.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (r.thread().isAlive()) {
                // It sends nothing more once stopped; at worst an upsert already on its way follows the removal,
                // and ingest deletes it again since it is older than the removal's list.
                LOG.warn("thread {} did not stop in time", r.thread().getName());
            } else {
                retired.remove(r.thread());
            }
        }
    }

    /**
     * Reads {@code spec.syncResources} from the PediaCluster of this cluster in the registry from now on, every
     * {@code pollInterval}, and {@link #reconfigure}s when they change. Stopped by {@link #close()}.
     *
     * @throws IllegalArgumentException if {@code caFile} cannot be used
     * @throws IllegalStateException if already watching a registry, or closed
     */
    public RegistryWatcher watchRegistry(RegistryConfig registry) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the agent is closed");
            }
            if (registryWatcher.isPresent()) {
                throw new IllegalStateException("already watching " + registryWatcher.get().url());
            }
            RegistryWatcher watcher = new RegistryWatcher(registry, this);
            registryWatcher = Optional.of(watcher);
            watcher.start();
            return watcher;
        }
    }

    /**
     * Sets the agent's own remark, appended to the message of its status deltas (the registry watcher says there
     * that the registry is unreachable, for instance); "" clears it. A changed remark sends a status.
     */
    public void statusNote(String note) {
        Objects.requireNonNull(note, "note");
        if (!note.equals(statusNote.getAndSet(note))) {
            changes.raise();
        }
    }

    public AgentIdentity identity() {
        return identity;
    }

    /** The configuration the agent started with (a reconfiguration does not change it). */
    public Config config() {
        return config;
    }

    /** The types being synced, in configuration order. */
    public List<ResourceType> types() {
        return running.stream().map(Running::type).toList();
    }

    /**
     * Waits until every type's first list has been delivered to the sink (the types running when called).
     *
     * @return false if the timeout passed first
     */
    public boolean awaitInitialSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Running r : running) {
            long left = deadline - System.nanoTime();
            if (!r.synchro().state().initialListLatch().await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
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
        return running.stream().allMatch(r -> r.synchro().state().snapshot().watching()
                && r.events().map(e -> e.synchro().state().snapshot().watching()).orElse(true));
    }

    /** The running types whose core/v1 Events are synced too. */
    public List<ResourceType> eventsInvolved() {
        return running.stream().filter(r -> r.events().isPresent()).map(Running::type).toList();
    }

    /** The keys and resourceVersions of the events sent for one running type (those it remembers). */
    public Optional<KeyVersionIndex> eventIndex(Gvr involved) {
        return running.stream().filter(r -> r.type().gvr().equals(involved)).findFirst()
                .flatMap(Running::events).map(r -> r.synchro().index());
    }

    /** True once every type's first list has been delivered (what /readyz answers). */
    public boolean ready() {
        return running.stream().allMatch(r -> r.synchro().state().initialListDone());
    }

    public List<TypeSnapshot> snapshot() {
        return running.stream().map(r -> r.synchro().state().snapshot()).toList();
    }

    /** The key to resourceVersion memory of one running type. */
    public Optional<KeyVersionIndex> index(Gvr gvr) {
        return running.stream().filter(r -> r.type().gvr().equals(gvr)).findFirst()
                .map(r -> r.synchro().index());
    }

    public String metricsText() {
        return PrometheusText.render(identity.cluster(), BuildInfo.current(), snapshot(), sink.stats(),
                registryWatcher.map(RegistryWatcher::stats));
    }

    /** The port of /healthz, /readyz and /metrics; empty when {@code healthPort} is -1. */
    public OptionalInt httpPort() {
        return httpServer.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
    }

    private List<TypeState> states() {
        return running.stream().map(r -> r.synchro().state()).toList();
    }

    /**
     * Stops the registry watcher and every watch, list, and thread this agent started. Does not flush or close the
     * sink.
     */
    @Override
    public void close() {
        // Outside the lock: the watcher may be inside reconfigure(), which holds it; closing interrupts that.
        registryWatcher.ifPresent(RegistryWatcher::close);
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            List<Running> all = new ArrayList<>();
            running.forEach(r -> {
                all.add(r);
                r.events().ifPresent(all::add);
            });
            all.forEach(r -> r.synchro().stop());
            statusReporter.stop();
            List<Thread> threads = new ArrayList<>();
            threads.add(statusThread);
            all.forEach(r -> threads.add(r.thread()));
            threads.addAll(retired);
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
    }

    /**
     * What a {@link #reconfigure} did.
     *
     * @param started     types whose synchro it started
     * @param stopped     types it stopped, whose stored objects it asked ingest to delete
     * @param unavailable group-versions whose discovery failed: their new types may be missing from
     *                    {@code started} (try again later), and running ones were kept
     * @param eventsStarted types that kept running and whose Events are now synced too (new types' events start
     *                      with them, and are not listed here)
     * @param eventsStopped types that kept running and whose Events are no longer synced (removed types' events
     *                      stop with them, and are not listed here)
     */
    public record Reconfiguration(List<ResourceType> started, List<ResourceType> stopped, Set<String> unavailable,
                                  List<ResourceType> eventsStarted, List<ResourceType> eventsStopped) {

        public Reconfiguration {
            started = List.copyOf(started);
            stopped = List.copyOf(stopped);
            unavailable = Set.copyOf(unavailable);
            eventsStarted = List.copyOf(eventsStarted);
            eventsStopped = List.copyOf(eventsStopped);
        }

        public Reconfiguration(List<ResourceType> started, List<ResourceType> stopped, Set<String> unavailable) {
            this(started, stopped, unavailable, List.of(), List.of());
        }

        /** Whether the set of synced types, or of types whose Events are synced, changed. */
        public boolean changed() {
            return !started.isEmpty() || !stopped.isEmpty() || !eventsStarted.isEmpty() || !eventsStopped.isEmpty();
        }
    }

    /** A synchro and its thread; for a type, also the synchro of its Events when they are synced. */
    private record Running(ResourceSynchro synchro, Thread thread, Optional<Running> events) {

        ResourceType type() {
            return synchro.type();
        }

        Running withEvents(Optional<Running> eventSynchro) {
            return new Running(synchro, thread, eventSynchro);
        }

        /** Starts its thread and its event synchro's (which waits for this type's first list). */
        void start() {
            thread.start();
            events.ifPresent(Running::start);
        }
    }
}
