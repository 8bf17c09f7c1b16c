package io.cloudpedia.agent.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter ("equal jitter": half fixed, half random), so that many agents or types that failed
 * together do not retry together. Not thread-safe: one per retry loop.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private int attempt;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before the next attempt; each call doubles the ceiling up to the maximum. */
    public Duration next() {
        long ceiling = initialMillis << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
