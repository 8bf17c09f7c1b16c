package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A custom resource printed with its CRD's additionalPrinterColumns, as apiextensions-apiserver does: Name, then the
 * CRD's columns, or Age alone when the CRD declares none. Columns with an unsupported JSONPath print as null.
 */
public final class CustomResourcePrinter implements Printer {
  private final List<Column> columns;
  private final List<Optional<JsonPathSubset>> paths;

  private CustomResourcePrinter(List<Column> columns, List<Optional<JsonPathSubset>> paths) {
    this.columns = columns;
    this.paths = paths;
  }

  /**
   * The printer for one served version of a CRD (apiextensions.k8s.io/v1, or v1beta1's top-level columns). Empty
   * when the CRD does not serve that version.
   */
  public static Optional<CustomResourcePrinter> fromDefinition(JsonNode crd, String version) {
    JsonNode columnsNode = null;
    for (JsonNode v : Obj.list(crd, "spec", "versions")) {
      if (version.equals(Obj.str(v, "name"))) {
        columnsNode = Obj.at(v, "additionalPrinterColumns");
      }
    }
    if (columnsNode == null) {
      if (!Obj.list(crd, "spec", "versions").isEmpty() || !version.equals(Obj.str(crd, "spec", "version"))) {
        return Optional.empty();
      }
    }
    if (columnsNode == null || !columnsNode.isArray() || columnsNode.isEmpty()) {
      // v1beta1 put the columns at the top of the spec.
      JsonNode legacy = Obj.at(crd, "spec", "additionalPrinterColumns");
      if (legacy.isArray() && !legacy.isEmpty()) {
        columnsNode = legacy;
      }
    }
    List<Column> columns = new ArrayList<>();
    List<Optional<JsonPathSubset>> paths = new ArrayList<>();
    columns.add(Column.nameColumn());
    if (columnsNode == null || !columnsNode.isArray() || columnsNode.isEmpty()) {
      columns.add(new Column("Age", "date", "", Docs.CREATION_TIMESTAMP, 0));
      paths.add(JsonPathSubset.parse(".metadata.creationTimestamp"));
    } else {
      for (JsonNode c : columnsNode) {
        String path = Obj.str(c, "jsonPath").isEmpty() ? Obj.str(c, "JSONPath") : Obj.str(c, "jsonPath");
        columns.add(
            new Column(
                Obj.str(c, "name"),
                Obj.str(c, "type"),
                Obj.str(c, "format"),
                Obj.str(c, "description"),
                (int) Obj.num(c, "priority")));
        paths.add(JsonPathSubset.parse(path));
      }
    }
    return Optional.of(new CustomResourcePrinter(List.copyOf(columns), List.copyOf(paths)));
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public List<Object> cells(JsonNode object, Instant now) {
    List<Object> cells = new ArrayList<>();
    cells.add(Obj.name(object));
    for (int i = 0; i < paths.size(); i++) {
      Optional<JsonPathSubset> path = paths.get(i);
      JsonNode value = path.isPresent() ? path.get().read(object) : null;
      cells.add(value == null || value.isMissingNode() || value.isNull() ? null : cell(columns.get(i + 1).type(), value, now));
    }
    return cells;
  }

  /** cellForJSONValue: the value as the column's type, null when it does not fit; dates become ages. */
  private static Object cell(String type, JsonNode value, Instant now) {
    switch (type) {
      case "integer":
        return value.isNumber() ? value.asLong() : null;
      case "number":
        return value.isNumber() ? value.asDouble() : null;
      case "boolean":
        return value.isBoolean() ? value.asBoolean() : null;
      case "date":
        if (!value.isTextual()) {
          return null;
        }
        try {
          return HumanDuration.since(Optional.of(OffsetDateTime.parse(value.asText()).toInstant()), now);
        } catch (DateTimeParseException e) {
          return "<invalid>";
        }
      case "string":
        // The string column prints whatever is there as text, like the JSONPath printer.
        return value.isValueNode() ? value.asText() : value.toString();
      default:
        return null;
    }
  }
}
