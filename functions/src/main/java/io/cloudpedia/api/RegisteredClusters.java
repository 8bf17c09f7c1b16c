package io.cloudpedia.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.clusters.ClusterInfo;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.json.Json;
import java.util.Optional;

/**
 * A read-only view of the member clusters as {@code cluster.clusterpedia.io/v1alpha2} PediaClusters: every cluster
 * whose agent has reported, with a Ready condition. It lets {@code cloudpedia kubeconfig} and
 * {@code kubectl get pediaclusters} find the clusters; registering clusters (create, apply, delete) is the cluster
 * registry's job.
 */
final class RegisteredClusters {
  static final String GROUP = "cluster.clusterpedia.io";
  static final String VERSION = "v1alpha2";
  static final String RESOURCE = "pediaclusters";

  private RegisteredClusters() {}

  static ObjectNode list(ClusterDirectory.Snapshot snapshot) {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("apiVersion", GROUP + "/" + VERSION);
    list.put("kind", "PediaClusterList");
    list.putObject("metadata").put("resourceVersion", "");
    ArrayNode items = list.putArray("items");
    for (String name : snapshot.names()) {
      items.add(object(snapshot.cluster(name).orElseThrow()));
    }
    return list;
  }

  static ObjectNode get(ClusterDirectory.Snapshot snapshot, String name) {
    return snapshot.cluster(name).map(RegisteredClusters::object)
        .orElseThrow(() -> ApiException.notFound(GROUP, RESOURCE, name));
  }

  static ObjectNode object(ClusterInfo info) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("apiVersion", GROUP + "/" + VERSION);
    o.put("kind", "PediaCluster");
    o.putObject("metadata").put("name", info.name());
    o.putObject("spec");
    ObjectNode condition = o.putObject("status").putArray("conditions").addObject();
    condition.put("type", "Ready");
    Optional<String> notReady = info.notReady();
    condition.put("status", notReady.isEmpty() ? "True" : "False");
    condition.put("reason", notReady.isEmpty() ? "Healthy" : "NotReady");
    condition.put("message", notReady.orElse(""));
    return o;
  }

  static ObjectNode resourceList() {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", GROUP + "/" + VERSION);
    ObjectNode r = list.putArray("resources").addObject();
    r.put("name", RESOURCE);
    r.put("singularName", "pediacluster");
    r.put("namespaced", false);
    r.put("kind", "PediaCluster");
    r.putArray("verbs").add("get").add("list");
    return list;
  }

  /** The registry's resources when it is served read-write. */
  static ObjectNode writableResourceList() {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", GROUP + "/" + VERSION);
    var resources = list.putArray("resources");
    for (String[] r : new String[][] {{RESOURCE, "pediacluster", "PediaCluster"},
        {"clustersyncresources", "clustersyncresources", "ClusterSyncResources"}}) {
      ObjectNode resource = resources.addObject();
      resource.put("name", r[0]);
      resource.put("singularName", r[1]);
      resource.put("namespaced", false);
      resource.put("kind", r[2]);
      var verbs = resource.putArray("verbs");
      for (String verb : new String[] {"create", "delete", "get", "list", "patch", "update"}) {
        verbs.add(verb);
      }
    }
    ObjectNode status = resources.addObject();
    status.put("name", RESOURCE + "/status");
    status.put("singularName", "");
    status.put("namespaced", false);
    status.put("kind", "PediaCluster");
    status.putArray("verbs").add("get");
    return list;
  }

}
