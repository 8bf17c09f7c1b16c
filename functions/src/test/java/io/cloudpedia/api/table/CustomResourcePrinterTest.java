package io.cloudpedia.api.table;

import static io.cloudpedia.api.table.Fixtures.cells;
import static io.cloudpedia.api.table.Fixtures.columns;
import static io.cloudpedia.api.table.Fixtures.json;
import static io.cloudpedia.api.table.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import org.junit.jupiter.api.Test;

class CustomResourcePrinterTest {
  private static final JsonNode CRD = Fixtures.load("crd-widgets.json");

  private static ResourceType widgets(String version) {
    return ResourceType.of("example.com", version, "widgets", "Widget");
  }

  private static TableOptions withCrd() {
    return TableOptions.DEFAULT.withCustomResourceDefinition(CRD);
  }

  @Test
  void additionalPrinterColumnsOfTheVersionFollowNameWithTheirTypesAndPriorities() {
    JsonNode t = table(widgets("v1"), withCrd(), "widget.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Size integer 0", "Phase string 0", "First Port integer 1",
            "Owner string 0", "Age date 0");
    // A missing value is a null cell; a date column prints as an age, as the apiserver does for CRDs.
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "blue", 3, null, 8080, "team-a", "60m"));
  }

  @Test
  void versionWithoutColumnsGetsNameAndAge() {
    JsonNode t = table(widgets("v1alpha1"), withCrd(), "widget.json");
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Age date 0");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "blue", "60m"));
  }

  @Test
  void withoutACrdOrForAVersionItDoesNotServeTheDefaultTableIsUsed() {
    assertThat(columns(table(widgets("v1"), "widget.json"))).containsExactly("Cluster string 0", "Name string 0", "Created At date 0");
    assertThat(columns(table(widgets("v2"), withCrd(), "widget.json")))
        .containsExactly("Cluster string 0", "Name string 0", "Created At date 0");
    assertThat(cells(table(widgets("v1"), "widget.json"), 0)).isEqualTo(json("eu-1", "blue", "2024-06-01T11:00:00Z"));
  }

  @Test
  void valueOfTheWrongTypeIsNullAndStringColumnsPrintAnyValueAsText() throws Exception {
    JsonNode crd =
        Json.mapper()
            .readTree(
                "{\"spec\":{\"versions\":[{\"name\":\"v1\",\"additionalPrinterColumns\":["
                    + "{\"name\":\"Size\",\"type\":\"integer\",\"jsonPath\":\".spec.ports[0]\"},"
                    + "{\"name\":\"Ports\",\"type\":\"string\",\"jsonPath\":\".spec.ports[1].port\"},"
                    + "{\"name\":\"Bad\",\"type\":\"string\",\"jsonPath\":\".spec.ports[*].port\"}]}]}}");
    var printer = CustomResourcePrinter.fromDefinition(crd, "v1").orElseThrow();
    assertThat(printer.cells(Fixtures.load("widget.json"), Fixtures.NOW)).containsExactly("blue", null, "9090", null);
  }

  @Test
  void jsonPathSubsetAcceptsFieldsIndexesQuotedKeysAndBraces() {
    JsonNode widget = Fixtures.load("widget.json");
    assertThat(JsonPathSubset.parse("{.spec.ports[1].port}").orElseThrow().read(widget).asInt()).isEqualTo(9090);
    assertThat(JsonPathSubset.parse(".metadata.labels['example.com/owner']").orElseThrow().read(widget).asText()).isEqualTo("team-a");
    assertThat(JsonPathSubset.parse(".spec.missing.deeper").orElseThrow().read(widget).isMissingNode()).isTrue();
    assertThat(JsonPathSubset.parse(".spec.ports[?(@.port==80)]")).isEmpty();
    assertThat(JsonPathSubset.parse(".spec.ports[*]")).isEmpty();
    assertThat(JsonPathSubset.parse("spec.size")).isEmpty();
  }
}
