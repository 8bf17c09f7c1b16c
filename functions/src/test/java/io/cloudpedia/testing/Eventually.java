package io.cloudpedia.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting on a condition with a deadline, never on the clock alone: checks every {@link #INTERVAL} until the condition
 * holds or the deadline passes, then fails saying what was awaited.
 */
public final class Eventually {
  public static final Duration INTERVAL = Duration.ofMillis(25);

  private Eventually() {}

  /** Waits until {@code condition} is true; throws {@link AssertionError} naming {@code what} after {@code timeout}. */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, () -> what, condition);
  }

  public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("not true within " + timeout + ": " + what.get());
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }

  /**
   * Runs {@code assertion} until it passes; after {@code timeout}, rethrows its last failure. For reads that may lag a
   * write (a DynamoDB secondary index).
   */
  public static void assertThat(Duration timeout, Runnable assertion) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
