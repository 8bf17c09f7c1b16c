package io.cloudpedia.agent.send;

import io.cloudpedia.agent.config.QueueConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PackingDeltaSink} packs and delivers.
 *
 * @param maxMessageBytes hard cap of one message
 * @param linger          how long a partly filled message waits for more deltas
 * @param bufferBytes     encoded deltas buffered before {@code send} blocks (back-pressure)
 * @param initialBackoff  first retry delay; doubles up to {@code maxBackoff}, with jitter
 * @param closeTimeout    how long {@code close} keeps delivering what is buffered
 */
public record SendOptions(int maxMessageBytes, Duration linger, long bufferBytes, Duration initialBackoff,
                          Duration maxBackoff, Duration closeTimeout, Clock clock) {

    public static final Duration DEFAULT_LINGER = Duration.ofMillis(100);
    public static final long DEFAULT_BUFFER_BYTES = 16L * 1024 * 1024;

    public SendOptions {
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(clock, "clock");
        if (maxMessageBytes < 1024 || maxMessageBytes > EnvelopeTransport.MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be within 1024.."
                    + EnvelopeTransport.MAX_BATCH_BYTES);
        }
        if (bufferBytes < maxMessageBytes) {
            throw new IllegalArgumentException("bufferBytes must be at least maxMessageBytes");
        }
    }

    public static SendOptions defaults(int maxMessageBytes) {
        return new SendOptions(maxMessageBytes, DEFAULT_LINGER, Math.max(DEFAULT_BUFFER_BYTES, maxMessageBytes),
                Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(20), Clock.systemUTC());
    }

    public static SendOptions from(QueueConfig queue) {
        return defaults(queue.maxMessageBytes());
    }

    public SendOptions withLinger(Duration newLinger) {
        return new SendOptions(maxMessageBytes, newLinger, bufferBytes, initialBackoff, maxBackoff, closeTimeout,
                clock);
    }

    public SendOptions withBufferBytes(long bytes) {
        return new SendOptions(maxMessageBytes, linger, bytes, initialBackoff, maxBackoff, closeTimeout, clock);
    }

    public SendOptions withBackoff(Duration initial, Duration max) {
        return new SendOptions(maxMessageBytes, linger, bufferBytes, initial, max, closeTimeout, clock);
    }

    public SendOptions withCloseTimeout(Duration timeout) {
        return new SendOptions(maxMessageBytes, linger, bufferBytes, initialBackoff, maxBackoff, timeout, clock);
    }

    public SendOptions withClock(Clock newClock) {
        return new SendOptions(maxMessageBytes, linger, bufferBytes, initialBackoff, maxBackoff, closeTimeout,
                newClock);
    }
}
