package io.cloudpedia.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Writes objects and agent statuses into the stores the way ingest does, for API tests. */
public final class Seeder {
  public static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  public static final GroupVersionResource NODES = GroupVersionResource.parse("v1/nodes");
  public static final GroupVersionResource DEPLOYMENTS = GroupVersionResource.parse("apps/v1/deployments");

  private final ResourceStore store;
  private final SyncStateStore syncState;
  private final AtomicLong rv = new AtomicLong(100);

  public Seeder(ResourceStore store, SyncStateStore syncState) {
    this.store = store;
    this.syncState = syncState;
  }

  /** Reports the cluster's agent status: healthy or not, syncing these (type, kind, namespaced) triples. */
  public void cluster(String cluster, boolean healthy, Instant observedAt, Object... typeKindNamespaced) {
    ObjectNode status = Json.mapper().createObjectNode();
    status.put("op", "status");
    status.put("observedAt", observedAt.toString());
    status.put("clusterVersion", "v1.32.1");
    status.put("healthy", healthy);
    status.put("message", healthy ? "" : "cluster is unreachable");
    var resources = status.putArray("resources");
    for (int i = 0; i < typeKindNamespaced.length; i += 3) {
      resources.addObject()
          .put("gvr", typeKindNamespaced[i].toString())
          .put("kind", (String) typeKindNamespaced[i + 1])
          .put("namespaced", (Boolean) typeKindNamespaced[i + 2])
          .put("status", "Syncing").put("reason", "").put("message", "")
          .put("initialListPhase", false).put("objects", 0).put("truncated", 0);
    }
    syncState.putAgentStatus(cluster, observedAt, status.toString().getBytes(StandardCharsets.UTF_8));
  }

  public void standardCluster(String cluster) {
    cluster(cluster, true, Instant.now(), PODS, "Pod", true, NODES, "Node", false, DEPLOYMENTS, "Deployment", true);
  }

  public ObjectNode pod(String cluster, String namespace, String name, Map<String, String> labels) {
    ObjectNode pod = object(cluster, PODS, "Pod", namespace, name, labels);
    pod.putObject("spec").put("nodeName", "node-1").putArray("containers").addObject().put("name", "c").put("image", "nginx");
    pod.putObject("status").put("phase", "Running");
    return pod;
  }

  public ObjectNode object(
      String cluster, GroupVersionResource type, String kind, String namespace, String name, Map<String, String> labels) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("apiVersion", type.apiVersion());
    o.put("kind", kind);
    ObjectNode metadata = o.putObject("metadata");
    metadata.put("name", name);
    if (!namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    metadata.put("uid", cluster + "-" + namespace + "-" + name);
    metadata.put("resourceVersion", Long.toString(rv.incrementAndGet()));
    metadata.put("creationTimestamp", "2026-11-01T00:00:00Z");
    if (!labels.isEmpty()) {
      ObjectNode l = metadata.putObject("labels");
      labels.forEach(l::put);
    }
    metadata.putObject("annotations").put("shadow.clusterpedia.io/cluster-name", cluster);
    return o;
  }

  /** Stores the object as ingest would, deriving the indexed fields from its JSON. */
  public void put(String cluster, GroupVersionResource type, JsonNode object) {
    JsonNode metadata = object.path("metadata");
    Map<String, String> labels = new LinkedHashMap<>();
    metadata.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Optional<String> owner = Optional.empty();
    for (JsonNode ref : metadata.path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        owner = Optional.of(ref.path("uid").asText());
      }
    }
    ObjectKey key = new ObjectKey(cluster, type, metadata.path("namespace").asText(""), metadata.path("name").asText());
    store.upsert(new ObjectRecord(
        key,
        metadata.path("uid").asText(),
        metadata.path("resourceVersion").asText(),
        object.path("kind").asText(),
        metadata.path("creationTimestamp").asText(""),
        labels,
        owner,
        Optional.empty(),
        object.toString().getBytes(StandardCharsets.UTF_8)));
  }

  public void putPod(String cluster, String namespace, String name, Map<String, String> labels) {
    put(cluster, PODS, pod(cluster, namespace, name, labels));
  }

  public static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  public static List<String> names(JsonNode list) {
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode item : list.path("items")) {
      JsonNode m = item.path("metadata");
      names.add(m.path("annotations").path("shadow.clusterpedia.io/cluster-name").asText() + "/"
          + (m.has("namespace") ? m.path("namespace").asText() + "/" : "") + m.path("name").asText());
    }
    return names;
  }
}
