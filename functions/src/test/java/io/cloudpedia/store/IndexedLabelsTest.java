package io.cloudpedia.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexedLabelsTest {

  @Test
  void defaultIndexesTheCommonWorkloadLabelsInSlotOrder() {
    assertThat(IndexedLabels.DEFAULT.keys())
        .containsExactly("app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "k8s-app");
    assertThat(IndexedLabels.DEFAULT.slotOf("k8s-app")).isEqualTo(3);
    assertThat(IndexedLabels.DEFAULT.slotOf("tier")).isEqualTo(-1);
  }

  @Test
  void moreThanFiveKeysAreRejected() {
    assertThatThrownBy(() -> IndexedLabels.of("a", "b", "c", "d", "e", "f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 5");
    assertThat(IndexedLabels.of("a", "b", "c", "d", "e").keys()).hasSize(IndexedLabels.MAX_KEYS);
    assertThat(new IndexedLabels(List.of()).keys()).as("indexing nothing is allowed").isEmpty();
  }

  @Test
  void duplicateBlankOrMalformedKeysAreRejected() {
    assertThatThrownBy(() -> IndexedLabels.of("app", "app")).hasMessageContaining("twice");
    assertThatThrownBy(() -> new IndexedLabels(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexedLabels.of("a=b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSelectionOfAnUnindexedKeyNamesTheKeyAndWhatIsIndexed() {
    assertThatThrownBy(() -> IndexedLabels.of("app").requireSlot("tier"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label 'tier' is not indexed (indexed: app)");
  }
}
