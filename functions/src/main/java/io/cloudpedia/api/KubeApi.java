package io.cloudpedia.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.access.AccessControl;
import io.cloudpedia.api.access.Caller;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.clusters.ClusterInfo;
import io.cloudpedia.api.collections.CollectionApi;
import io.cloudpedia.api.discovery.Discovery;
import io.cloudpedia.api.discovery.SyncedType;
import io.cloudpedia.api.events.EventInjector;
import io.cloudpedia.api.forward.ForwardSettings;
import io.cloudpedia.api.forward.ForwardedDiscovery;
import io.cloudpedia.api.forward.Forwarding;
import io.cloudpedia.events.EventStore;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.list.ListEngine;
import io.cloudpedia.api.list.ListResult;
import io.cloudpedia.api.list.ListSpec;
import io.cloudpedia.api.list.Position;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.api.path.PathResolver;
import io.cloudpedia.api.path.Scope;
import io.cloudpedia.api.registry.RegistryApi;
import io.cloudpedia.api.registry.RegistryOpenApi;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.api.render.ListBodies;
import io.cloudpedia.api.render.Output;
import io.cloudpedia.api.search.SearchQuery;
import io.cloudpedia.api.search.SearchQueryParser;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.api.status.Status;
import io.cloudpedia.api.table.ClusterObject;
import io.cloudpedia.api.table.IncludeObject;
import io.cloudpedia.api.table.ListInfo;
import io.cloudpedia.api.table.ResourceType;
import io.cloudpedia.api.table.TableConverter;
import io.cloudpedia.api.table.TableOptions;
import io.cloudpedia.auth.policy.Action;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes read API at Clusterpedia's paths, independent of what carries the request (API Gateway through
 * {@code ApiFunction}, or the local server). One call, one response; every failure is a Kubernetes {@code Status}.
 *
 * <p>The path is resolved first ({@link PathResolver}), then the request is dispatched on what it addresses:
 * version, discovery, or a resource's list or get.
 */
public final class KubeApi {
  public static final String GET_NEEDS_CLUSTER =
      "please specify the cluster name when using the resource name to get a specific resource.";
  public static final String WATCH_NOT_SERVED =
      "watch is not served: Cloudpedia answers list and get from its store (run kubectl get without -w/--watch)";
  static final String NOT_FOUND = "the server could not find the requested resource";
  private static final Logger LOG = LoggerFactory.getLogger(KubeApi.class);
  private static final GroupVersionResource CRDS =
      new GroupVersionResource("apiextensions.k8s.io", "v1", "customresourcedefinitions");

  private final ResourceStore store;
  private final ClusterDirectory clusters;
  private final ContinueTokens tokens;
  private final ListEngine engine;
  private final CollectionApi collections;
  private final ApiConfig config;
  private final Clock clock;
  private final Optional<RegistryApi> registry;
  private Optional<EventInjector> events = Optional.empty();
  private Optional<Forwarding> forwarding = Optional.empty();
  private Optional<AccessControl> access = Optional.empty();

  public KubeApi(
      ResourceStore store, ClusterDirectory clusters, ContinueTokens tokens, ApiConfig config, Clock clock) {
    this(store, clusters, tokens, config, clock, Optional.empty());
  }

  /**
   * @param registry the cluster registry served at the root; without it the root lists the reporting clusters
   *     read-only
   */
  public KubeApi(
      ResourceStore store, ClusterDirectory clusters, ContinueTokens tokens, ApiConfig config, Clock clock,
      Optional<RegistryApi> registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.store = Objects.requireNonNull(store, "store");
    this.clusters = Objects.requireNonNull(clusters, "clusters");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.engine = new ListEngine(store, clusters);
    this.collections = new CollectionApi(engine, tokens, config.defaultLimit(), config.pageByteBudget(), clock);
  }

  /** Serves {@code inject-events} from this store of events associated with their objects. */
  public KubeApi withEvents(EventStore eventStore) {
    this.events = Optional.of(new EventInjector(eventStore));
    return this;
  }

  /**
   * Checks every request against the authorization policy of {@code access}: requests must then carry an
   * authenticated principal (docs/security.md).
   */
  public KubeApi withAccessControl(AccessControl access) {
    this.access = Optional.of(access);
    return this;
  }

  /** Forwards requests to member clusters as {@code forwarding} decides (docs/api.md, "Forwarding"). */
  public KubeApi withForwarding(Forwarding forwarding) {
    this.forwarding = Optional.of(forwarding);
    return this;
  }

  public ApiResponse handle(ApiRequest request) {
    try {
      return dispatch(request);
    } catch (ApiException e) {
      return status(e, List.of());
    } catch (StoreUnavailableException e) {
      LOG.warn("request {}: storage unavailable: {}", request.requestId(), e.getMessage());
      return status(
          new ApiException("ServiceUnavailable", 503, "the store is unavailable for the moment, retry shortly"),
          List.of());
    } catch (RuntimeException e) {
      LOG.error("request {}: {} {} failed", request.requestId(), request.method(), request.path(), e);
      return status(ApiException.internal(request.requestId()), List.of());
    }
  }

  private ApiResponse dispatch(ApiRequest request) {
    // 401 first: nothing, not even discovery, is answered to a caller the carrier did not authenticate.
    Optional<Caller> caller = access.map(a -> a.caller(request));
    if (request.path().startsWith("/openapi/")) {
      return RegistryOpenApi.answer(request.path()).filter(doc -> registry.isPresent()).map(doc -> json(200, doc))
          .orElseThrow(() -> new ApiException("NotFound", 404, NOT_FOUND));
    }
    ApiPath path = PathResolver.resolve(request.path());
    if (registry.isPresent() && path.scope() instanceof Scope.Root && path instanceof ApiPath.Resource r) {
      Optional<RegistryKind> kind = RegistryApi.kindOf(r);
      if (kind.isPresent()) {
        if (caller.isEmpty()) {
          return registry.get().handle(request, r, kind.get());
        }
        return registry(request, r, kind.get(), caller.get());
      }
    }
    if (forwarding.isPresent()) {
      Optional<ApiResponse> forwarded = forwarding.get().handle(request, path, this::synced, caller);
      if (forwarded.isPresent()) {
        return forwarded.get();
      }
    }
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      if (path instanceof ApiPath.Unknown) {
        throw new ApiException("NotFound", 404, NOT_FOUND);
      }
      throw ApiException.methodNotAllowed(
          "the server does not allow this method on the requested resource: Cloudpedia serves get and list only");
    }
    if (path instanceof ApiPath.Unknown) {
      throw new ApiException("NotFound", 404, NOT_FOUND);
    }
    if (path instanceof ApiPath.Version) {
      return json(200, Versions.version());
    }
    if (path.scope() instanceof Scope.Root && path instanceof ApiPath.Resource r && CollectionApi.addresses(r)) {
      List<String> warnings = new ArrayList<>();
      return collections.handle(request, r, clusters.snapshot(), fingerprint(request), this::injectEvents, caller,
          warnings);
    }
    if (path.scope() instanceof Scope.Root) {
      return RootDiscovery.answer(path, registry.isPresent()).map(body -> json(200, body))
          .orElseThrow(() -> new ApiException("NotFound", 404, NOT_FOUND));
    }
    ClusterDirectory.Snapshot snapshot = clusters.snapshot();
    Optional<String> cluster = path.scope().clusterName();
    List<String> warnings = new ArrayList<>();
    if (cluster.isPresent()) {
      ClusterInfo info = snapshot.cluster(cluster.get())
          .orElseThrow(() -> new ApiException(
              "NotFound", 404, "the server could not find the requested cluster \"" + cluster.get() + "\""));
      info.notReady().ifPresent(reason -> warnings.add(warning(
          cluster.get() + " is not ready and the resources obtained may be inaccurate, reason: " + reason)));
    }
    Discovery discovery = cluster.map(snapshot::of).orElse(snapshot.global());
    if (caller.isPresent()) {
      // Types the caller can see nothing of are not served to it at all: not in discovery, 404 when asked for.
      Caller c = caller.get();
      discovery = discovery.filter(t -> cluster.map(name -> !c.clustersSeeing(List.of(name), t.type().group(),
          t.type().resource(), Action.READ).isEmpty()).orElseGet(() -> c.seesType(t.type().group(),
          t.type().resource())));
    }
    if (path instanceof ApiPath.Resource resource) {
      return resource(request, resource, snapshot, discovery, caller, warnings);
    }
    return discovery(request, path, discovery, caller, warnings);
  }

  // ---- discovery -------------------------------------------------------------------------------------------------

  private ApiResponse discovery(ApiRequest request, ApiPath path, Discovery discovery, Optional<Caller> caller,
      List<String> warnings) {
    Optional<String> aggregated =
        Discovery.acceptedAggregatedVersion(request.header("accept").orElse(""));
    // A cluster's own discovery lists the subresources forwarding serves there.
    Optional<String> cluster = path.scope().clusterName();
    java.util.function.Predicate<String> usable = sub -> caller.map(c -> c.mayAnywhere(cluster.orElse(""), "",
        sub.substring(0, sub.indexOf('/')), Action.proxy(sub.substring(sub.indexOf('/') + 1)))).orElse(true);
    ObjectNode body;
    if (path instanceof ApiPath.LegacyRoot) {
      if (aggregated.isPresent()) {
        ObjectNode doc = discovery.aggregated(Discovery.Scope.LEGACY, aggregated.get());
        if (cluster.isPresent() && forwarding.isPresent()) {
          ForwardedDiscovery.addToAggregated(doc, forwarding.get().settings(), usable);
        }
        return aggregated(doc, aggregated.get(), warnings);
      }
      body = discovery.apiVersions();
    } else if (path instanceof ApiPath.GroupList) {
      if (aggregated.isPresent()) {
        return aggregated(discovery.aggregated(Discovery.Scope.APIS, aggregated.get()), aggregated.get(), warnings);
      }
      body = discovery.apiGroupList();
    } else if (path instanceof ApiPath.LegacyVersion v) {
      body = discovery.apiResourceList("", v.version()).orElseThrow(KubeApi::notFound);
      if (cluster.isPresent() && forwarding.isPresent()) {
        ForwardedDiscovery.addToResourceList(body, forwarding.get().settings(), usable);
      }
    } else if (path instanceof ApiPath.Group g) {
      body = discovery.apiGroup(g.group()).orElseThrow(KubeApi::notFound);
    } else if (path instanceof ApiPath.GroupVersion gv) {
      body = discovery.apiResourceList(gv.group(), gv.version()).orElseThrow(KubeApi::notFound);
    } else {
      throw notFound();
    }
    return ApiResponse.of(200, ApiResponse.JSON, ListBodies.bytes(body), warnings);
  }

  private static ApiResponse aggregated(ObjectNode body, String version, List<String> warnings) {
    return ApiResponse.of(200, Discovery.aggregatedContentType(version), ListBodies.bytes(body), warnings);
  }

  // ---- resources -------------------------------------------------------------------------------------------------

  private ApiResponse resource(
      ApiRequest request, ApiPath.Resource path, ClusterDirectory.Snapshot snapshot, Discovery discovery,
      Optional<Caller> caller, List<String> warnings) {
    if (path.watchPath() || isTrue(request.queryValue("watch"))) {
      throw ApiException.methodNotAllowed(WATCH_NOT_SERVED);
    }
    SyncedType type = discovery.resolve(path.group(), path.version(), path.resource())
        .orElseThrow(KubeApi::notFound);
    if (path.subresource().isPresent()) {
      throw subresourceNotServed(path);
    }
    if (path.namespace().isPresent() && !type.namespaced()) {
      throw notFound();
    }
    Output output = Output.negotiate(request.header("accept").orElse(""));
    if (path.name().isPresent()) {
      if (caller.isPresent() && path.scope().clusterName().isPresent()) {
        caller.get().require(path.scope().clusterName().get(), path.namespace().orElse(""), type.type().group(),
            type.type().resource(), Action.READ, "get");
      }
      return get(request, path, type, output, warnings);
    }
    return list(request, path, type, snapshot, output, caller, warnings);
  }

  private ApiResponse get(
      ApiRequest request, ApiPath.Resource path, SyncedType type, Output output, List<String> warnings) {
    Optional<String> cluster = path.scope().clusterName();
    if (cluster.isEmpty()) {
      throw ApiException.badRequest(GET_NEEDS_CLUSTER);
    }
    String name = path.name().get();
    ObjectKey key = new ObjectKey(cluster.get(), type.type(), path.namespace().orElse(""), name);
    StoredObject object = store.get(key)
        .orElseThrow(() -> ApiException.notFound(path.group(), path.resource(), name));
    SearchQuery query = SearchQueryParser.parse(request.query(), cluster, path.namespace());
    if (query.injectEvents()) {
      object = injectEvents(type, List.of(object), query, warnings).get(0);
    }
    switch (output.kind()) {
      case TABLE:
        return table(request, type, List.of(object), ListInfo.EMPTY, output, warnings);
      case PARTIAL_METADATA:
        return ApiResponse.of(200, ApiResponse.JSON,
            ListBodies.bytes(ListBodies.partialMetadata(output.metaVersion(), ListBodies.parse(object))), warnings);
      case OBJECT:
      default:
        return ApiResponse.of(200, ApiResponse.JSON, object.json(), warnings);
    }
  }

  private ApiResponse list(
      ApiRequest request, ApiPath.Resource path, SyncedType type, ClusterDirectory.Snapshot snapshot,
      Output output, Optional<Caller> caller, List<String> warnings) {
    SearchQuery query = SearchQueryParser.parse(request.query(), path.scope().clusterName(), path.namespace());
    List<String> syncing = snapshot.clustersSyncing(type.type());
    List<String> wanted = query.clusters().isEmpty()
        ? syncing
        : syncing.stream().filter(query.clusters()::contains).toList();
    String group = type.type().group();
    String resource = type.type().resource();
    List<String> selected = caller.map(c -> c.clustersSeeing(wanted, group, resource, Action.READ)).orElse(wanted);
    Optional<ListSpec.Visibility> visibility =
        caller.flatMap(c -> c.visibility(selected, group, resource, Action.READ));
    String fingerprint = fingerprint(request);
    Optional<Position> start = query.continueToken().filter(t -> !t.isEmpty()).map(t -> tokens.open(t, fingerprint));
    int limit = query.limit().orElse(config.defaultLimit());
    ListResult result = engine.list(
        new ListSpec(type.type(), type.namespaced(), selected, query, limit, start, config.pageByteBudget(),
            visibility));
    if (query.injectEvents()) {
      result = new ListResult(injectEvents(type, result.items(), query, warnings), result.next(),
          result.remainingItemCount());
    }
    Optional<String> continueToken = result.next().map(p -> tokens.issue(p, fingerprint));
    ListBodies.ListMeta meta = new ListBodies.ListMeta(continueToken, result.remainingItemCount());
    String apiVersion = type.type().apiVersion();
    String listKind = type.kind() + "List";
    switch (output.kind()) {
      case TABLE:
        ListInfo info = new ListInfo("", continueToken, result.remainingItemCount());
        return table(request, type, result.items(), info, output, warnings);
      case PARTIAL_METADATA:
        return ApiResponse.of(200, ApiResponse.JSON,
            ListBodies.partialMetadataList(output.metaVersion(), meta, result.items()), warnings);
      case OBJECT:
      default:
        byte[] body = query.onlyMetadata()
            ? ListBodies.onlyMetadataList(apiVersion, listKind, meta, result.items())
            : ListBodies.list(apiVersion, listKind, meta, result.items());
        return ApiResponse.of(200, ApiResponse.JSON, body, warnings);
    }
  }

  private List<StoredObject> injectEvents(
      SyncedType type, List<StoredObject> items, SearchQuery query, List<String> warnings) {
    if (events.isEmpty()) {
      warnings.add(warning("inject-events is not served by this server: the objects are returned without events"));
      return items;
    }
    return events.get().inject(type, items, query);
  }

  private ApiResponse table(
      ApiRequest request, SyncedType type, List<StoredObject> objects, ListInfo info, Output output,
      List<String> warnings) {
    IncludeObject include = IncludeObject.of(request);
    ResourceType resourceType =
        ResourceType.of(type.type().group(), type.type().version(), type.type().resource(), type.kind());
    TableOptions options = TableOptions.DEFAULT.withList(info).withIncludeObject(include);
    Optional<JsonNode> crd = customResourceDefinition(type, objects);
    if (crd.isPresent()) {
      options = options.withCustomResourceDefinition(crd.get());
    }
    List<ClusterObject> rows = new ArrayList<>(objects.size());
    for (StoredObject o : objects) {
      rows.add(new ClusterObject(o.key().cluster(), ListBodies.parse(o)));
    }
    return output.tableResponse(TableConverter.toTable(resourceType, rows, options, clock.instant()), warnings);
  }

  /**
   * The CRD of a custom resource type, if a cluster of the page syncs CRDs: its additionalPrinterColumns make the
   * table. One read per cluster of the page, at most.
   */
  private Optional<JsonNode> customResourceDefinition(SyncedType type, List<StoredObject> objects) {
    // Built-in groups without a dot (apps, batch, policy, ...) are never CRDs.
    if (!type.type().group().contains(".")) {
      return Optional.empty();
    }
    String crdName = type.type().resource() + "." + type.type().group();
    Set<String> tried = new java.util.HashSet<>();
    for (StoredObject o : objects) {
      if (tried.add(o.key().cluster())) {
        Optional<StoredObject> crd = store.get(new ObjectKey(o.key().cluster(), CRDS, "", crdName));
        if (crd.isPresent()) {
          return Optional.of(ListBodies.parse(crd.get()));
        }
      }
    }
    return Optional.empty();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /**
   * What a continue token is bound to: the path and every query parameter but {@code limit} and {@code continue}
   * (kubectl repeats them on every page), so a token cannot continue a different search.
   */
  static String fingerprint(ApiRequest request) {
    Map<String, List<String>> params = new TreeMap<>(request.query());
    params.remove("limit");
    params.remove("continue");
    StringBuilder canonical = new StringBuilder(request.path());
    params.forEach((k, v) -> canonical.append('\n').append(k).append('=').append(String.join("\u0000", v)));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Whether the cluster reports and syncs the type: what forwarding requires unless unsynced types are allowed. */
  private boolean synced(String cluster, ApiPath.Resource path) {
    ClusterDirectory.Snapshot snapshot = clusters.snapshot();
    return snapshot.cluster(cluster).isPresent()
        && snapshot.of(cluster).resolve(path.group(), path.version(), path.resource()).isPresent();
  }

  private static boolean isTrue(Optional<String> value) {
    return value.map(v -> v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
  }

  /** A Kubernetes warning header value: {@code 299 - "text"}. */
  static String warning(String text) {
    return "299 - \"" + text.replace("\"", "'") + "\"";
  }

  private static ApiException notFound() {
    return new ApiException("NotFound", 404, NOT_FOUND);
  }

  /**
   * A registry request of an authorized caller: changes need {@code admin}, reads {@code read}, on the PediaCluster's
   * name as the cluster; lists show only the clusters the caller may read.
   */
  private ApiResponse registry(ApiRequest request, ApiPath.Resource path, RegistryKind kind, Caller caller) {
    String name = path.name().orElse("");
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    if (!read) {
      caller.require(name, "", RegistryKind.GROUP, kind.resource(), Action.ADMIN,
          request.method().toLowerCase(java.util.Locale.ROOT));
    } else if (!name.isEmpty()) {
      caller.require(name, "", RegistryKind.GROUP, kind.resource(), Action.READ, "get");
    }
    return registry.orElseThrow().handle(request, path, kind,
        n -> caller.may(n, "", RegistryKind.GROUP, kind.resource(), Action.READ));
  }

  /** The index serves no subresource; those forwarding can serve say how to enable them. */
  private static ApiException subresourceNotServed(ApiPath.Resource path) {
    String subresource = path.resource() + "/" + path.subresource().orElseThrow().split("/", 2)[0];
    if (path.group().isEmpty() && ForwardSettings.SUPPORTED.contains(subresource)) {
      return new ApiException("NotFound", 404, subresource + " is not served from the index: it is forwarded to the"
          + " member cluster when " + ForwardSettings.ALLOWED_PROXY_SUBRESOURCES + " lists it");
    }
    return notFound();
  }

  private static ApiResponse json(int code, JsonNode body) {
    return ApiResponse.json(code, ListBodies.bytes(body));
  }

  private static ApiResponse status(ApiException e, List<String> warnings) {
    return ApiResponse.of(e.code(), ApiResponse.JSON, Status.of(e).toJson().getBytes(StandardCharsets.UTF_8), warnings);
  }

}
