package io.cloudpedia.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.ClusterConditions;
import io.cloudpedia.registry.ClusterRegistry;
import io.cloudpedia.registry.PediaClusters;
import io.cloudpedia.registry.RegistryException;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.Resolution;
import io.cloudpedia.store.SyncStateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PediaCluster's {@code status}, computed when it is read from what Cloudpedia knows: whether its credentials
 * resolve (Validated), its agent's last report (SynchroRunning, ClusterHealthy, version, per-type sync conditions), the
 * sync state (initialListPhase: true until a type's first full list is stored). Computing on read keeps it current
 * without a writer per cluster; when it differs from the stored status it is written back (a status update, so the
 * conditions keep their lastTransitionTime).
 */
public final class ClusterStatus {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStatus.class);
  private static final List<String> CREDENTIAL_FIELDS =
      List.of("kubeconfig", "caData", "certData", "keyData", "tokenData", "authenticationFrom");

  private final SyncStateStore syncState;
  private final ClusterRegistry registry;
  private final Optional<CredentialResolver> credentials;
  private final Clock clock;
  private final Duration staleAfter;

  public ClusterStatus(
      SyncStateStore syncState, ClusterRegistry registry, Optional<CredentialResolver> credentials, Clock clock,
      Duration staleAfter) {
    this.syncState = Objects.requireNonNull(syncState, "syncState");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
  }

  /** A read-only PediaCluster for a cluster whose agent reports without it being registered. */
  public static ObjectNode unregistered(String name) {
    ObjectNode object = PediaClusters.skeleton(RegistryKind.PEDIA_CLUSTER, name);
    ObjectNode spec = object.putObject("spec");
    spec.putArray("syncResources");
    ((ObjectNode) object.get("metadata")).putObject("annotations")
        .put("cloudpedia.io/registered", "false");
    return object;
  }

  /** The object with its current status; written back when it changed (registered objects only). */
  public ObjectNode withStatus(ObjectNode object) {
    String name = object.path("metadata").path("name").asText();
    JsonNode spec = object.path("spec");
    ObjectNode status = Json.mapper().createObjectNode();

    ClusterConditions.Validation validation = new ClusterConditions.Validation.Valid("");
    Optional<String> apiserver = Optional.ofNullable(spec.path("apiserver").textValue()).filter(s -> !s.isEmpty());
    boolean hasCredentials = CREDENTIAL_FIELDS.stream().anyMatch(spec::has);
    if (hasCredentials && credentials.isPresent()) {
      Resolution resolution = credentials.get().resolve(spec);
      validation = resolution.validation();
      if (resolution instanceof Resolution.Resolved resolved) {
        apiserver = Optional.of(resolved.credentials().server().toString());
      }
    }
    apiserver.ifPresent(a -> status.put("apiserver", a));

    Optional<SyncStateStore.AgentStatusRecord> agent = syncState.agentStatus(name);
    Optional<ClusterConditions.AgentReport> report = agent.map(ClusterStatus::report);
    long generation = object.path("metadata").path("generation").asLong(0);
    JsonNode previous = object.path("status").path("conditions");
    status.set("conditions", ClusterConditions.build(
        new ClusterConditions.Inputs(validation, report, staleAfter, generation), previous, clock.instant()));
    SyncResourcesStatus.fill(status, agent, syncState.types(name));
    // Written by the deletion itself, not computed: kept as it is.
    if (object.path("status").has("deletion")) {
      status.set("deletion", object.path("status").get("deletion").deepCopy());
    }

    ObjectNode result = object.deepCopy();
    boolean registered = object.path("metadata").has("uid");
    if (registered && !status.equals(object.path("status"))) {
      ObjectNode write = object.deepCopy();
      write.set("status", status);
      try {
        registry.updateStatus(RegistryKind.PEDIA_CLUSTER, write);
      } catch (RegistryException e) {
        // Someone else wrote it meanwhile: what is shown is computed the same way either way.
        LOG.debug("status of {} not written back: {}", name, e.getMessage());
      }
    }
    result.set("status", status);
    return result;
  }

  private static ClusterConditions.AgentReport report(SyncStateStore.AgentStatusRecord record) {
    boolean healthy = false;
    String message = "";
    try {
      JsonNode doc = Json.mapper().readTree(record.statusJson());
      healthy = doc.path("healthy").asBoolean(false);
      message = doc.path("message").asText("");
    } catch (IOException e) {
      message = "the agent's status could not be read";
    }
    return new ClusterConditions.AgentReport(record.observedAt(), healthy, message);
  }
}
