package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Loads fixture objects from src/test/resources/table and renders them, all at one fixed "now". */
final class Fixtures {
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final String CLUSTER = "eu-1";

  private Fixtures() {}

  static JsonNode load(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/table/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode table(ResourceType type, TableOptions options, String... files) {
    List<ClusterObject> rows = new ArrayList<>();
    for (String f : files) {
      rows.add(new ClusterObject(CLUSTER, load(f)));
    }
    return TableConverter.toTable(type, rows, options, NOW);
  }

  static ObjectNode table(ResourceType type, String... files) {
    return table(type, TableOptions.DEFAULT, files);
  }

  /** "Name type priority" per column, e.g. "IP string 1", so a test pins names, types and priorities at once. */
  static List<String> columns(JsonNode table) {
    List<String> out = new ArrayList<>();
    table.get("columnDefinitions").forEach(c -> out.add(c.get("name").asText() + " " + c.get("type").asText() + " " + c.get("priority").asInt()));
    return out;
  }

  /** The cells of one row, as compact JSON, so numbers, strings and nulls are told apart. */
  static String cells(JsonNode table, int row) {
    return table.get("rows").get(row).get("cells").toString();
  }

  /** The JSON the cells should be; Longs and Strings and nulls as given. */
  static String json(Object... cells) {
    try {
      return Json.mapper().writeValueAsString(Arrays.asList(cells));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResourceType core(String resource, String kind) {
    return ResourceType.of("", "v1", resource, kind);
  }
}
