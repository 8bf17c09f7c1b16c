package io.cloudpedia.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SnapStart priming: registered actions run before a checkpoint, failures never break one, restores are cold. */
class PrimingTest {

  @Test
  void aRegisteredActionRunsBeforeACheckpointAndARestoreIsAColdStart() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Priming.register("test-" + System.nanoTime(), runs::incrementAndGet);
    Priming priming = Priming.registered().get(Priming.registered().size() - 1);

    priming.beforeCheckpoint(null);
    assertThat(runs).hasValue(1);

    ColdStart.take();
    assertThat(ColdStart.take()).isFalse();
    priming.afterRestore(null);
    assertThat(ColdStart.take()).as("first invocation after a restore").isTrue();
    assertThat(ColdStart.take()).isFalse();
  }

  @Test
  void aFailingActionIsReportedNotThrown() {
    Priming.register("failing-" + System.nanoTime(), () -> {
      throw new IllegalStateException("no network");
    });
    Priming priming = Priming.registered().get(Priming.registered().size() - 1);

    assertThat(priming.prime()).isFalse();
  }
}
