package io.cloudpedia.agent.registry;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.RegistryConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's types in line with its PediaCluster in the Cloudpedia registry: polls
 * {@code GET {url}/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters/{cluster}} (and the ClusterSyncResources its
 * {@code spec.syncResourcesRefName} names) every {@code pollInterval}, and calls {@link SyncAgent#reconfigure} when
 * the {@code spec.syncResources} read differ from the ones applied last (at first: the local file's).
 *
 * <p>Reads are conditional ({@code If-None-Match} with the last 200's ETag): a 304 costs no parse and no
 * reconfiguration. A 404 means the cluster is not registered: the current list stays (logged once). An empty list
 * stays unapplied too (the agent always syncs something; stop it to stop syncing). Failures (unreachable, an error
 * status, an unreadable answer, a failed reconfiguration) back off exponentially up to ten poll intervals, are logged
 * when their cause changes, and show in the agent's status message; the agent keeps syncing what it synced. The
 * token is never logged.
 *
 * <p>{@link SyncAgent#watchRegistry} creates, starts and (on close) stops it; {@link #pollOnce()} is public so that
 * tests can poll without the thread.
 */
public final class RegistryWatcher implements AutoCloseable {

    public static final String PEDIA_CLUSTERS = "/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters/";
    public static final String CLUSTER_SYNC_RESOURCES =
            "/apis/cluster.clusterpedia.io/v1alpha2/clustersyncresources/";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

    private final RegistryConfig config;
    private final SyncAgent agent;
    private final RegistryClient client;
    private final String clusterPath;
    private final Backoff backoff;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final AtomicLong changesApplied = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    // Poll state, guarded by this.
    private Cached<PediaClusterSpec> cluster = Cached.none();
    private Cached<List<SyncResource>> ref = Cached.none();
    private String refName = "";
    /** A fresh answer was read and not yet fully applied: a 304 must not short-cut then. */
    private boolean dirty;
    private List<SyncResource> applied;
    private boolean everRead;
    /** The last failure's message, "404" while not registered, "" while fine: what was logged last. */
    private String lastProblem = "";
    private boolean emptyLogged;

    private volatile boolean running = true;
    private volatile Thread thread;

    /** @throws IllegalArgumentException if {@code caFile} cannot be used */
    public RegistryWatcher(RegistryConfig config, SyncAgent agent) {
        this.config = config;
        this.agent = agent;
        this.client = new RegistryClient(config);
        this.clusterPath = PEDIA_CLUSTERS + agent.identity().cluster();
        this.applied = agent.config().syncResources();
        Duration interval = config.pollInterval();
        this.backoff = new Backoff(interval, interval.multipliedBy(10));
    }

    /** What one poll did. */
    public enum Outcome {
        /** The registry's list changed the synced types. */
        Applied,
        /** Read, and the same as applied (or empty, or it changed no type). */
        Unchanged,
        /** 304: nothing read. */
        NotModified,
        /** 404: the cluster is not registered; the current list stays. */
        NotRegistered,
        /** Failed; the current list stays. */
        Failed
    }

    /** The registry's root URL (without credentials). */
    public String url() {
        return client.displayUrl();
    }

    public RegistryStats stats() {
        return new RegistryStats(polls.get(), notModified.get(), changesApplied.get(), failures.get());
    }

    /** Starts polling on its own thread: a first poll at once, then every {@code pollInterval}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Thread t = new Thread(this::run, "registry-watcher");
        t.setDaemon(true);
        thread = t;
        t.start();
        Duration interval = config.pollInterval();
        LOG.info("reading spec.syncResources of {} from the registry at {} every {}", agent.identity().cluster(),
                url(), interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms");
    }

    private void run() {
        try {
            while (running) {
                Outcome outcome;
                try {
                    outcome = pollOnce();
                } catch (RuntimeException e) {
                    // pollOnce handles what it expects; anything else is a bug, but the agent must go on syncing.
                    LOG.error("registry poll failed unexpectedly", e);
                    outcome = Outcome.Failed;
                }
                Duration wait;
                if (outcome == Outcome.Failed) {
                    wait = backoff.next();
                } else {
                    backoff.reset();
                    wait = config.pollInterval();
                }
                if (running) {
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls once: reads the PediaCluster (and its ClusterSyncResources) and applies a changed list. */
    public synchronized Outcome pollOnce() throws InterruptedException {
        polls.incrementAndGet();
        Outcome outcome;
        try {
            outcome = poll();
        } catch (RegistryException e) {
            failed(e.getMessage());
            return Outcome.Failed;
        } catch (RuntimeException e) {
            // e.g. discovery failed, or the list resolves to no type: try again at the next poll.
            failed("cannot apply its syncResources: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
            return Outcome.Failed;
        }
        if (outcome != Outcome.NotRegistered) {
            recovered();
        }
        return outcome;
    }

    private Outcome poll() throws RegistryException, InterruptedException {
        RegistryClient.Answer answer = client.get(clusterPath, cluster.etag());
        if (answer instanceof RegistryClient.NotFound) {
            cluster = Cached.none();
            notRegistered();
            return Outcome.NotRegistered;
        }
        if (answer instanceof RegistryClient.Fresh fresh) {
            cluster = new Cached<>(Optional.of(PediaClusterSpec.pediaCluster(fresh.body())), fresh.etag());
            dirty = true;
        }
        PediaClusterSpec spec = cluster.value().orElseThrow(
                () -> new RegistryException("the registry answered 304 to a first read"));
        List<SyncResource> wanted = new ArrayList<>(spec.syncResources());
        if (spec.refName().isPresent()) {
            wanted.addAll(referenced(spec.refName().get()));
        }
        if (!dirty) {
            notModified.incrementAndGet();
            return Outcome.NotModified;
        }
        if (wanted.isEmpty()) {
            if (!emptyLogged) {
                LOG.warn("the registry's PediaCluster {} lists no syncResources: keeping the current ones",
                        agent.identity().cluster());
                emptyLogged = true;
            }
            dirty = false;
            return Outcome.Unchanged;
        }
        emptyLogged = false;
        if (wanted.equals(applied)) {
            dirty = false;
            return Outcome.Unchanged;
        }
        SyncAgent.Reconfiguration result = agent.reconfigure(wanted);
        applied = List.copyOf(wanted);
        // Types whose discovery failed may still have to start: apply again at the next poll, even on a 304.
        dirty = !result.unavailable().isEmpty();
        if (!result.changed()) {
            return Outcome.Unchanged;
        }
        changesApplied.incrementAndGet();
        LOG.info("applied the registry's syncResources: started {}, stopped {}", result.started(), result.stopped());
        return Outcome.Applied;
    }

    /** The entries of the named ClusterSyncResources, read conditionally like the PediaCluster. */
    private List<SyncResource> referenced(String name) throws RegistryException, InterruptedException {
        if (!name.equals(refName)) {
            refName = name;
            ref = Cached.none();
        }
        RegistryClient.Answer answer = client.get(CLUSTER_SYNC_RESOURCES + name, ref.etag());
        if (answer instanceof RegistryClient.NotFound) {
            ref = Cached.none();
            throw new RegistryException("ClusterSyncResources " + name
                    + " (the PediaCluster's spec.syncResourcesRefName) does not exist");
        }
        if (answer instanceof RegistryClient.Fresh fresh) {
            ref = new Cached<>(Optional.of(PediaClusterSpec.clusterSyncResources(fresh.body())), fresh.etag());
            dirty = true;
        }
        return ref.value().orElseThrow(() -> new RegistryException("the registry answered 304 to a first read"));
    }

    private void notRegistered() {
        if (!lastProblem.equals("404")) {
            LOG.info("cluster {} is not registered at {}: keeping the current syncResources",
                    agent.identity().cluster(), url());
        }
        lastProblem = "404";
        agent.statusNote("not registered at " + url() + ": " + fallback());
    }

    private void failed(String problem) {
        failures.incrementAndGet();
        String note = "registry: " + problem + "; " + fallback();
        if (problem.equals(lastProblem)) {
            LOG.debug("{}", note);
        } else {
            LOG.warn("{}", note);
        }
        lastProblem = problem;
        agent.statusNote(note);
    }

    private String fallback() {
        return everRead ? "keeping the syncResources read last" : "syncing the local syncResources";
    }

    private void recovered() {
        if (lastProblem.equals("404")) {
            LOG.info("cluster {} is registered at {} now", agent.identity().cluster(), url());
        } else if (!lastProblem.isEmpty()) {
            LOG.info("the registry at {} answers again", url());
        }
        lastProblem = "";
        everRead = true;
        agent.statusNote("");
    }

    /** Stops polling (interrupting a poll or a reconfiguration in progress) and waits for the thread. */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("registry watcher did not stop in time");
        }
    }

    /** The last answer read and its ETag. */
    private record Cached<T>(Optional<T> value, Optional<String> etag) {

        static <T> Cached<T> none() {
            return new Cached<>(Optional.empty(), Optional.empty());
        }
    }
}
