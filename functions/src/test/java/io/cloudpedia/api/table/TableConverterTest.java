package io.cloudpedia.api.table;

import static io.cloudpedia.api.table.Fixtures.columns;
import static io.cloudpedia.api.table.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableConverterTest {
  private static final ResourceType PODS = Fixtures.core("pods", "Pod");
  private static final ResourceType LIMITRANGES = Fixtures.core("limitranges", "LimitRange");

  @Test
  void tableHasKindApiVersionAndKeepsListMetadata() throws Exception {
    JsonNode t =
        table(PODS, TableOptions.DEFAULT.withList(ListInfo.of("48213", "eyJvZmZzZXQiOjF9", 7L)), "pod-running-2of3.json");
    assertThat(t.get("kind").asText()).isEqualTo("Table");
    assertThat(t.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(t.get("metadata").toString())
        .isEqualTo("{\"resourceVersion\":\"48213\",\"continue\":\"eyJvZmZzZXQiOjF9\",\"remainingItemCount\":7}");
  }

  @Test
  void lastPageHasNeitherContinueNorRemainingItemCount() {
    JsonNode t = table(PODS, "pod-running-2of3.json");
    assertThat(t.get("metadata").toString()).isEqualTo("{\"resourceVersion\":\"\"}");
  }

  @Test
  void clusterIsTheFirstColumnAndCell() {
    JsonNode t = table(PODS, "pod-running-2of3.json");
    JsonNode first = t.get("columnDefinitions").get(0);
    assertThat(first.get("name").asText()).isEqualTo("Cluster");
    assertThat(first.get("type").asText()).isEqualTo("string");
    assertThat(first.get("priority").asInt()).isZero();
    assertThat(t.get("rows").get(0).get("cells").get(0).asText()).isEqualTo("eu-1");
    JsonNode name = t.get("columnDefinitions").get(1);
    assertThat(name.get("name").asText()).isEqualTo("Name");
    assertThat(name.get("format").asText()).isEqualTo("name");
    assertThat(name.get("description").asText()).isNotEmpty();
  }

  @Test
  void rowObjectIsPartialObjectMetadataByDefault() {
    JsonNode object = table(PODS, "pod-running-2of3.json").get("rows").get(0).get("object");
    assertThat(object.get("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(object.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(object.get("metadata")).isEqualTo(Fixtures.load("pod-running-2of3.json").get("metadata"));
    assertThat(object.has("spec")).isFalse();
  }

  @Test
  void includeObjectObjectCarriesTheWholeObjectAndNoneCarriesNothing() {
    JsonNode whole =
        table(PODS, TableOptions.DEFAULT.withIncludeObject(IncludeObject.OBJECT), "pod-running-2of3.json")
            .get("rows").get(0).get("object");
    assertThat(whole).isEqualTo(Fixtures.load("pod-running-2of3.json"));
    JsonNode none =
        table(PODS, TableOptions.DEFAULT.withIncludeObject(IncludeObject.NONE), "pod-running-2of3.json").get("rows").get(0);
    assertThat(none.has("object")).isFalse();
  }

  @Test
  void includeObjectParsesKubernetesSpellings() {
    assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
    assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
    assertThat(IncludeObject.parse("")).isEqualTo(IncludeObject.METADATA);
    assertThatThrownBy(() -> IncludeObject.parse("Everything")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeWithoutPrinterGetsNameAndCreatedAtInRfc3339Utc() {
    JsonNode lr =
        Json.mapper()
            .createObjectNode()
            .set("metadata", Json.mapper().createObjectNode().put("name", "defaults").put("creationTimestamp", "2024-05-31T14:00:00+02:00"));
    JsonNode t = TableConverter.toTable(LIMITRANGES, List.of(new ClusterObject("us-2", lr)), TableOptions.DEFAULT, Fixtures.NOW);
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Created At date 0");
    assertThat(t.get("rows").get(0).get("cells").toString()).isEqualTo("[\"us-2\",\"defaults\",\"2024-05-31T12:00:00Z\"]");
  }

  @Test
  void emptyListHasColumnsAndNoRows() {
    JsonNode t = TableConverter.toTable(PODS, List.of(), TableOptions.DEFAULT, Fixtures.NOW);
    assertThat(t.get("rows").size()).isZero();
    assertThat(t.get("columnDefinitions").size()).isEqualTo(10);
  }

  @Test
  void bytesAreTheSameTable() throws Exception {
    List<ClusterObject> rows = List.of(new ClusterObject("eu-1", Fixtures.load("namespace.json")));
    ResourceType ns = Fixtures.core("namespaces", "Namespace");
    byte[] bytes = TableConverter.toTableBytes(ns, rows, TableOptions.DEFAULT, Fixtures.NOW);
    assertThat(Json.mapper().readTree(bytes)).isEqualTo(TableConverter.toTable(ns, rows, TableOptions.DEFAULT, Fixtures.NOW));
  }
}
