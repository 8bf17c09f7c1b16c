package io.cloudpedia.api;

import io.cloudpedia.api.collections.CollectionApi;
import io.cloudpedia.api.forward.ForwardPaths;
import io.cloudpedia.api.forward.ProxyHeaders;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.api.path.PathResolver;
import io.cloudpedia.api.path.Scope;
import io.cloudpedia.api.registry.RegistryApi;
import java.util.Locale;

/**
 * A request's route for metrics: a small fixed set of names (the {@code Route} dimension of ApiFunction's metrics),
 * derived from the method, path and forwarding signals alone, before and whatever {@link KubeApi} answers. Never a
 * cluster, namespace or object name: CloudWatch bills every distinct dimension value as a metric of its own.
 *
 * <p>A request that asks to be forwarded (the proxy path, a subresource such as {@code pods/log}, the forward header or
 * label, a method other than GET and HEAD below a cluster) is {@link #FORWARD} even when forwarding is switched off and
 * it is refused: the route says what was asked, the status code what came of it.
 */
public enum ApiRoute {
  /** {@code /version}. */
  VERSION,
  /** {@code /api}, {@code /apis} and below down to a group version, at the root or under a cluster; {@code /openapi}. */
  DISCOVERY,
  /** A list of a resource type (no name), across clusters or in one. */
  LIST,
  /** A get of one object. */
  GET,
  /** The cluster registry: PediaClusters and their kin at the root ({@code cluster.clusterpedia.io}). */
  REGISTRY,
  /** Collection resources ({@code clusterpedia.io/v1beta1/collectionresources}). */
  COLLECTIONS,
  /** Requests forwarded, or asking to be forwarded, to a member cluster. */
  FORWARD,
  /** Anything else: unknown paths (404), resources at the root that do not exist. */
  OTHER;

  /** The dimension value: the lower-case name ({@code list}, {@code forward}, ...). */
  public String metricName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ApiRoute of(ApiRequest request) {
    String path = request.path();
    if (path.startsWith("/openapi/")) {
      return DISCOVERY;
    }
    if (ForwardPaths.proxyPath(path).isPresent()) {
      return FORWARD;
    }
    ApiPath resolved = PathResolver.resolve(path);
    if (resolved instanceof ApiPath.Unknown) {
      return OTHER;
    }
    if (resolved instanceof ApiPath.Version) {
      return VERSION;
    }
    if (!(resolved instanceof ApiPath.Resource resource)) {
      return DISCOVERY;
    }
    if (resource.scope() instanceof Scope.Root) {
      if (RegistryApi.kindOf(resource).isPresent()) {
        return REGISTRY;
      }
      return CollectionApi.addresses(resource) ? COLLECTIONS : OTHER;
    }
    if (asksToForward(request, resource)) {
      return FORWARD;
    }
    return resource.name().isPresent() ? GET : LIST;
  }

  private static boolean asksToForward(ApiRequest request, ApiPath.Resource resource) {
    String method = request.method();
    return resource.subresource().isPresent()
        || !(method.equals("GET") || method.equals("HEAD"))
        || ProxyHeaders.asksToForward(request)
        // Textually: a metric dimension must never fail a request, and a selector may be invalid (found by ApiFuzzTest).
        || request.queryValue("labelSelector").map(s -> s.contains(ForwardPaths.FORWARD_LABEL)).orElse(false);
  }
}
