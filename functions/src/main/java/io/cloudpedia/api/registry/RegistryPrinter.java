package io.cloudpedia.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.table.Column;
import io.cloudpedia.api.table.HumanDuration;
import io.cloudpedia.api.table.Printer;
import io.cloudpedia.registry.RegistryKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's tables, as Clusterpedia's printer columns show them: PediaClusters with Name, Ready, Version,
 * APIServer, Age (wide: Validated, SynchroRunning, ClusterHealthy, each a condition's reason); ClusterSyncResources
 * with Name, Resources, Age.
 */
final class RegistryPrinter implements Printer {
  private final RegistryKind kind;

  RegistryPrinter(RegistryKind kind) {
    this.kind = kind;
  }

  @Override
  public List<Column> columns() {
    List<Column> columns = new ArrayList<>();
    columns.add(column("Name", "name", 0));
    if (kind == RegistryKind.PEDIA_CLUSTER) {
      columns.add(column("Ready", "", 0));
      columns.add(column("Version", "", 0));
      columns.add(column("APIServer", "", 0));
      columns.add(column("Validated", "", 1));
      columns.add(column("SynchroRunning", "", 1));
      columns.add(column("ClusterHealthy", "", 1));
    } else {
      columns.add(column("Resources", "", 0));
    }
    columns.add(column("Age", "", 0));
    return columns;
  }

  @Override
  public List<Object> cells(JsonNode o, Instant now) {
    List<Object> cells = new ArrayList<>();
    cells.add(o.path("metadata").path("name").asText());
    if (kind == RegistryKind.PEDIA_CLUSTER) {
      cells.add(condition(o, "Ready", false));
      cells.add(o.path("status").path("version").asText(""));
      cells.add(o.path("status").path("apiserver").asText(""));
      cells.add(condition(o, "Validated", true));
      cells.add(condition(o, "SynchroRunning", true));
      cells.add(condition(o, "ClusterHealthy", true));
    } else {
      List<String> resources = new ArrayList<>();
      o.path("spec").path("syncResources").forEach(r -> r.path("resources").forEach(x -> resources.add(
          r.path("group").asText().isEmpty() ? x.asText() : x.asText() + "." + r.path("group").asText())));
      cells.add(String.join(",", resources));
    }
    cells.add(HumanDuration.since(creation(o.path("metadata").path("creationTimestamp").asText("")), now));
    return cells;
  }

  private static Column column(String name, String format, int priority) {
    return new Column(name, "string", format, name, priority);
  }

  /** A condition's status (or its reason, for the wide columns). */
  private static String condition(JsonNode object, String type, boolean reason) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c.path(reason ? "reason" : "status").asText("");
      }
    }
    return "";
  }

  private static Optional<Instant> creation(String timestamp) {
    try {
      return timestamp.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
