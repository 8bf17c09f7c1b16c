package io.cloudpedia.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.json.Json;
import org.junit.jupiter.api.Test;

class SelectorsTest {

  private static String format(String selectorJson) throws Exception {
    return Selectors.format(Json.mapper().readTree(selectorJson));
  }

  @Test
  void requirementsAreSortedByKeyWithSortedValues() throws Exception {
    assertThat(
            format(
                "{\"matchLabels\":{\"tier\":\"web\",\"app\":\"shop\"},\"matchExpressions\":["
                    + "{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"prod\",\"dev\"]},"
                    + "{\"key\":\"canary\",\"operator\":\"DoesNotExist\"},"
                    + "{\"key\":\"zone\",\"operator\":\"Exists\"}]}"))
        .isEqualTo("app=shop,!canary,env notin (dev,prod),tier=web,zone");
  }

  @Test
  void emptyOrAbsentSelectorIsEmptyOrNone() throws Exception {
    assertThat(format("{}")).isEmpty();
    assertThat(Selectors.formatOrNone(Json.mapper().missingNode())).isEqualTo("<none>");
  }
}
