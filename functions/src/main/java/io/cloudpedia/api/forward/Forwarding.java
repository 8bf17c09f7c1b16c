package io.cloudpedia.api.forward;

import io.cloudpedia.api.access.Caller;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.api.path.Scope;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.auth.policy.Action;
import io.cloudpedia.registry.PediaClusters;
import io.cloudpedia.registry.credentials.ClusterCredentials;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.Resolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a request is forwarded to its member cluster, and forwards it (Clusterpedia's request forwarding,
 * docs/api.md "Forwarding"). A request is forwarded when:
 *
 * <ol>
 *   <li>its path is {@code .../clusters/{c}/proxy/<path>} and {@link ForwardSettings#proxyPath()}: {@code <path>} as it
 *       is, every method;
 *   <li>it carries {@code X-Clusterpedia-Forward: true} and addresses one cluster (a resource or discovery);
 *   <li>its {@code labelSelector} has a requirement on {@value ForwardPaths#FORWARD_LABEL} (removed before forwarding);
 *   <li>it addresses an allowed subresource, e.g. {@code pods/{name}/log}.
 * </ol>
 *
 * Unlike Clusterpedia, a request without proxy credentials is refused (403) unless the PediaCluster's own credentials
 * may be used, rather than sent anonymously; and TLS is verified unless the cluster is registered as insecure.
 */
public final class Forwarding {
  /** Whether a cluster syncs the type a resource path names (the directory's view). */
  @FunctionalInterface
  public interface SyncedTypes {
    boolean synced(String cluster, ApiPath.Resource path);
  }

  static final String NO_CREDENTIALS = "forwarding needs credentials for the member cluster: send"
      + " X-Clusterpedia-Proxy-Token (or X-Clusterpedia-Proxy-Client-Cert and -Client-Key, base64 of PEM), or set "
      + ForwardSettings.ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY + "=true to use the PediaCluster's own credentials";
  static final String NO_UPGRADE = "%s needs a connection upgrade (SPDY/WebSocket), which API Gateway HTTP APIs"
      + " cannot carry: use the member cluster's API server directly";

  private final ForwardSettings settings;
  private final Forwarder forwarder;
  private final Function<String, Optional<ForwardTarget>> targets;
  private final CredentialResolver resolver;

  /**
   * @param targets a registered cluster's API server and spec, by name
   * @param resolver reads a PediaCluster spec's credentials (only with
   *     {@link ForwardSettings#pediaClusterCredentials()})
   */
  public Forwarding(ForwardSettings settings, Forwarder forwarder, Function<String, Optional<ForwardTarget>> targets,
      CredentialResolver resolver) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Forwarding with {@code settings} to the clusters of {@code registry}, whose credentials {@code resolver} reads, and
   * answers of at most {@code maxBodyBytes}.
   */
  public static Forwarding over(ForwardSettings settings, io.cloudpedia.registry.ClusterRegistry registry,
      CredentialResolver resolver, long maxBodyBytes) {
    return new Forwarding(settings, new Forwarder(settings.timeout(), settings.followFor(), maxBodyBytes),
        ForwardTargets.from(registry, resolver), resolver);
  }

  public ForwardSettings settings() {
    return settings;
  }

  /** The member cluster's answer if {@code request} is to be forwarded; empty to serve it from the store. */
  public Optional<ApiResponse> handle(ApiRequest request, ApiPath path, SyncedTypes synced) {
    return handle(request, path, synced, Optional.empty());
  }

  /**
   * @param caller the authorized caller, when a policy applies: the proxy path needs {@code forward} on every type of
   *     the cluster, a forwarded resource request {@code forward} on its type and namespace, a subresource
   *     {@code proxy:<subresource>}
   */
  public Optional<ApiResponse> handle(ApiRequest request, ApiPath path, SyncedTypes synced,
      Optional<Caller> caller) {
    Optional<ForwardPaths.ProxyPath> proxy = ForwardPaths.proxyPath(request.path());
    if (proxy.isPresent()) {
      if (!settings.proxyPath()) {
        return Optional.empty();
      }
      refuseUpgrade(request, "this request");
      caller.ifPresent(c -> c.require(proxy.get().cluster(), "", "*", "*", Action.FORWARD, "proxy"));
      return Optional.of(send(request, proxy.get().cluster(), proxy.get().rest(), request.query()));
    }
    if (path.scope() instanceof Scope.Root) {
      return Optional.empty();
    }
    boolean header = ProxyHeaders.asksToForward(request);
    Optional<String> selector = request.queryValue("labelSelector").flatMap(ForwardPaths::withoutForwardLabel);
    Optional<String> subresource = path instanceof ApiPath.Resource r ? allowedSubresource(r) : Optional.empty();
    if (!header && selector.isEmpty() && subresource.isEmpty()) {
      return Optional.empty();
    }
    String cluster = path.scope().clusterName().orElseThrow(() -> ApiException.badRequest(ForwardPaths.NEEDS_CLUSTER));
    if (subresource.isPresent() && ForwardSettings.UPGRADE.contains(subresource.get())) {
      throw ApiException.badRequest(String.format(NO_UPGRADE, subresource.get()));
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD") && !settings.proxyPath()) {
      throw ApiException.methodNotAllowed("only get and list are forwarded unless "
          + ForwardSettings.ENABLE_PROXY_PATH + " is set");
    }
    if (path instanceof ApiPath.Resource r && !settings.allowUnsynced() && !synced.synced(cluster, r)) {
      throw new ApiException("NotFound", 404, "the server could not find the requested resource");
    }
    if (caller.isPresent()) {
      if (path instanceof ApiPath.Resource r) {
        Action action = subresource.map(sub -> Action.proxy(sub.substring(sub.indexOf('/') + 1)))
            .orElse(Action.FORWARD);
        caller.get().require(cluster, r.namespace().orElse(""), r.group(), r.resource(), action, "forward");
      } else {
        caller.get().require(cluster, "", "*", "*", Action.FORWARD, "forward");
      }
    }
    Map<String, List<String>> query = request.query();
    if (selector.isPresent()) {
      query = new LinkedHashMap<>(query);
      if (selector.get().isEmpty()) {
        query.remove("labelSelector");
      } else {
        query.put("labelSelector", List.of(selector.get()));
      }
    }
    return Optional.of(send(request, cluster, memberPath(request.path()), query));
  }

  /** The subresource ({@code pods/log}) a path addresses if forwarding serves it. */
  private Optional<String> allowedSubresource(ApiPath.Resource r) {
    if (r.subresource().isEmpty() || r.name().isEmpty() || !r.group().isEmpty()) {
      return Optional.empty();
    }
    String first = r.subresource().get().split("/", 2)[0];
    return settings.allows(r.resource(), first) ? Optional.of(r.resource() + "/" + first) : Optional.empty();
  }

  /**
   * Refuses a request for a WebSocket or SPDY connection. {@code Upgrade: h2c} (HTTP/2 over cleartext, which Java's
   * and curl's HTTP/2 clients offer on every request) is not one: it is the carrier's to decline, and is not sent on.
   */
  private static void refuseUpgrade(ApiRequest request, String what) {
    String upgrade = request.header("upgrade").orElse("").toLowerCase(java.util.Locale.ROOT);
    if (upgrade.contains("websocket") || upgrade.contains("spdy")) {
      throw ApiException.badRequest(String.format(NO_UPGRADE, what));
    }
  }

  private ApiResponse send(ApiRequest request, String cluster, String memberPath, Map<String, List<String>> query) {
    ForwardTarget target = targets.apply(cluster).orElseThrow(() -> ApiException.badRequest(
        "cluster " + cluster + " is not registered with an API server (a PediaCluster with spec.apiserver or"
            + " credentials): requests cannot be forwarded to it"));
    ClusterCredentials credentials = credentials(request, cluster, target);
    return forwarder.forward(cluster, Forwarder.Outgoing.of(request, memberPath, query), credentials);
  }

  private ClusterCredentials credentials(ApiRequest request, String cluster, ForwardTarget target) {
    ProxyHeaders.Supplied supplied = ProxyHeaders.credentials(request.headers());
    if (supplied.any()) {
      if (supplied.certPem().isPresent() != supplied.keyPem().isPresent()) {
        throw ApiException.badRequest(
            "X-Clusterpedia-Proxy-Client-Cert and X-Clusterpedia-Proxy-Client-Key must be given together");
      }
      // Trust is the registered cluster's: its CA (not a secret) or insecure flag, unless the request gives a CA.
      Optional<String> ca = supplied.caPem().or(() -> registeredCa(target));
      boolean insecure = ca.isEmpty() && target.spec().path("insecureSkipTLSVerify").asBoolean(false);
      return new ClusterCredentials(target.server(), ca, supplied.certPem(), supplied.keyPem(), supplied.token(),
          insecure);
    }
    if (!settings.pediaClusterCredentials()) {
      throw new ApiException("Forbidden", 403, NO_CREDENTIALS);
    }
    Resolution resolution = resolver.resolve(target.spec());
    if (resolution instanceof Resolution.Resolved resolved) {
      ClusterCredentials c = resolved.credentials();
      // The registered server is the only target, whatever the credentials' source says.
      return new ClusterCredentials(target.server(), c.caPem(), c.certPem(), c.keyPem(), c.token(),
          c.insecureSkipTlsVerify());
    }
    throw ApiException.badRequest("cannot forward to cluster " + cluster + ": "
        + ((Resolution.Invalid) resolution).message());
  }

  private static Optional<String> registeredCa(ForwardTarget target) {
    String data = target.spec().path("caData").asText("");
    if (data.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(PediaClusters.decodeBase64(data), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The native path below {@code .../clusters/{c}}: {@code /api/v1/...}. */
  private static String memberPath(String path) {
    String prefix = io.cloudpedia.api.path.PathResolver.RESOURCES + "/clusters/";
    int slash = path.indexOf('/', prefix.length());
    // The cluster's own root (.../clusters/c1) is the member's root.
    return slash < 0 ? "/" : path.substring(slash);
  }
}
