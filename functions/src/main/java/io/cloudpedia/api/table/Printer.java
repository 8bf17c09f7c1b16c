package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Prints one kind of object as table cells, like a Kubernetes server-side print handler. Cells are String, Long,
 * Boolean, Double or null, one per column, in column order.
 */
public interface Printer {
  List<Column> columns();

  List<Object> cells(JsonNode object, Instant now);

  /** Row conditions ({@code TableRowCondition}); only pods have them. */
  default List<RowCondition> conditions(JsonNode object) {
    return List.of();
  }

  /** A printer from its columns and a cell function. */
  static Printer of(List<Column> columns, CellFunction cells) {
    return new Printer() {
      @Override
      public List<Column> columns() {
        return columns;
      }

      @Override
      public List<Object> cells(JsonNode object, Instant now) {
        return cells.cells(object, now);
      }
    };
  }

  @FunctionalInterface
  interface CellFunction {
    List<Object> cells(JsonNode object, Instant now);
  }

  /** A {@code TableRowCondition}, e.g. Completed=True for a pod that has finished. */
  record RowCondition(String type, String status, String reason, String message) {}
}
