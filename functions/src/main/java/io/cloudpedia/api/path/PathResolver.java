package io.cloudpedia.api.path;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a URL path into an {@link ApiPath}, as Clusterpedia and the apiserver read it:
 *
 * <ul>
 *   <li>{@value #RESOURCES} + a native path: every cluster; {@value #RESOURCES}{@code /clusters/{c}} + a native path:
 *       cluster {@code c}. {@code .../clusters} and {@code .../clusters/{c}} alone address nothing.
 *   <li>A native path is {@code /version}, {@code /api[/{v}[/...]]} or {@code /apis[/{g}[/{v}[/...]]]}; below a
 *       group version: {@code [watch/][namespaces/{ns}/]{resource}[/{name}[/{subresource...}]]}.
 *   <li>{@code /api/v1/namespaces/{name}} is a get of that namespace, not a namespace filter; its {@code status} and
 *       {@code finalize} are subresources, as in the apiserver.
 *   <li>Anything else at the server root is {@link ApiPath.Unknown}, except {@code /version}, {@code /api},
 *       {@code /apis}, and the Cloudpedia groups' own discovery.
 * </ul>
 *
 * Empty segments (a doubled slash) address nothing; one trailing slash is ignored.
 */
public final class PathResolver {
  public static final String RESOURCES = "/apis/clusterpedia.io/v1beta1/resources";
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  private PathResolver() {}

  public static ApiPath resolve(String path) {
    String trimmed = path;
    if (trimmed.endsWith("/") && trimmed.length() > 1) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (!trimmed.startsWith("/")) {
      return new ApiPath.Unknown(Scope.Root.INSTANCE);
    }
    if (trimmed.equals(RESOURCES) || trimmed.startsWith(RESOURCES + "/")) {
      return resources(segments(trimmed.substring(RESOURCES.length())));
    }
    List<String> parts = segments(trimmed);
    if (parts == null) {
      return new ApiPath.Unknown(Scope.Root.INSTANCE);
    }
    return nativePath(Scope.Root.INSTANCE, parts);
  }

  private static ApiPath resources(List<String> parts) {
    if (parts == null || parts.isEmpty()) {
      return new ApiPath.Unknown(Scope.AllClusters.INSTANCE);
    }
    if (parts.get(0).equals("clusters")) {
      if (parts.size() < 3) {
        return new ApiPath.Unknown(parts.size() == 2 ? new Scope.OneCluster(parts.get(1)) : Scope.AllClusters.INSTANCE);
      }
      return nativePath(new Scope.OneCluster(parts.get(1)), parts.subList(2, parts.size()));
    }
    return nativePath(Scope.AllClusters.INSTANCE, parts);
  }

  private static ApiPath nativePath(Scope scope, List<String> parts) {
    if (parts.isEmpty()) {
      return new ApiPath.Unknown(scope);
    }
    switch (parts.get(0)) {
      case "version":
        return parts.size() == 1 ? new ApiPath.Version(scope) : new ApiPath.Unknown(scope);
      case "api":
        if (parts.size() == 1) {
          return new ApiPath.LegacyRoot(scope);
        }
        if (parts.size() == 2) {
          return new ApiPath.LegacyVersion(scope, parts.get(1));
        }
        return resource(scope, "", parts.get(1), parts.subList(2, parts.size()));
      case "apis":
        if (parts.size() == 1) {
          return new ApiPath.GroupList(scope);
        }
        if (parts.size() == 2) {
          return new ApiPath.Group(scope, parts.get(1));
        }
        if (parts.size() == 3) {
          return new ApiPath.GroupVersion(scope, parts.get(1), parts.get(2));
        }
        return resource(scope, parts.get(1), parts.get(2), parts.subList(3, parts.size()));
      default:
        return new ApiPath.Unknown(scope);
    }
  }

  private static ApiPath resource(Scope scope, String group, String version, List<String> parts) {
    boolean watch = false;
    if (parts.get(0).equals("watch")) {
      watch = true;
      parts = parts.subList(1, parts.size());
      if (parts.isEmpty()) {
        return new ApiPath.Unknown(scope);
      }
    }
    Optional<String> namespace = Optional.empty();
    if (parts.get(0).equals("namespaces")
        && parts.size() >= 3
        && !(parts.size() == 3 && NAMESPACE_SUBRESOURCES.contains(parts.get(2)))) {
      namespace = Optional.of(parts.get(1));
      parts = parts.subList(2, parts.size());
    }
    String resource = parts.get(0);
    Optional<String> name = parts.size() > 1 ? Optional.of(parts.get(1)) : Optional.empty();
    Optional<String> subresource =
        parts.size() > 2 ? Optional.of(String.join("/", parts.subList(2, parts.size()))) : Optional.empty();
    return new ApiPath.Resource(scope, group, version, resource, namespace, name, subresource, watch);
  }

  /** The segments of {@code /a/b/c}; null if one is empty. */
  private static List<String> segments(String path) {
    if (path.isEmpty()) {
      return List.of();
    }
    if (!path.startsWith("/")) {
      return null;
    }
    List<String> parts = Arrays.asList(path.substring(1).split("/", -1));
    return parts.stream().anyMatch(String::isEmpty) ? null : parts;
  }
}
