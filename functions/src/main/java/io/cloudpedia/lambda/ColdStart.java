package io.cloudpedia.lambda;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether an invocation is the first its execution environment serves: the {@code ColdStart} metric of each function.
 * One flag per JVM, which in Lambda is one function. With SnapStart, the first invocation after a snapshot is restored
 * counts as a cold start too ({@link Priming} raises the flag again after a restore), whatever priming ran before the
 * snapshot.
 */
public final class ColdStart {
  private static final AtomicBoolean COLD = new AtomicBoolean(true);

  private ColdStart() {}

  /** True once: for the first caller after the JVM started or was restored from a snapshot. */
  public static boolean take() {
    return COLD.getAndSet(false);
  }

  /** The next {@link #take()} answers true again: after a SnapStart restore, and in tests. */
  public static void reset() {
    COLD.set(true);
  }
}
