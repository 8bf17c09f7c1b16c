package io.cloudpedia.api.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.util.Optional;

/**
 * The smallest OpenAPI v3 documents kubectl needs to write registry objects. Before {@code apply} or {@code create},
 * kubectl checks in {@code /openapi/v3} whether the server validates fields itself (a {@code fieldValidation} query
 * parameter on the type's PATCH operation); without an answer it refuses to go on ("failed to download openapi").
 * With it, kubectl sends {@code fieldValidation=Strict} and leaves validation to the server, which is where it is
 * done ({@code PediaClusters.validate}). No schemas are published: kubectl then applies with JSON merge patches.
 */
public final class RegistryOpenApi {
  public static final String GROUP = "cluster.clusterpedia.io";
  public static final String VERSION = "v1alpha2";
  static final String GROUP_VERSION_PATH = "apis/" + GROUP + "/" + VERSION;
  /** Changes whenever the document below does; kubectl caches by it. */
  private static final String HASH = "cloudpedia-registry-1";

  private RegistryOpenApi() {}

  /** The document for {@code path} ({@code /openapi/v3} or its group-version document), if it is one of them. */
  public static Optional<ObjectNode> answer(String path) {
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      ObjectNode root = Json.mapper().createObjectNode();
      root.putObject("paths").putObject(GROUP_VERSION_PATH)
          .put("serverRelativeURL", "/openapi/v3/" + GROUP_VERSION_PATH + "?hash=" + HASH);
      return Optional.of(root);
    }
    if (path.equals("/openapi/v3/" + GROUP_VERSION_PATH)) {
      return Optional.of(groupVersion());
    }
    return Optional.empty();
  }

  private static ObjectNode groupVersion() {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Cloudpedia cluster registry").put("version", VERSION);
    ObjectNode paths = doc.putObject("paths");
    for (String[] kind : new String[][] {{"pediaclusters", "PediaCluster"},
        {"clustersyncresources", "ClusterSyncResources"}}) {
      String collection = "/" + GROUP_VERSION_PATH + "/" + kind[0];
      paths.putObject(collection).set("post", operation(kind[1], "create"));
      ObjectNode item = paths.putObject(collection + "/{name}");
      item.set("put", operation(kind[1], "update"));
      item.set("patch", operation(kind[1], "patch"));
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static ObjectNode operation(String kind, String action) {
    ObjectNode op = Json.mapper().createObjectNode();
    op.put("operationId", action + kind);
    ArrayNode parameters = op.putArray("parameters");
    for (String name : new String[] {"dryRun", "fieldManager", "fieldValidation"}) {
      parameters.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
    }
    op.putObject("x-kubernetes-group-version-kind").put("group", GROUP).put("version", VERSION).put("kind", kind);
    op.put("x-kubernetes-action", action);
    return op;
  }
}
