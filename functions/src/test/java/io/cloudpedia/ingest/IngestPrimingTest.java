package io.cloudpedia.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;

/** The SnapStart priming message is a valid message that exercises every kind of write ingest does. */
class IngestPrimingTest {

  @Test
  void thePrimingMessageAppliesAStatusAnUpsertAnEventAndADelete() {
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    IngestReport report = IngestPriming.apply(
        new IngestService(new InMemoryResourceStore(), syncState, new InMemoryEventStore(), IngestMetrics.none()));

    assertThat(report.statusesKept()).isEqualTo(1);
    assertThat(report.upsertsApplied()).isEqualTo(2);
    assertThat(report.eventsStored()).isEqualTo(1);
    assertThat(report.deletesApplied()).isEqualTo(1);
    assertThat(syncState.clusters()).containsExactly(IngestPriming.CLUSTER);
  }
}
