package io.cloudpedia.agent.send;

import io.cloudpedia.agent.wire.Delta;
import java.time.Duration;

/**
 * Where synchros hand their deltas: the seam between synchronisation and transport. Implementations never drop a
 * delta and apply back-pressure: {@link #send} blocks while their buffer is full.
 */
public interface DeltaSink extends AutoCloseable {

    /** Hands one delta over, blocking while the sink's buffer is full. */
    void send(Delta delta) throws InterruptedException;

    /**
     * Waits until every delta handed over before this call has been delivered.
     *
     * @return false if the timeout passed first
     */
    boolean flush(Duration timeout) throws InterruptedException;

    /** Waits, however long it takes, until every delta handed over before this call has been delivered. */
    default void flush() throws InterruptedException {
        while (!flush(Duration.ofMinutes(1))) {
            // keep waiting: delivery is retried until it succeeds
        }
    }

    /** Delivery counters so far. */
    default SinkStats stats() {
        return SinkStats.NONE;
    }

    /** Delivers what is buffered (within the implementation's shutdown deadline) and releases resources. */
    @Override
    void close();
}
