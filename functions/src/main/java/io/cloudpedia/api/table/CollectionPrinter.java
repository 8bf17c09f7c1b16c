package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of a collection resource, whose items are of mixed kinds (Clusterpedia's collection table): Group, Version,
 * Kind, Namespace, Name, Age after the Cluster column, read from each object's own {@code apiVersion} and {@code kind}.
 */
public final class CollectionPrinter implements Printer {
  public static final CollectionPrinter INSTANCE = new CollectionPrinter();

  private static final List<Column> COLUMNS = List.of(
      Column.string("Group", "The API group of the object; empty for the core group."),
      Column.string("Version", "The API version of the object."),
      Column.string("Kind", "The kind of the object."),
      Column.string("Namespace", "The namespace of the object; empty for cluster-scoped objects."),
      Column.nameColumn(),
      Column.ageColumn());

  private CollectionPrinter() {}

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode object, Instant now) {
    String apiVersion = Obj.str(object, "apiVersion");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return Arrays.asList(group, version, Obj.str(object, "kind"), Obj.str(object, "metadata", "namespace"),
        Obj.name(object), Obj.age(object, now));
  }
}
