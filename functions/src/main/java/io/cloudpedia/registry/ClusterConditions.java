package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PediaCluster's {@code status.conditions} (metav1.Condition: type, status, reason, message, lastTransitionTime,
 * observedGeneration), with Clusterpedia's four types and reasons, computed from what Cloudpedia knows of a cluster:
 * whether its configuration is valid, and its agent's last report. Clusterpedia's synchro manager watches the member
 * cluster itself; here the agent does, so "the synchro is running" means "the agent reports", and an agent that has
 * been silent for longer than the stale interval makes the cluster's health {@code Unknown} with the reason
 * {@value #AGENT_SILENT} (Cloudpedia's own).
 *
 * <p>As Kubernetes' {@code meta.SetStatusCondition} does, a condition whose status did not change keeps its previous
 * lastTransitionTime. Messages do not contain the time of each report, so that the conditions of a healthy cluster do
 * not change with every report.
 */
public final class ClusterConditions {
  public static final String VALIDATED = "Validated";
  public static final String SYNCHRO_RUNNING = "SynchroRunning";
  public static final String CLUSTER_HEALTHY = "ClusterHealthy";
  public static final String READY = "Ready";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** Validated's reasons. */
  public static final String VALIDATED_REASON = "Validated";
  public static final String INVALID_CONFIG = "InvalidConfig";
  public static final String INVALID_SYNC_RESOURCES = "InvalidSyncResources";
  /** SynchroRunning's reasons (or a copy of Validated's when the configuration is invalid). */
  public static final String WAIT_INIT = "WaitInit";
  public static final String RUNNING = "Running";
  /** ClusterHealthy's reasons. */
  public static final String HEALTHY = "Healthy";
  public static final String UNHEALTHY = "Unhealthy";
  public static final String MONITOR_STOP = "MonitorStop";
  /** ClusterHealthy is Unknown: the agent has not reported for longer than the stale interval (Cloudpedia's). */
  public static final String AGENT_SILENT = "AgentSilent";
  /** Ready's reasons. */
  public static final String READY_REASON = "Ready";
  public static final String NOT_READY = "NotReady";

  /** The three conditions Ready requires, in the order Clusterpedia checks them. */
  private static final List<String> READY_REQUIRES = List.of(VALIDATED, SYNCHRO_RUNNING, CLUSTER_HEALTHY);

  private ClusterConditions() {}

  /** One metav1.Condition. */
  public record Condition(
      String type,
      String status,
      String reason,
      String message,
      Instant lastTransitionTime,
      long observedGeneration) {
    public Condition {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      lastTransitionTime = Objects.requireNonNull(lastTransitionTime, "lastTransitionTime").truncatedTo(ChronoUnit.SECONDS);
    }

    public boolean isTrue() {
      return TRUE.equals(status);
    }

    public ObjectNode toJson() {
      ObjectNode o = Json.mapper().createObjectNode();
      o.put("type", type);
      o.put("status", status);
      o.put("reason", reason);
      o.put("message", message);
      o.put("lastTransitionTime", RegistryObjects.timestamp(lastTransitionTime));
      o.put("observedGeneration", observedGeneration);
      return o;
    }

    /** A condition read back; empty when {@code node} lacks a type or status or has an unreadable time. */
    public static Optional<Condition> fromJson(JsonNode node) {
      if (!node.path("type").isTextual() || !node.path("status").isTextual()) {
        return Optional.empty();
      }
      Instant at;
      try {
        at = Instant.parse(node.path("lastTransitionTime").asText(""));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
      return Optional.of(
          new Condition(
              node.get("type").textValue(),
              node.get("status").textValue(),
              node.path("reason").asText(""),
              node.path("message").asText(""),
              at,
              node.path("observedGeneration").asLong(0)));
    }
  }

  /** The outcome of checking a cluster's configuration (credentials, sync resources). */
  public sealed interface Validation {
    /** Valid; {@code message} is empty or a warning, e.g. "Warning: sync resource ref is not found". */
    record Valid(String message) implements Validation {
      public Valid {
        Objects.requireNonNull(message, "message");
      }
    }

    /**
     * Invalid, with reason {@value #INVALID_CONFIG} or {@value #INVALID_SYNC_RESOURCES} and a message such as
     * "invalid cluster config: ...".
     */
    record Invalid(String reason, String message) implements Validation {
      public Invalid {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
      }
    }

    static Validation valid() {
      return new Valid("");
    }
  }

  /**
   * The agent's last report of its cluster.
   *
   * @param message the agent's message, e.g. why it finds the cluster unhealthy; may be empty
   */
  public record AgentReport(Instant observedAt, boolean healthy, String message) {
    public AgentReport {
      Objects.requireNonNull(observedAt, "observedAt");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * What the conditions are computed from.
   *
   * @param agent the agent's last report; empty when it has never reported
   * @param staleAfter how long an agent may be silent before the cluster's health is unknown
   * @param observedGeneration the PediaCluster's {@code metadata.generation} the conditions were computed for
   */
  public record Inputs(Validation validation, Optional<AgentReport> agent, Duration staleAfter, long observedGeneration) {
    public Inputs {
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(staleAfter, "staleAfter");
    }
  }

  /**
   * The four conditions (Validated, SynchroRunning, ClusterHealthy, Ready, in this order), keeping the
   * lastTransitionTime of each whose status is the same in {@code previous} (the current {@code status.conditions},
   * or a missing node).
   */
  public static List<Condition> compute(Inputs inputs, JsonNode previous, Instant now) {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(now, "now");
    List<Condition> before = parse(previous);
    List<Condition> out = new ArrayList<>(4);
    for (Draft draft : drafts(inputs, now)) {
      Instant since =
          find(before, draft.type)
              .filter(c -> c.status().equals(draft.status))
              .map(Condition::lastTransitionTime)
              .orElse(now);
      out.add(new Condition(draft.type, draft.status, draft.reason, draft.message, since, inputs.observedGeneration()));
    }
    out.add(ready(out, previous, inputs.observedGeneration(), now));
    return List.copyOf(out);
  }

  /**
   * The Ready condition over {@code conditions} (Clusterpedia's rule): True with reason {@value #READY_REASON} only if
   * Validated, SynchroRunning and ClusterHealthy are all True; otherwise False, {@value #NOT_READY}, naming the first
   * that is not: "ClusterHealthy condition is Unknown, reason is AgentSilent", or "SynchroRunning condition is not
   * found". Keeps the lastTransitionTime of {@code previous}'s Ready if its status is the same.
   */
  public static Condition ready(List<Condition> conditions, JsonNode previous, long observedGeneration, Instant now) {
    Draft ready = readyDraft(conditions);
    Instant since =
        find(parse(previous), READY)
            .filter(c -> c.status().equals(ready.status))
            .map(Condition::lastTransitionTime)
            .orElse(now);
    return new Condition(READY, ready.status, ready.reason, ready.message, since, observedGeneration);
  }

  /** {@link #compute} as the JSON array for {@code status.conditions}. */
  public static ArrayNode build(Inputs inputs, JsonNode previous, Instant now) {
    return toJson(compute(inputs, previous, now));
  }

  public static ArrayNode toJson(List<Condition> conditions) {
    ArrayNode array = Json.mapper().createArrayNode();
    conditions.forEach(c -> array.add(c.toJson()));
    return array;
  }

  /** The readable conditions of a {@code status.conditions} array; empty for anything else. */
  public static List<Condition> parse(JsonNode conditions) {
    List<Condition> out = new ArrayList<>();
    if (conditions != null && conditions.isArray()) {
      conditions.forEach(node -> Condition.fromJson(node).ifPresent(out::add));
    }
    return out;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  private record Draft(String type, String status, String reason, String message) {}

  private static List<Draft> drafts(Inputs inputs, Instant now) {
    if (inputs.validation() instanceof Validation.Invalid invalid) {
      return List.of(
          new Draft(VALIDATED, FALSE, invalid.reason(), invalid.message()),
          new Draft(SYNCHRO_RUNNING, FALSE, invalid.reason(), invalid.message()),
          new Draft(CLUSTER_HEALTHY, UNKNOWN, MONITOR_STOP, "the cluster is not monitored while its config is invalid"));
    }
    Validation.Valid valid = (Validation.Valid) inputs.validation();
    Draft validated = new Draft(VALIDATED, TRUE, VALIDATED_REASON, valid.message());
    if (inputs.agent().isEmpty()) {
      return List.of(
          validated,
          new Draft(SYNCHRO_RUNNING, FALSE, WAIT_INIT, "pediacluster is validated, waiting for its agent's first report"),
          new Draft(CLUSTER_HEALTHY, UNKNOWN, MONITOR_STOP, "waiting for the agent's first report"));
    }
    AgentReport report = inputs.agent().get();
    Draft running = new Draft(SYNCHRO_RUNNING, TRUE, RUNNING, "the cluster's agent is running");
    Draft healthy;
    if (now.isAfter(report.observedAt().plus(inputs.staleAfter()))) {
      healthy =
          new Draft(
              CLUSTER_HEALTHY,
              UNKNOWN,
              AGENT_SILENT,
              "the agent has not reported for more than " + goDuration(inputs.staleAfter()) + " (last report at "
                  + RegistryObjects.timestamp(report.observedAt()) + ")");
    } else if (report.healthy()) {
      healthy =
          new Draft(
              CLUSTER_HEALTHY,
              TRUE,
              HEALTHY,
              report.message().isEmpty() ? "cluster health responded with ok" : report.message());
    } else {
      healthy =
          new Draft(
              CLUSTER_HEALTHY,
              FALSE,
              UNHEALTHY,
              report.message().isEmpty() ? "the agent reports the cluster unhealthy" : report.message());
    }
    return List.of(validated, running, healthy);
  }

  private static Draft readyDraft(List<Condition> conditions) {
    for (String type : READY_REQUIRES) {
      Optional<Condition> condition = find(conditions, type);
      if (condition.isEmpty()) {
        return new Draft(READY, FALSE, NOT_READY, type + " condition is not found");
      }
      if (!condition.get().isTrue()) {
        Condition c = condition.get();
        return new Draft(
            READY, FALSE, NOT_READY, type + " condition is " + c.status() + ", reason is " + c.reason());
      }
    }
    return new Draft(READY, TRUE, READY_REASON, "");
  }

  /** As Go prints a time.Duration: {@code 3m0s}, {@code 1h0m0s}, {@code 45s}. */
  static String goDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
  }
}
