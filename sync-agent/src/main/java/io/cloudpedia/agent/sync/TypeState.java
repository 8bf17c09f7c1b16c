package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.SyncStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The observable state of one type's synchro: written by its synchro thread, read by the status reporter and
 * /metrics. Changes of status or of the initial-list phase call {@code onChange} (the status reporter sends a status
 * delta then); counters do not.
 */
public final class TypeState {

    private final ResourceType type;
    private final Runnable onChange;
    private final CountDownLatch initialListDone = new CountDownLatch(1);
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong watchRestarts = new AtomicLong();
    private final Map<RelistReason, AtomicLong> relists = new EnumMap<>(RelistReason.class);
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong eventsSkipped = new AtomicLong();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    /** The state of this type's event synchro, while it has one. */
    private volatile Optional<TypeState> events = Optional.empty();
    private volatile IntSupplier objects = () -> 0;
    private volatile boolean watching;

    private SyncStatus status = SyncStatus.Pending;
    private String reason = "WaitInit";
    private String message = "";
    private boolean initialListPhase = true;

    public TypeState(ResourceType type, Runnable onChange) {
        this.type = Objects.requireNonNull(type, "type");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        for (RelistReason r : RelistReason.values()) {
            relists.put(r, new AtomicLong());
        }
    }

    public ResourceType type() {
        return type;
    }

    public synchronized TypeSnapshot snapshot() {
        Map<RelistReason, Long> counts = new EnumMap<>(RelistReason.class);
        relists.forEach((r, n) -> counts.put(r, n.get()));
        Optional<TypeSnapshot> eventSnapshot = events.map(TypeState::snapshot);
        Map<String, Long> failureCounts = new TreeMap<>();
        failures.forEach((r, n) -> failureCounts.put(r, n.get()));
        return new TypeSnapshot(type, status, reason, withEvents(message, eventSnapshot), initialListPhase,
                objects.getAsInt(), truncated.get(), counts, watchRestarts.get(), watching,
                eventSnapshot.map(e -> new TypeSnapshot.Events(eventsSent.get(), eventsSkipped.get(), e.watching())),
                new TypeSnapshot.Changes(added.get(), updated.get(), deleted.get(), failureCounts));
    }

    /** The type's message, plus its event synchro's trouble: events failing do not make the type fail. */
    private static String withEvents(String message, Optional<TypeSnapshot> events) {
        if (events.isEmpty() || events.get().status() != SyncStatus.Error) {
            return message;
        }
        String trouble = "events: " + events.get().reason() + ": " + events.get().message();
        return message.isEmpty() ? trouble : message + "; " + trouble;
    }

    /**
     * Links (or, with empty, unlinks) the state of this type's event synchro: this type's status and /metrics then
     * report its events.
     */
    public void events(Optional<TypeState> eventState) {
        events = eventState;
        onChange.run();
    }

    public Optional<TypeState> events() {
        return events;
    }

    void eventSent() {
        eventsSent.incrementAndGet();
    }

    void eventSkipped() {
        eventsSkipped.incrementAndGet();
    }

    public boolean initialListDone() {
        return initialListDone.getCount() == 0;
    }

    public CountDownLatch initialListLatch() {
        return initialListDone;
    }

    void objectsFrom(IntSupplier count) {
        this.objects = count;
    }

    void syncing() {
        set(SyncStatus.Syncing, "", "");
    }

    /** A failed list or watch, or an unexpected error: the status says so, and it counts as a failure. */
    void error(String newReason, String newMessage) {
        failures.computeIfAbsent(newReason, r -> new AtomicLong()).incrementAndGet();
        set(SyncStatus.Error, newReason, newMessage);
    }

    /** An upsert sent: of a key the index did not know ({@code known} false), or of a new resourceVersion. */
    void upserted(boolean known) {
        (known ? updated : added).incrementAndGet();
    }

    /** Objects deleted: a delete sent, or keys a relist no longer found. */
    void deleted(long count) {
        deleted.addAndGet(count);
    }

    void stopped() {
        set(SyncStatus.Stop, "Stopped", "");
    }

    void finishInitialList() {
        boolean changed;
        synchronized (this) {
            changed = initialListPhase;
            initialListPhase = false;
        }
        initialListDone.countDown();
        if (changed) {
            onChange.run();
        }
    }

    synchronized boolean inInitialListPhase() {
        return initialListPhase;
    }

    void truncatedObject() {
        truncated.incrementAndGet();
    }

    void relisted(RelistReason why) {
        relists.get(why).incrementAndGet();
    }

    void watching(boolean open) {
        watching = open;
    }

    void watchRestarted() {
        watchRestarts.incrementAndGet();
    }

    private void set(SyncStatus newStatus, String newReason, String newMessage) {
        boolean changed;
        synchronized (this) {
            changed = status != newStatus || !reason.equals(newReason) || !message.equals(newMessage);
            status = newStatus;
            reason = newReason;
            message = newMessage;
        }
        if (changed) {
            onChange.run();
        }
    }
}
