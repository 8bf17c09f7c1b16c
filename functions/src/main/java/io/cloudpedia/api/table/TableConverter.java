package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a multi-cluster list as a {@code meta.k8s.io/v1 Table}: a Cluster column first, then the columns kubectl
 * shows for the type against a real cluster. All columns are sent (the apiserver prints wide); kubectl hides
 * priority-1 columns unless {@code -o wide}.
 */
public final class TableConverter {
  private static final ObjectMapper MAPPER = Json.mapper();

  private TableConverter() {}

  /** The printer a type gets: built-in, else the CRD's columns when a CRD is given, else Name + Created At. */
  public static Printer printerFor(ResourceType type, TableOptions options) {
    return Printers.builtIn(type)
        .or(
            () ->
                options
                    .customResourceDefinition()
                    .flatMap(crd -> CustomResourcePrinter.fromDefinition(crd, type.version()))
                    .map(p -> (Printer) p))
        .orElse(Printers.defaultPrinter());
  }

  /** The column definitions, Cluster first. */
  public static List<Column> columns(ResourceType type, TableOptions options) {
    List<Column> columns = new ArrayList<>();
    columns.add(Column.cluster());
    columns.addAll(printerFor(type, options).columns());
    return columns;
  }

  public static ObjectNode toTable(ResourceType type, List<ClusterObject> rows, TableOptions options, Instant now) {
    return toTable(printerFor(type, options), rows, options, now);
  }

  /** A table of {@code rows} with {@code printer}'s columns after the Cluster column. */
  public static ObjectNode toTable(Printer printer, List<ClusterObject> rows, TableOptions options, Instant now) {
    return render(printer, rows, true, options, now);
  }

  /** A table of objects that belong to no member cluster (Cloudpedia's own: the registry, the catalogue). */
  public static ObjectNode toTableOfOwnObjects(Printer printer, List<? extends JsonNode> objects, TableOptions options,
      Instant now) {
    List<ClusterObject> rows = new ArrayList<>(objects.size());
    for (JsonNode o : objects) {
      rows.add(new ClusterObject("", o));
    }
    return render(printer, rows, false, options, now);
  }

  private static ObjectNode render(Printer printer, List<ClusterObject> rows, boolean clusterColumn,
      TableOptions options, Instant now) {
    ObjectNode table = MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    metadata.put("resourceVersion", options.list().resourceVersion());
    options.list().continueToken().ifPresent(c -> metadata.put("continue", c));
    options.list().remainingItemCount().ifPresent(n -> metadata.put("remainingItemCount", n));

    ArrayNode columnDefinitions = table.putArray("columnDefinitions");
    List<Column> columns = new ArrayList<>();
    if (clusterColumn) {
      columns.add(Column.cluster());
    }
    columns.addAll(printer.columns());
    for (Column c : columns) {
      ObjectNode def = columnDefinitions.addObject();
      def.put("name", c.name());
      def.put("type", c.type());
      def.put("format", c.format());
      def.put("description", c.description());
      def.put("priority", c.priority());
    }

    ArrayNode rowsNode = table.putArray("rows");
    for (ClusterObject row : rows) {
      ObjectNode rowNode = rowsNode.addObject();
      ArrayNode cells = rowNode.putArray("cells");
      if (clusterColumn) {
        cells.add(row.cluster());
      }
      for (Object cell : printer.cells(row.object(), now)) {
        cells.add(cell == null ? MAPPER.nullNode() : (JsonNode) MAPPER.valueToTree(cell));
      }
      List<Printer.RowCondition> conditions = printer.conditions(row.object());
      if (!conditions.isEmpty()) {
        ArrayNode conds = rowNode.putArray("conditions");
        for (Printer.RowCondition c : conditions) {
          conds.addObject().put("type", c.type()).put("status", c.status()).put("reason", c.reason()).put("message", c.message());
        }
      }
      switch (options.includeObject()) {
        case OBJECT:
          rowNode.set("object", row.object());
          break;
        case METADATA:
          rowNode.set("object", partialObjectMetadata(row.object()));
          break;
        case NONE:
        default:
          break;
      }
    }
    return table;
  }

  public static byte[] toTableBytes(ResourceType type, List<ClusterObject> rows, TableOptions options, Instant now) {
    try {
      return MAPPER.writeValueAsBytes(toTable(type, rows, options, now));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a Table tree always serialises", e);
    }
  }

  /** The object's metadata as a meta.k8s.io/v1 PartialObjectMetadata. */
  static ObjectNode partialObjectMetadata(JsonNode object) {
    ObjectNode pom = MAPPER.createObjectNode();
    pom.put("kind", "PartialObjectMetadata");
    pom.put("apiVersion", "meta.k8s.io/v1");
    JsonNode metadata = object.path("metadata");
    pom.set("metadata", metadata.isObject() ? metadata.deepCopy() : MAPPER.createObjectNode());
    return pom;
  }
}
