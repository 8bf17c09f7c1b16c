package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.retry.Backoff;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.Gzip;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one type of one member cluster in sync, like a client-go reflector whose store holds only key to
 * resourceVersion: paginated list framed by relistBegin/relistEnd, then watch from the list's resourceVersion with
 * bookmarks; re-watch from the last seen resourceVersion when the watch ends; relist on 410 Gone.
 *
 * <p>Runs on its own thread ({@link #run()} until {@link #stop()}). Watch events are handed from fabric8's callback
 * thread through a small bounded queue, so all state is touched by this thread only, and a full sink blocks the
 * watch (back-pressure reaches the API server through the WebSocket).
 *
 * <p>The watch client must not reconnect by itself (watchReconnectLimit 0): this class decides how to resume.
 *
 * <p>Once {@link #stop()}ped it sends nothing more, so that after its thread ended the agent can tell ingest to delete
 * the type ({@link #sendRemoval()}) without a late upsert of this synchro coming after that.
 *
 * <p>The same loop syncs a type's core/v1 Events ({@link #events}): listed and watched with a field selector on the
 * involved kind, filtered to the events whose involved object the type has synced, and sent without relist framing.
 */
public final class ResourceSynchro implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceSynchro.class);
    private static final int WATCH_BUFFER = 64;
    /** A watch that lived this long was healthy even without events: re-watch at once. */
    private static final Duration HEALTHY_WATCH = Duration.ofSeconds(30);
    /** The type of every event synchro; core/v1 Events always exist. */
    public static final ResourceType EVENTS = new ResourceType(new Gvr("", "v1", "events"), "Event", true);

    private final ResourceType type;
    private final KubernetesClient client;
    private final DeltaSink sink;
    private final ObjectEncoder encoder;
    private final RelistIds relistIds;
    private final int pageSize;
    private final int maxPartGzipBytes;
    private final TypeState state;
    private final KeyVersionIndex index = new KeyVersionIndex();
    private final Backoff backoff;
    /** Present for an event synchro: the type whose objects' events it sends. */
    private final Optional<InvolvedObjects> involved;
    /** Present for an event synchro: it starts once the involved type's first list was delivered. */
    private final Optional<CountDownLatch> startAfter;

    private volatile boolean running = true;
    private volatile Watch currentWatch;
    private volatile Thread thread;
    private String lastResourceVersion = "";
    /** The highest numeric resourceVersion seen (lists and events), -1 before any; read by the agent on removal. */
    private volatile long highestVersion = -1;

    /**
     * @param relistIds     the agent's relist ids (shared by its synchros: ids stay unique when a type comes back)
     * @param maxDeltaBytes the largest encoded delta that fits one message; bounds relistEnd parts
     */
    public ResourceSynchro(ResourceType type, KubernetesClient client, DeltaSink sink, ObjectEncoder encoder,
                           RelistIds relistIds, int pageSize, int maxDeltaBytes, TypeState state,
                           Backoff backoff) {
        this(type, client, sink, encoder, relistIds, pageSize, maxDeltaBytes, state, backoff, Optional.empty(),
                Optional.empty());
    }

    private ResourceSynchro(ResourceType type, KubernetesClient client, DeltaSink sink, ObjectEncoder encoder,
                            RelistIds relistIds, int pageSize, int maxDeltaBytes, TypeState state, Backoff backoff,
                            Optional<InvolvedObjects> involved, Optional<CountDownLatch> startAfter) {
        this.type = type;
        this.client = client;
        this.sink = sink;
        this.encoder = encoder;
        this.relistIds = relistIds;
        this.pageSize = pageSize;
        // base64 grows gzip by 4/3; keep room for the delta's other fields.
        this.maxPartGzipBytes = Math.min(RelistKeys.PART_GZIP_TARGET, (maxDeltaBytes - 2048) / 4 * 3);
        this.state = state;
        this.backoff = backoff;
        this.involved = involved;
        this.startAfter = startAfter;
        state.objectsFrom(index::size);
    }

    /**
     * A synchro of the core/v1 Events about the objects {@code synchro} syncs (Clusterpedia's event association):
     * starts once that type's first list was delivered, then lists (paginated) and watches the Events of all
     * namespaces whose {@code involvedObject.kind} is the type's kind, and sends those whose involved object is in
     * the type's index at the time, as plain {@code upsert}s and {@code delete}s of {@code v1/events}: no relistBegin
     * or relistEnd (ingest stores them with their object, and deletes them with it). Its own index holds the keys of
     * the events it sent, so that an unchanged event is not sent again after a relist and only a sent event's
     * deletion is sent. An event whose object is gone is forgotten without a delete.
     *
     * @param state the event synchro's own state; the counters of sent and skipped events go to the type's
     */
    public static ResourceSynchro events(ResourceSynchro synchro, KubernetesClient client, DeltaSink sink,
                                         ObjectEncoder encoder, int pageSize, int maxDeltaBytes, TypeState state,
                                         Backoff backoff) {
        return new ResourceSynchro(EVENTS, client, sink, encoder, synchro.relistIds, pageSize, maxDeltaBytes, state,
                backoff, Optional.of(new InvolvedObjects(synchro.type, synchro.index, synchro.state)),
                Optional.of(synchro.state.initialListLatch()));
    }

    /** For a synchro of a type's Events ({@link #events}): that type. */
    public Optional<ResourceType> involvedType() {
        return involved.map(InvolvedObjects::type);
    }

    /** For a synchro of a type's Events: that type's state, which reports them. */
    public Optional<TypeState> involvedState() {
        return involved.map(InvolvedObjects::counters);
    }

    public ResourceType type() {
        return type;
    }

    public TypeState state() {
        return state;
    }

    /** The key to resourceVersion memory (for tests and memory figures). */
    public KeyVersionIndex index() {
        return index;
    }

    /** Stops list and watch; {@link #run()} returns soon after. */
    public void stop() {
        running = false;
        Watch w = currentWatch;
        if (w != null) {
            w.close();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        RelistReason reason = RelistReason.Initial;
        boolean needList = true;
        try {
            if (startAfter.isPresent()) {
                startAfter.get().await();
            }
            while (running) {
                try {
                    if (needList) {
                        lastResourceVersion = relist(reason);
                        needList = false;
                        backoff.reset();
                    }
                    WatchEnd end = watchOnce();
                    if (!running) {
                        break;
                    }
                    if (end.gone()) {
                        LOG.info("watch of {} expired (410 Gone) at resourceVersion {}: relisting", what(),
                                lastResourceVersion);
                        needList = true;
                        reason = RelistReason.Expired;
                        continue;
                    }
                    state.watchRestarted();
                    if (end.healthy()) {
                        backoff.reset();
                    } else {
                        pause(backoff.next());
                    }
                } catch (KubernetesClientException e) {
                    if (!running) {
                        break;
                    }
                    if (e.getCode() == 410) {
                        LOG.info("{} of {} answered 410 Gone: relisting", needList ? "list" : "watch", what());
                        needList = true;
                        reason = RelistReason.Expired;
                        continue;
                    }
                    String what = needList ? "ListFailed" : "WatchFailed";
                    LOG.warn("{} {}: {}", what, what(), summary(e));
                    state.error(what, summary(e));
                    pause(backoff.next());
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    // A bug or an unexpected answer: start over from a full list rather than trust the index.
                    LOG.error("synchro of {} failed; relisting", what(), e);
                    state.error("InternalError", summary(e));
                    needList = true;
                    reason = RelistReason.Resync;
                    pause(backoff.next());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread = null;
        }
    }

    private String relist(RelistReason reason) throws InterruptedException {
        // Events are not framed: their relist ends would make ingest sweep v1/events of other types' events.
        Optional<String> inRelist = framed() ? Optional.of(relistIds.next(type.gvr())) : Optional.empty();
        state.relisted(reason);
        LOG.info("listing {} ({}, relistId {})", what(), reason, inRelist.orElse("none"));
        if (inRelist.isPresent()) {
            emit(new RelistBegin(type.gvr(), inRelist.get(), reason));
        }
        index.beginMark();
        String listResourceVersion = null;
        String continueToken = null;
        int sent = 0;
        do {
            ListOptionsBuilder options = new ListOptionsBuilder().withLimit((long) pageSize);
            if (continueToken != null) {
                options.withContinue(continueToken);
            }
            GenericKubernetesResourceList page = operation().list(options.build());
            if (listResourceVersion == null) {
                // Every page of one list carries the first page's resourceVersion.
                listResourceVersion = page.getMetadata() == null
                        ? "" : ObjectEncoder.nullToEmpty(page.getMetadata().getResourceVersion());
                seen(listResourceVersion);
                state.syncing();
            }
            for (GenericKubernetesResource item : page.getItems()) {
                if (!running) {
                    throw new InterruptedException("stopped during list");
                }
                if (!wanted(item)) {
                    continue;
                }
                String key = key(item.getMetadata());
                boolean known = index.contains(key);
                if (index.putAndMark(key, item.getMetadata().getResourceVersion())) {
                    sendUpsert(item, inRelist);
                    state.upserted(known);
                    sent++;
                }
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());

        int forgotten = index.removeUnmarked();
        if (framed()) {
            // Deleted while unwatched: the relist's key set makes ingest delete them.
            state.deleted(forgotten);
        }
        if (inRelist.isPresent()) {
            byte[][] keys = index.sortedKeyBytes();
            List<byte[]> parts = RelistKeys.parts(keys, maxPartGzipBytes);
            for (int i = 0; i < parts.size(); i++) {
                emit(new RelistEnd(type.gvr(), inRelist.get(), listResourceVersion, keys.length, i, parts.size(),
                        parts.get(i)));
            }
        }
        LOG.info("listed {}: {} objects at resourceVersion {}, {} sent, {} forgotten", what(), index.size(),
                listResourceVersion, sent, forgotten);
        if (state.inInitialListPhase()) {
            // "Initial list done" means delivered, not just handed over: readiness and status depend on it.
            sink.flush();
            state.finishInitialList();
        }
        return listResourceVersion;
    }

    private WatchEnd watchOnce() throws InterruptedException {
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(WATCH_BUFFER);
        AtomicBoolean done = new AtomicBoolean();
        Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                handOver(events, done, new Event(action, resource));
            }

            @Override
            public void onClose(WatcherException cause) {
                handOver(events, done, new Closed(Optional.of(cause)));
            }

            @Override
            public void onClose() {
                handOver(events, done, new Closed(Optional.empty()));
            }
        };
        ListOptions options = new ListOptionsBuilder()
                .withResourceVersion(lastResourceVersion)
                .withAllowWatchBookmarks(true)
                .build();
        Watch watch = operation().watch(options, watcher);
        currentWatch = watch;
        long started = System.nanoTime();
        boolean progressed = false;
        try {
            if (!running) {
                return new WatchEnd(false, true);
            }
            state.syncing();
            state.watching(true);
            while (running) {
                Object signal = events.take();
                if (signal instanceof Closed) {
                    Optional<WatcherException> cause = ((Closed) signal).cause();
                    boolean gone = cause.isPresent() && cause.get().isHttpGone();
                    if (cause.isPresent() && !gone) {
                        LOG.debug("watch of {} ended: {}", what(), cause.get().getMessage());
                    }
                    boolean healthy = progressed
                            || Duration.ofNanos(System.nanoTime() - started).compareTo(HEALTHY_WATCH) >= 0;
                    return new WatchEnd(gone, healthy);
                }
                handle((Event) signal);
                progressed = true;
            }
            return new WatchEnd(false, true);
        } finally {
            state.watching(false);
            done.set(true);
            currentWatch = null;
            watch.close();
        }
    }

    private void handle(Event event) throws InterruptedException {
        GenericKubernetesResource object = event.object();
        if (object == null || object.getMetadata() == null) {
            return;
        }
        ObjectMeta meta = object.getMetadata();
        String rv = ObjectEncoder.nullToEmpty(meta.getResourceVersion());
        switch (event.action()) {
            case ADDED:
            case MODIFIED:
                advance(rv);
                if (!wanted(object)) {
                    // An event whose object is gone needs no delete: ingest deletes events with their object.
                    index.remove(key(meta));
                } else {
                    boolean known = index.contains(key(meta));
                    if (index.put(key(meta), rv)) {
                        sendUpsert(object, Optional.empty());
                        state.upserted(known);
                    }
                }
                break;
            case DELETED:
                advance(rv);
                // Of events, only those sent: the others were never stored.
                if (index.remove(key(meta)) || framed()) {
                    emit(new Delete(type.gvr(),
                            type.namespaced() ? ObjectEncoder.nullToEmpty(meta.getNamespace()) : "",
                            meta.getName(), ObjectEncoder.nullToEmpty(meta.getUid()), rv));
                    state.deleted(1);
                    involved.ifPresent(InvolvedObjects::sent);
                }
                break;
            case BOOKMARK:
                advance(rv);
                break;
            default:
                // ERROR events are turned into onClose by fabric8.
                break;
        }
    }

    private void sendUpsert(GenericKubernetesResource object, Optional<String> relistId)
            throws InterruptedException {
        Upsert upsert = encoder.upsert(type, object, relistId);
        if (upsert.truncated().isPresent()) {
            state.truncatedObject();
            LOG.warn("{} {} is {} bytes, too large for one message even compressed: sending it truncated", type,
                    upsert.key(), upsert.truncated().get().bytes());
        }
        emit(upsert);
        involved.ifPresent(InvolvedObjects::sent);
    }

    /** Every object of a type; of events, those about an object the involved type has synced (counted if not). */
    private boolean wanted(GenericKubernetesResource object) {
        if (involved.isEmpty()) {
            return true;
        }
        return switch (involved.get().check(object)) {
            case SYNCED -> true;
            case NOT_SYNCED -> {
                involved.get().skipped();
                yield false;
            }
            case OTHER_KIND -> false;
        };
    }

    private boolean framed() {
        return involved.isEmpty();
    }

    /** What this synchro syncs, for logs: the type, or the events of the involved type. */
    private String what() {
        return involved.map(i -> "events of " + i.type()).orElse(type.toString());
    }

    /** Hands a delta to the sink unless stopped: after {@link #stop()} nothing of this synchro may follow. */
    private void emit(Delta delta) throws InterruptedException {
        if (!running) {
            throw new InterruptedException("stopped");
        }
        sink.send(delta);
    }

    /**
     * Tells ingest to delete everything it stored of this type, in the wire format's own terms: a relist (reason
     * {@code Removed}) whose key set is empty. Ingest's sweep deletes every stored object of the type that the list
     * does not hold and whose resourceVersion is not newer than the list's, so the list's resourceVersion is the
     * newest one known: the highest this synchro saw, or the type's current one if the cluster still answers a list
     * (which also covers objects an earlier agent stored). A late upsert of the type is then older than the list and
     * deleted again by ingest's watermark check.
     *
     * <p>Only after {@link #stop()} and the end of {@link #run()}: no delta of this synchro may come after.
     *
     * @return the resourceVersion of the removal relist, empty if none is known (nothing was sent then)
     */
    public Optional<String> sendRemoval() throws InterruptedException {
        if (running) {
            throw new IllegalStateException("sendRemoval before stop");
        }
        if (involved.isPresent()) {
            throw new IllegalStateException("events are deleted by ingest with their objects, not removed");
        }
        long highest = highestVersion;
        String listed = currentResourceVersion();
        long current = KeyVersionIndex.numeric(listed);
        String rv;
        if (highest >= 0 || current >= 0) {
            rv = Long.toString(Math.max(highest, current));
        } else if (!listed.isEmpty() || !lastResourceVersion.isEmpty()) {
            // Opaque resourceVersions cannot be ordered (ingest's sweep skips them), but say what is known.
            rv = listed.isEmpty() ? lastResourceVersion : listed;
        } else {
            LOG.warn("{} removed, but no resourceVersion of it is known: ingest keeps what it stored of it", type);
            return Optional.empty();
        }
        String relistId = relistIds.next(type.gvr());
        sink.send(new RelistBegin(type.gvr(), relistId, RelistReason.Removed));
        sink.send(new RelistEnd(type.gvr(), relistId, rv, 0, 0, 1, Gzip.compress(new byte[0])));
        LOG.info("{} removed: sent an empty relist {} at resourceVersion {} ({} keys forgotten)", type, relistId, rv,
                index.size());
        return Optional.of(rv);
    }

    /** The type's resourceVersion now (a one-item list), or empty if the cluster does not answer. */
    private String currentResourceVersion() {
        try {
            GenericKubernetesResourceList page = operation().list(new ListOptionsBuilder().withLimit(1L).build());
            return page.getMetadata() == null ? "" : ObjectEncoder.nullToEmpty(page.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            // e.g. the type's CRD was deleted, or RBAC no longer allows it: the highest one seen must do.
            LOG.info("cannot read the current resourceVersion of {}: {}", type, summary(e));
            return "";
        }
    }

    /**
     * Remembers where to resume. Never goes backwards when both are numbers: some servers (fabric8's mock) send a
     * DELETED event with the object's older resourceVersion.
     */
    private void advance(String rv) {
        if (rv.isEmpty()) {
            return;
        }
        long next = KeyVersionIndex.numeric(rv);
        long last = KeyVersionIndex.numeric(lastResourceVersion);
        if (next >= 0 && last >= 0 && next < last) {
            return;
        }
        lastResourceVersion = rv;
        seen(rv);
    }

    private void seen(String rv) {
        long n = KeyVersionIndex.numeric(rv);
        if (n > highestVersion) {
            highestVersion = n; // one writer (this synchro's thread), so no lost update
        }
    }

    private String key(ObjectMeta meta) {
        String name = meta.getName();
        return type.namespaced() ? ObjectEncoder.nullToEmpty(meta.getNamespace()) + "/" + name : name;
    }

    private FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> operation() {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                op = client.genericKubernetesResources(type.context());
        FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>> scoped = type.namespaced() ? op.inAnyNamespace() : op;
        // Events of the involved kind only, filtered by the API server (and again by InvolvedObjects).
        return involved.isPresent() ? scoped.withField("involvedObject.kind", involved.get().type().kind()) : scoped;
    }

    private void pause(Duration delay) throws InterruptedException {
        if (running) {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        }
    }

    private static void handOver(BlockingQueue<Object> queue, AtomicBoolean done, Object signal) {
        try {
            // Blocks fabric8's delivery thread while the synchro is busy: back-pressure on the watch.
            while (!done.get()) {
                if (queue.offer(signal, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String summary(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof KubernetesClientException && ((KubernetesClientException) e).getCode() > 0) {
            message = "HTTP " + ((KubernetesClientException) e).getCode() + ": " + message;
        }
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    private record Event(Watcher.Action action, GenericKubernetesResource object) {
    }

    private record Closed(Optional<WatcherException> cause) {
    }

    private record WatchEnd(boolean gone, boolean healthy) {
    }
}
