package io.cloudpedia.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.json.Json;
import java.util.Optional;

/**
 * Discovery at the server root: Cloudpedia's own group {@code clusterpedia.io/v1beta1}, whose {@code resources}
 * resource is the prefix of the search paths, as Clusterpedia's aggregated API registers it. Answered in the legacy
 * form only; kubectl falls back to it when it gets no aggregated document.
 */
final class RootDiscovery {
  static final String GROUP = "clusterpedia.io";
  static final String VERSION = "v1beta1";

  private RootDiscovery() {}

  /** @param writableRegistry whether the registry is served read-write (PediaClusters and ClusterSyncResources) */
  static Optional<ObjectNode> answer(ApiPath path, boolean writableRegistry) {
    if (path instanceof ApiPath.LegacyRoot) {
      ObjectNode versions = Json.mapper().createObjectNode();
      versions.put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
      return Optional.of(versions);
    }
    if (path instanceof ApiPath.LegacyVersion v && v.version().equals("v1")) {
      ObjectNode list = resourceList("v1");
      return Optional.of(list);
    }
    if (path instanceof ApiPath.GroupList) {
      ObjectNode list = Json.mapper().createObjectNode();
      list.put("kind", "APIGroupList");
      list.put("apiVersion", "v1");
      list.putArray("groups").add(group()).add(registryGroup());
      return Optional.of(list);
    }
    if (path instanceof ApiPath.Group g && g.group().equals(RegisteredClusters.GROUP)) {
      ObjectNode group = registryGroup();
      group.put("kind", "APIGroup");
      group.put("apiVersion", "v1");
      return Optional.of(group);
    }
    if (path instanceof ApiPath.GroupVersion gv && gv.group().equals(RegisteredClusters.GROUP)
        && gv.version().equals(RegisteredClusters.VERSION)) {
      return Optional.of(writableRegistry ? RegisteredClusters.writableResourceList()
          : RegisteredClusters.resourceList());
    }
    if (path instanceof ApiPath.Group g && g.group().equals(GROUP)) {
      ObjectNode group = group();
      group.put("kind", "APIGroup");
      group.put("apiVersion", "v1");
      return Optional.of(group);
    }
    if (path instanceof ApiPath.GroupVersion gv && gv.group().equals(GROUP) && gv.version().equals(VERSION)) {
      ObjectNode list = resourceList(GROUP + "/" + VERSION);
      ArrayNode resources = (ArrayNode) list.get("resources");
      ObjectNode r = resources.addObject();
      r.put("name", "resources");
      r.put("singularName", "");
      r.put("namespaced", false);
      r.put("kind", "Resources");
      r.putArray("verbs");
      return Optional.of(list);
    }
    return Optional.empty();
  }

  private static ObjectNode group() {
    ObjectNode group = Json.mapper().createObjectNode();
    group.put("name", GROUP);
    ObjectNode gv = Json.mapper().createObjectNode().put("groupVersion", GROUP + "/" + VERSION).put("version", VERSION);
    group.putArray("versions").add(gv);
    group.set("preferredVersion", gv.deepCopy());
    return group;
  }

  private static ObjectNode registryGroup() {
    ObjectNode group = Json.mapper().createObjectNode();
    group.put("name", RegisteredClusters.GROUP);
    ObjectNode gv = Json.mapper().createObjectNode()
        .put("groupVersion", RegisteredClusters.GROUP + "/" + RegisteredClusters.VERSION)
        .put("version", RegisteredClusters.VERSION);
    group.putArray("versions").add(gv);
    group.set("preferredVersion", gv.deepCopy());
    return group;
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    list.putArray("resources");
    return list;
  }
}
