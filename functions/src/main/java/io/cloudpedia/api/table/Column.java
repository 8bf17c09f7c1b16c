package io.cloudpedia.api.table;

import java.util.Objects;

/**
 * A {@code TableColumnDefinition}. {@code type} is an OpenAPI type (string, integer, number, boolean, date);
 * priority 0 columns are always shown, priority 1 only with {@code -o wide}.
 */
public record Column(String name, String type, String format, String description, int priority) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(description, "description");
  }

  static Column nameColumn() {
    return new Column("Name", "string", "name", Docs.NAME, 0);
  }

  static Column ageColumn() {
    return new Column("Age", "string", "", Docs.CREATION_TIMESTAMP, 0);
  }

  static Column string(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }

  static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }

  static Column cluster() {
    return new Column("Cluster", "string", "", "The name of the cluster the object was read from.", 0);
  }
}
