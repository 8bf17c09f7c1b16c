package io.cloudpedia.api.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * Adds to a cluster's discovery the subresources forwarding serves there ({@code pods/log}, the {@code proxy} ones),
 * as the apiserver lists them: in {@code /api/v1} as {@code pods/log} entries, in aggregated discovery as the
 * resource's {@code subresources}. Only what works is listed: the allowed ones, never exec, attach or portforward
 * (which API Gateway cannot carry), and only where forwarding can happen (a cluster's own discovery).
 */
public final class ForwardedDiscovery {
  private ForwardedDiscovery() {}

  /**
   * @param visible whether the caller may use {@code resource/subresource} (its authorization)
   */
  public static void addToResourceList(ObjectNode apiResourceList, ForwardSettings settings, Predicate<String> visible) {
    if (!"v1".equals(apiResourceList.path("groupVersion").asText())) {
      return;
    }
    ArrayNode resources = (ArrayNode) apiResourceList.get("resources");
    for (String subresource : served(settings, visible)) {
      String resource = subresource.substring(0, subresource.indexOf('/'));
      List<JsonNode> existing = new java.util.ArrayList<>();
      resources.forEach(existing::add);
      for (JsonNode r : existing) {
        if (r.path("name").asText().equals(resource)) {
          ObjectNode entry = resources.addObject();
          entry.put("name", subresource);
          entry.put("singularName", "");
          entry.put("namespaced", r.path("namespaced").asBoolean());
          entry.put("kind", kind(subresource));
          verbs(entry.putArray("verbs"), subresource, settings);
        }
      }
    }
  }

  /** The same in an aggregated discovery document ({@code apidiscovery.k8s.io} v2 / v2beta1), core group v1. */
  public static void addToAggregated(ObjectNode doc, ForwardSettings settings, Predicate<String> visible) {
    List<String> served = served(settings, visible);
    if (served.isEmpty()) {
      return;
    }
    for (JsonNode group : doc.path("items")) {
      if (group.path("metadata").has("name")) {
        continue; // only the core group has forwarded subresources
      }
      for (JsonNode version : group.path("versions")) {
        if (!version.path("version").asText().equals("v1")) {
          continue;
        }
        for (JsonNode r : version.path("resources")) {
          for (String subresource : served) {
            if (subresource.startsWith(r.path("resource").asText() + "/")) {
              ArrayNode subresources = r.has("subresources") ? (ArrayNode) r.get("subresources")
                  : ((ObjectNode) r).putArray("subresources");
              ObjectNode entry = subresources.addObject();
              entry.put("subresource", subresource.substring(subresource.indexOf('/') + 1));
              ObjectNode kind = entry.putObject("responseKind");
              kind.put("group", "");
              kind.put("version", "");
              kind.put("kind", kind(subresource));
              verbs(entry.putArray("verbs"), subresource, settings);
            }
          }
        }
      }
    }
  }

  /** The allowed subresources that can be carried, in a stable order. */
  static List<String> served(ForwardSettings settings, Predicate<String> visible) {
    return ForwardSettings.SUPPORTED.stream()
        .filter(settings.allowedSubresources()::contains)
        .filter(s -> !ForwardSettings.UPGRADE.contains(s))
        .filter(visible)
        .toList();
  }

  private static String kind(String subresource) {
    return switch (subresource) {
      case "pods/log" -> "Pod";
      case "pods/proxy" -> "PodProxyOptions";
      case "services/proxy" -> "ServiceProxyOptions";
      default -> "NodeProxyOptions";
    };
  }

  /** {@code get} (forwarding sends GET and HEAD); proxies take every method once the proxy path is enabled. */
  private static void verbs(ArrayNode verbs, String subresource, ForwardSettings settings) {
    if (subresource.endsWith("/proxy") && settings.proxyPath()) {
      List.of("create", "delete", "get", "patch", "update").forEach(verbs::add);
    } else {
      verbs.add("get");
    }
  }
}
