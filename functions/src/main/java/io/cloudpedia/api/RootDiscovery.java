package io.cloudpedia.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.collections.CollectionApi;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.RegistryKind;
import java.util.Optional;

/**
 * Discovery at the server root: Cloudpedia's own group {@code clusterpedia.io/v1beta1}, whose {@code resources}
 * resource is the prefix of the search paths, as Clusterpedia's aggregated API registers it, and, when the registry is
 * served, {@code cluster.clusterpedia.io/v1alpha2}. Answered in the legacy form only; kubectl falls back to it when it
 * gets no aggregated document.
 */
final class RootDiscovery {
  static final String GROUP = "clusterpedia.io";
  static final String VERSION = "v1beta1";

  private RootDiscovery() {}

  /** @param registry whether the cluster registry (PediaClusters, ClusterSyncResources) is served */
  static Optional<ObjectNode> answer(ApiPath path, boolean registry) {
    if (path instanceof ApiPath.LegacyRoot) {
      ObjectNode versions = Json.mapper().createObjectNode();
      versions.put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
      return Optional.of(versions);
    }
    if (path instanceof ApiPath.LegacyVersion v && v.version().equals("v1")) {
      return Optional.of(resourceList("v1"));
    }
    if (path instanceof ApiPath.GroupList) {
      ObjectNode list = Json.mapper().createObjectNode();
      list.put("kind", "APIGroupList");
      list.put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups").add(group(GROUP, VERSION));
      if (registry) {
        groups.add(group(RegistryKind.GROUP, RegistryKind.VERSION));
      }
      return Optional.of(list);
    }
    if (path instanceof ApiPath.Group g && (g.group().equals(GROUP) || registry && g.group().equals(RegistryKind.GROUP))) {
      ObjectNode group = g.group().equals(GROUP) ? group(GROUP, VERSION) : group(RegistryKind.GROUP, RegistryKind.VERSION);
      group.put("kind", "APIGroup");
      group.put("apiVersion", "v1");
      return Optional.of(group);
    }
    if (registry && path instanceof ApiPath.GroupVersion gv && gv.group().equals(RegistryKind.GROUP)
        && gv.version().equals(RegistryKind.VERSION)) {
      return Optional.of(registryResources());
    }
    if (path instanceof ApiPath.GroupVersion gv && gv.group().equals(GROUP) && gv.version().equals(VERSION)) {
      ObjectNode list = resourceList(GROUP + "/" + VERSION);
      ObjectNode r = ((ArrayNode) list.get("resources")).addObject();
      r.put("name", "resources");
      r.put("singularName", "");
      r.put("namespaced", false);
      r.put("kind", "Resources");
      r.putArray("verbs");
      ObjectNode collections = ((ArrayNode) list.get("resources")).addObject();
      collections.put("name", CollectionApi.RESOURCE);
      collections.put("singularName", "collectionresource");
      collections.put("namespaced", false);
      collections.put("kind", "CollectionResource");
      collections.putArray("verbs").add("get").add("list");
      return Optional.of(list);
    }
    return Optional.empty();
  }

  private static ObjectNode group(String name, String version) {
    ObjectNode group = Json.mapper().createObjectNode();
    group.put("name", name);
    ObjectNode gv = Json.mapper().createObjectNode().put("groupVersion", name + "/" + version).put("version", version);
    group.putArray("versions").add(gv);
    group.set("preferredVersion", gv.deepCopy());
    return group;
  }

  /** The registry's kinds, read-write, and the PediaCluster status subresource (read-only: it is computed). */
  private static ObjectNode registryResources() {
    ObjectNode list = resourceList(RegistryKind.API_VERSION);
    ArrayNode resources = (ArrayNode) list.get("resources");
    for (RegistryKind kind : RegistryKind.values()) {
      ObjectNode resource = resources.addObject();
      resource.put("name", kind.resource());
      resource.put("singularName", kind.singular());
      resource.put("namespaced", false);
      resource.put("kind", kind.kind());
      ArrayNode verbs = resource.putArray("verbs");
      for (String verb : new String[] {"create", "delete", "get", "list", "patch", "update"}) {
        verbs.add(verb);
      }
      if (kind.hasStatus()) {
        ObjectNode status = resources.addObject();
        status.put("name", kind.resource() + "/status");
        status.put("singularName", "");
        status.put("namespaced", false);
        status.put("kind", kind.kind());
        status.putArray("verbs").add("get");
      }
    }
    return list;
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
