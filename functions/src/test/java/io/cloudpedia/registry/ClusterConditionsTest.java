package io.cloudpedia.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cloudpedia.registry.ClusterConditions.AgentReport;
import io.cloudpedia.registry.ClusterConditions.Condition;
import io.cloudpedia.registry.ClusterConditions.Inputs;
import io.cloudpedia.registry.ClusterConditions.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClusterConditionsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T21:00:00.600Z");
  private static final Duration STALE = Duration.ofMinutes(3);
  private static final JsonNode NONE = MissingNode.getInstance();

  @Test
  void aValidClusterWithAFreshHealthyAgentIsReady() {
    List<Condition> conditions = compute(Validation.valid(), report(NOW.minusSeconds(30), true, ""), NONE, NOW);

    assertThat(summary(conditions)).containsExactly(
        "Validated True Validated",
        "SynchroRunning True Running",
        "ClusterHealthy True Healthy",
        "Ready True Ready");
    assertThat(conditions).allSatisfy(c -> {
      assertThat(c.lastTransitionTime()).isEqualTo(Instant.parse("2026-11-25T21:00:00Z"));
      assertThat(c.observedGeneration()).isEqualTo(4);
    });
    assertThat(ClusterConditions.find(conditions, "ClusterHealthy").orElseThrow().message())
        .isEqualTo("cluster health responded with ok");
    assertThat(ClusterConditions.find(conditions, "Ready").orElseThrow().message()).isEmpty();
  }

  @Test
  void anInvalidConfigIsCopiedToSynchroRunningAndStopsTheMonitor() {
    Validation invalid = new Validation.Invalid("InvalidConfig", "invalid cluster config: spec.apiserver is required");

    List<Condition> conditions = compute(invalid, report(NOW, true, ""), NONE, NOW);

    assertThat(summary(conditions)).containsExactly(
        "Validated False InvalidConfig",
        "SynchroRunning False InvalidConfig",
        "ClusterHealthy Unknown MonitorStop",
        "Ready False NotReady");
    assertThat(conditions.get(0).message()).isEqualTo("invalid cluster config: spec.apiserver is required");
    assertThat(conditions.get(1).message()).isEqualTo(conditions.get(0).message());
    assertThat(conditions.get(3).message()).isEqualTo("Validated condition is False, reason is InvalidConfig");
  }

  @Test
  void withoutAnyReportTheSynchroWaits() {
    List<Condition> conditions =
        compute(new Validation.Valid("Warning: sync resource ref is not found"), Optional.empty(), NONE, NOW);

    assertThat(summary(conditions)).containsExactly(
        "Validated True Validated",
        "SynchroRunning False WaitInit",
        "ClusterHealthy Unknown MonitorStop",
        "Ready False NotReady");
    assertThat(conditions.get(0).message()).isEqualTo("Warning: sync resource ref is not found");
    assertThat(conditions.get(3).message()).isEqualTo("SynchroRunning condition is False, reason is WaitInit");
  }

  @Test
  void aSilentAgentMakesHealthUnknown() {
    Instant last = NOW.minus(STALE).minusSeconds(1);

    List<Condition> conditions = compute(Validation.valid(), report(last, true, ""), NONE, NOW);

    assertThat(summary(conditions)).containsExactly(
        "Validated True Validated",
        "SynchroRunning True Running",
        "ClusterHealthy Unknown AgentSilent",
        "Ready False NotReady");
    assertThat(conditions.get(2).message())
        .isEqualTo("the agent has not reported for more than 3m0s (last report at 2026-11-25T20:56:59Z)");
    assertThat(conditions.get(3).message()).isEqualTo("ClusterHealthy condition is Unknown, reason is AgentSilent");

    List<Condition> justInTime = compute(Validation.valid(), report(NOW.minus(STALE), true, ""), NONE, NOW);
    assertThat(justInTime.get(2).reason()).as("silent for exactly the interval is not yet stale").isEqualTo("Healthy");
  }

  @Test
  void anUnhealthyReportCarriesTheAgentsMessage() {
    List<Condition> conditions =
        compute(Validation.valid(), report(NOW, false, "/version failed: HTTP 503"), NONE, NOW);

    assertThat(summary(conditions).get(2)).isEqualTo("ClusterHealthy False Unhealthy");
    assertThat(conditions.get(2).message()).isEqualTo("/version failed: HTTP 503");
    assertThat(conditions.get(3).message()).isEqualTo("ClusterHealthy condition is False, reason is Unhealthy");
    assertThat(compute(Validation.valid(), report(NOW, false, ""), NONE, NOW).get(2).message())
        .isEqualTo("the agent reports the cluster unhealthy");
  }

  @Test
  void lastTransitionTimeIsKeptWhileTheStatusStaysTheSame() {
    Instant earlier = Instant.parse("2026-11-25T20:00:00Z");
    ArrayNode previous = ClusterConditions.build(
        new Inputs(Validation.valid(), report(earlier, false, "down"), STALE, 3), NONE, earlier);

    List<Condition> later = compute(Validation.valid(), report(NOW, true, "back"), previous, NOW);

    assertThat(ClusterConditions.find(later, "Validated").orElseThrow().lastTransitionTime()).isEqualTo(earlier);
    assertThat(ClusterConditions.find(later, "SynchroRunning").orElseThrow().lastTransitionTime()).isEqualTo(earlier);
    assertThat(ClusterConditions.find(later, "ClusterHealthy").orElseThrow().lastTransitionTime())
        .isEqualTo(Instant.parse("2026-11-25T21:00:00Z"));
    assertThat(ClusterConditions.find(later, "Ready").orElseThrow().lastTransitionTime())
        .isEqualTo(Instant.parse("2026-11-25T21:00:00Z"));
    assertThat(later).allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(4));

    List<Condition> sameStatusOtherReason =
        compute(new Validation.Valid("Warning: sync resource ref is not found"), report(NOW, true, ""), previous, NOW);
    assertThat(sameStatusOtherReason.get(0).lastTransitionTime()).isEqualTo(earlier);
    assertThat(sameStatusOtherReason.get(0).message()).isEqualTo("Warning: sync resource ref is not found");
  }

  @Test
  void readyNamesAConditionThatIsMissing() {
    Condition validated = new Condition("Validated", "True", "Validated", "", NOW, 1);

    Condition ready = ClusterConditions.ready(List.of(validated), NONE, 1, NOW);

    assertThat(ready.status()).isEqualTo("False");
    assertThat(ready.reason()).isEqualTo("NotReady");
    assertThat(ready.message()).isEqualTo("SynchroRunning condition is not found");
  }

  @Test
  void conditionsAreMetav1ConditionJson() {
    ArrayNode json = ClusterConditions.build(
        new Inputs(Validation.valid(), report(NOW, true, ""), STALE, 2), NONE, NOW);

    assertThat(json).hasSize(4);
    JsonNode first = json.get(0);
    assertThat(first.get("type").asText()).isEqualTo("Validated");
    assertThat(first.get("status").asText()).isEqualTo("True");
    assertThat(first.get("reason").asText()).isEqualTo("Validated");
    assertThat(first.get("message").asText()).isEmpty();
    assertThat(first.get("lastTransitionTime").asText()).isEqualTo("2026-11-25T21:00:00Z");
    assertThat(first.get("observedGeneration").asLong()).isEqualTo(2);
    assertThat(ClusterConditions.parse(json)).isEqualTo(ClusterConditions.compute(
        new Inputs(Validation.valid(), report(NOW, true, ""), STALE, 2), NONE, NOW));
  }

  @Test
  void unreadablePreviousConditionsAreIgnored() {
    JsonNode previous = io.cloudpedia.json.Json.mapper().createArrayNode()
        .add(io.cloudpedia.json.Json.mapper().createObjectNode().put("type", "Validated").put("status", "True")
            .put("lastTransitionTime", "yesterday"));

    List<Condition> conditions = compute(Validation.valid(), report(NOW, true, ""), previous, NOW);

    assertThat(conditions.get(0).lastTransitionTime()).isEqualTo(Instant.parse("2026-11-25T21:00:00Z"));
  }

  @Test
  void durationsArePrintedAsGoPrintsThem() {
    assertThat(ClusterConditions.goDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(ClusterConditions.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(ClusterConditions.goDuration(Duration.ofHours(2))).isEqualTo("2h0m0s");
  }

  private static List<Condition> compute(
      Validation validation, Optional<AgentReport> agent, JsonNode previous, Instant now) {
    return ClusterConditions.compute(new Inputs(validation, agent, STALE, 4), previous, now);
  }

  private static Optional<AgentReport> report(Instant at, boolean healthy, String message) {
    return Optional.of(new AgentReport(at, healthy, message));
  }

  private static List<String> summary(List<Condition> conditions) {
    return conditions.stream()
        .map(c -> c.type() + " " + c.status() + " " + c.reason())
        .collect(Collectors.toList());
  }
}
