package io.cloudpedia.api.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Renders discovery documents with the apiserver's JSON field names and field order (k8s.io/apimachinery
 * {@code meta/v1} APIVersions, APIGroupList, APIGroup, APIResourceList; k8s.io/api {@code apidiscovery/v2}
 * APIGroupDiscoveryList). Empty optional lists are left out, as Go's {@code omitempty} does.
 */
final class Documents {
  static final List<String> VERBS = List.of("get", "list");

  private Documents() {}

  static ObjectNode apiVersions(List<String> versions) {
    ObjectNode doc = object();
    doc.put("kind", "APIVersions");
    strings(doc.putArray("versions"), versions);
    // Clients use this only to pick an address per client network; "" means "the address you used".
    ObjectNode address = doc.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", "");
    return doc;
  }

  static ObjectNode apiGroupList(Map<String, ? extends Map<String, ?>> groups) {
    ObjectNode doc = object();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode items = doc.putArray("groups");
    groups.forEach((group, versions) -> items.add(group(object(), group, List.copyOf(versions.keySet()))));
    return doc;
  }

  static ObjectNode apiGroup(String group, List<String> versions) {
    ObjectNode doc = object();
    doc.put("kind", "APIGroup");
    doc.put("apiVersion", "v1");
    return group(doc, group, versions);
  }

  /** The apiserver leaves apiVersion out of {@code /api/v1}; it is kept here for every list, which clients accept. */
  static ObjectNode apiResourceList(String group, String version, List<ServedResource> resources) {
    ObjectNode doc = object();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", groupVersion(group, version));
    ArrayNode items = doc.putArray("resources");
    for (ServedResource r : resources) {
      ObjectNode item = items.addObject();
      item.put("name", r.resource());
      item.put("singularName", r.singularName());
      item.put("namespaced", r.synced().namespaced());
      item.put("kind", r.synced().kind());
      strings(item.putArray("verbs"), VERBS);
      optionalStrings(item, "shortNames", r.shortNames());
      optionalStrings(item, "categories", r.categories());
    }
    return doc;
  }

  static ObjectNode aggregated(String discoveryVersion, Map<String, ? extends Map<String, List<ServedResource>>> groups) {
    ObjectNode doc = object();
    doc.put("kind", AggregatedMediaType.LIST_KIND);
    doc.put("apiVersion", AggregatedMediaType.GROUP + "/" + discoveryVersion);
    doc.putObject("metadata");
    ArrayNode items = doc.putArray("items");
    groups.forEach((group, versions) -> {
      ObjectNode item = items.addObject();
      ObjectNode metadata = item.putObject("metadata");
      // ObjectMeta.name is omitempty: the core group's entry has no name, as from the apiserver.
      if (!group.isEmpty()) {
        metadata.put("name", group);
      }
      metadata.putNull("creationTimestamp");
      ArrayNode versionItems = item.putArray("versions");
      versions.forEach((version, resources) -> versionItems.add(aggregatedVersion(version, resources)));
    });
    return doc;
  }

  private static ObjectNode aggregatedVersion(String version, List<ServedResource> resources) {
    ObjectNode v = object();
    v.put("version", version);
    if (!resources.isEmpty()) {
      ArrayNode items = v.putArray("resources");
      resources.forEach(r -> items.add(aggregatedResource(r)));
    }
    v.put("freshness", "Current");
    return v;
  }

  /**
   * responseKind's group and version are "" for built-ins, as the apiserver writes them (the APIResource fields it
   * converts are empty unless the kind lives in another group), and the type's own for custom resources, as
   * apiextensions-apiserver writes them. client-go accepts both.
   */
  private static ObjectNode aggregatedResource(ServedResource r) {
    ObjectNode item = object();
    item.put("resource", r.resource());
    ObjectNode kind = item.putObject("responseKind");
    kind.put("group", r.builtin() ? "" : r.synced().type().group());
    kind.put("version", r.builtin() ? "" : r.synced().type().version());
    kind.put("kind", r.synced().kind());
    item.put("scope", r.synced().namespaced() ? "Namespaced" : "Cluster");
    item.put("singularResource", r.singularName());
    strings(item.putArray("verbs"), VERBS);
    optionalStrings(item, "shortNames", r.shortNames());
    optionalStrings(item, "categories", r.categories());
    return item;
  }

  private static ObjectNode group(ObjectNode node, String group, List<String> versionsByPriority) {
    node.put("name", group);
    ArrayNode versions = node.putArray("versions");
    for (String version : versionsByPriority) {
      versionForDiscovery(versions.addObject(), group, version);
    }
    versionForDiscovery(node.putObject("preferredVersion"), group, versionsByPriority.get(0));
    return node;
  }

  private static void versionForDiscovery(ObjectNode node, String group, String version) {
    node.put("groupVersion", groupVersion(group, version));
    node.put("version", version);
  }

  private static String groupVersion(String group, String version) {
    return group.isEmpty() ? version : group + "/" + version;
  }

  private static void optionalStrings(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      strings(node.putArray(field), values);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }
}
