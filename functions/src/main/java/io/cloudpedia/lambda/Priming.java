package io.cloudpedia.lambda;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a function up before Lambda SnapStart takes its snapshot (a CRaC {@link Resource}): {@code beforeCheckpoint}
 * runs the function's priming action, which exercises its code on in-memory data (and may make one harmless call to
 * AWS), so that the classes of a real request are loaded and initialised in the snapshot rather than on the first
 * request after each restore. {@code afterRestore} marks the next invocation as a cold start ({@link ColdStart}).
 *
 * <p>Without SnapStart (plain cold starts, tests, local mode) no checkpoint happens and the action never runs:
 * org.crac then registers into a no-op context. A failing action is logged and ignored: a snapshot without priming is
 * only slower to restore, never wrong.
 */
public final class Priming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
  /** CRaC's global context holds its resources weakly: these strong references keep them registered. */
  private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

  private final String name;
  private final Runnable action;

  private Priming(String name, Runnable action) {
    this.name = Objects.requireNonNull(name, "name");
    this.action = Objects.requireNonNull(action, "action");
  }

  /** Runs {@code action} before a SnapStart snapshot of this JVM. Call from the handler's no-arg constructor. */
  public static void register(String name, Runnable action) {
    Priming priming = new Priming(name, action);
    REGISTERED.add(priming);
    Core.getGlobalContext().register(priming);
  }

  /** Runs the action now, as before a checkpoint: true if it completed. */
  public boolean prime() {
    long started = System.nanoTime();
    try {
      action.run();
      LOG.info("primed {} in {} ms", name, (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("priming {} failed, the snapshot is taken unprimed: {}", name, e.toString());
      return false;
    }
  }

  /** The registered primings, for tests. */
  static List<Priming> registered() {
    return List.copyOf(REGISTERED);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    ColdStart.reset();
  }
}
