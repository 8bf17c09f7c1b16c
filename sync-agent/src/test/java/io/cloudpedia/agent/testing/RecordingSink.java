package io.cloudpedia.agent.testing;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.Upsert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link DeltaSink} that keeps every delta in memory; "delivered" as soon as it is handed over. */
public final class RecordingSink implements DeltaSink {

    private final List<Delta> deltas = new ArrayList<>();

    @Override
    public synchronized void send(Delta delta) {
        deltas.add(delta);
        notifyAll();
    }

    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public void close() {
    }

    public synchronized List<Delta> all() {
        return List.copyOf(deltas);
    }

    public <T extends Delta> List<T> of(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (Delta d : all()) {
            if (type.isInstance(d)) {
                result.add(type.cast(d));
            }
        }
        return result;
    }

    public List<Upsert> upserts() {
        return of(Upsert.class);
    }

    public List<Delete> deletes() {
        return of(Delete.class);
    }

    public List<RelistBegin> relistBegins() {
        return of(RelistBegin.class);
    }

    public List<RelistEnd> relistEnds() {
        return of(RelistEnd.class);
    }

    /** Waits, up to the timeout, until some delta matches; fails the test otherwise. */
    public <T extends Delta> T await(Class<T> type, Predicate<T> matching, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (Delta d : deltas) {
                    if (type.isInstance(d) && matching.test(type.cast(d))) {
                        return type.cast(d);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " matching within " + timeout
                            + "; got " + deltas);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits, up to the timeout, until at least {@code n} deltas of the type match. */
    public <T extends Delta> List<T> awaitCount(Class<T> type, Predicate<T> matching, int n, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<T> found = new ArrayList<>();
                for (Delta d : deltas) {
                    if (type.isInstance(d) && matching.test(type.cast(d))) {
                        found.add(type.cast(d));
                    }
                }
                if (found.size() >= n) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + found.size() + " of " + n + " " + type.getSimpleName()
                            + " within " + timeout);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
