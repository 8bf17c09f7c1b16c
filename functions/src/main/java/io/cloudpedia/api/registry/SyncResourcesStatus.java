package io.cloudpedia.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.SyncStateStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A PediaCluster's {@code status.version} and {@code status.syncResources}, as Clusterpedia writes them, from what
 * the cluster's agent last reported and from the sync state: per group, per resource, one sync condition with the
 * agent's status (Pending, Syncing, Stop, Error), reason and message, and {@code initialListPhase}, which stays true
 * until the type's first full list is stored (a completed relist), whatever the agent says.
 */
public final class SyncResourcesStatus {
  private SyncResourcesStatus() {}

  /** Writes {@code version} and {@code syncResources} into {@code status}. */
  public static void fill(
      ObjectNode status, Optional<SyncStateStore.AgentStatusRecord> agent, List<SyncStateStore.TypeSyncState> types) {
    Map<String, SyncStateStore.TypeSyncState> byType = new LinkedHashMap<>();
    types.forEach(t -> byType.put(t.type().toString(), t));
    if (agent.isEmpty()) {
      status.putArray("syncResources");
      return;
    }
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(agent.get().statusJson());
    } catch (IOException e) {
      status.putArray("syncResources");
      return;
    }
    String version = doc.path("clusterVersion").asText("");
    if (!version.isEmpty()) {
      status.put("version", version);
    }
    Map<String, ArrayNode> groups = new TreeMap<>();
    for (JsonNode r : doc.path("resources")) {
      GroupVersionResource gvr;
      try {
        gvr = GroupVersionResource.parse(r.path("gvr").asText());
      } catch (IllegalArgumentException e) {
        continue;
      }
      Optional<SyncStateStore.TypeSyncState> state = Optional.ofNullable(byType.get(gvr.toString()));
      boolean stored = state.flatMap(SyncStateStore.TypeSyncState::lastCompleted).isPresent();
      ObjectNode resource = Json.mapper().createObjectNode();
      resource.put("name", gvr.resource());
      resource.put("kind", r.path("kind").asText());
      resource.put("namespaced", r.path("namespaced").asBoolean());
      ObjectNode condition = resource.putArray("syncConditions").addObject();
      condition.put("version", gvr.version());
      condition.put("status", r.path("status").asText("Unknown"));
      condition.put("reason", r.path("reason").asText(""));
      condition.put("message", r.path("message").asText(""));
      condition.put("initialListPhase", !stored);
      // When the first list was stored: the one transition Cloudpedia records per type.
      state.flatMap(SyncStateStore.TypeSyncState::lastCompleted).ifPresent(at ->
          condition.put("lastTransitionTime", at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
      groups.computeIfAbsent(gvr.group(), g -> Json.mapper().createArrayNode()).add(resource);
    }
    ArrayNode syncResources = status.putArray("syncResources");
    groups.forEach((group, resources) -> {
      ObjectNode g = syncResources.addObject();
      g.put("group", group);
      g.set("resources", resources);
    });
  }
}
