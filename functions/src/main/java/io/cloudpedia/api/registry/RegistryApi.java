package io.cloudpedia.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.api.render.ListBodies;
import io.cloudpedia.api.render.Output;
import io.cloudpedia.api.table.IncludeObject;
import io.cloudpedia.api.table.TableConverter;
import io.cloudpedia.api.table.TableOptions;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.api.status.StatusCause;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.ClusterRegistry;
import io.cloudpedia.registry.PediaClusters;
import io.cloudpedia.registry.RegistryException;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.registry.Stored;
import io.cloudpedia.store.SyncStateStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster registry at the API root: {@code cluster.clusterpedia.io/v1alpha2} PediaClusters and
 * ClusterSyncResources with get, list, create, update, JSON merge patch (what {@code kubectl apply} sends for custom
 * kinds), delete and the PediaCluster {@code status} subresource.
 *
 * <p>A PediaCluster's {@code status} is computed when read, from the agents' reports ({@link ClusterStatus}), so it
 * is never stale. Clusters whose agents report but that nobody registered are listed too, read-only (what
 * {@code cloudpedia local} syncs), so that {@code kubectl get pediaclusters} shows every cluster that is searched.
 *
 * <p>Deleting a PediaCluster marks it and deletes what is stored for it in bounded steps ({@link ClusterPurge}): one
 * step in the delete request, one more on every read of it, until nothing is left and it is gone (kubectl's delete
 * waits for that by reading it).
 */
public final class RegistryApi {
  /** Objects deleted per request while a cluster is being deleted: bounded, so a request stays well inside its timeout. */
  static final int PURGE_STEP = 500;
  private static final Logger LOG = LoggerFactory.getLogger(RegistryApi.class);

  private final ClusterRegistry registry;
  private final SyncStateStore syncState;
  private final ClusterPurge purge;
  private final ClusterStatus status;
  private final Clock clock;
  private final int purgeStep;

  public RegistryApi(
      ClusterRegistry registry, SyncStateStore syncState, ClusterPurge purge, ClusterStatus status, Clock clock) {
    this(registry, syncState, purge, status, clock, PURGE_STEP);
  }

  RegistryApi(
      ClusterRegistry registry, SyncStateStore syncState, ClusterPurge purge, ClusterStatus status, Clock clock,
      int purgeStep) {
    this.purgeStep = purgeStep;
    this.registry = Objects.requireNonNull(registry, "registry");
    this.syncState = Objects.requireNonNull(syncState, "syncState");
    this.purge = Objects.requireNonNull(purge, "purge");
    this.status = Objects.requireNonNull(status, "status");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The registry kind a root-scoped resource path addresses, if any. */
  public static Optional<RegistryKind> kindOf(ApiPath.Resource path) {
    if (!path.group().equals(RegistryKind.GROUP) || !path.version().equals(RegistryKind.VERSION)
        || path.namespace().isPresent()) {
      return Optional.empty();
    }
    return RegistryKind.ofResource(path.resource()).filter(k -> k.resource().equals(path.resource()));
  }

  /** Whether a cluster is registered and being deleted: its objects must not be searched any more. */
  public boolean deleting(String cluster) {
    return registry.get(RegistryKind.PEDIA_CLUSTER, cluster)
        .map(s -> s.object().path("metadata").has("deletionTimestamp")).orElse(false);
  }

  public ApiResponse handle(ApiRequest request, ApiPath.Resource path, RegistryKind kind) {
    return handle(request, path, kind, name -> true);
  }

  /** @param visible the names a list shows (the caller's authorization) */
  public ApiResponse handle(ApiRequest request, ApiPath.Resource path, RegistryKind kind,
      java.util.function.Predicate<String> visible) {
    if (path.watchPath() || "true".equals(request.queryValue("watch").orElse(""))) {
      throw ApiException.methodNotAllowed("watch is not served: list " + kind.resource() + " instead");
    }
    Optional<String> subresource = path.subresource();
    if (subresource.isPresent() && !(kind.hasStatus() && subresource.get().equals("status"))) {
      throw new ApiException("NotFound", 404, "the server could not find the requested resource");
    }
    Optional<String> name = path.name();
    switch (request.method()) {
      case "GET":
      case "HEAD":
        return name.isEmpty() ? list(request, kind, visible) : get(request, kind, name.get());
      case "POST":
        if (name.isPresent()) {
          throw ApiException.methodNotAllowed("POST creates in the collection: " + kind.resource());
        }
        return create(request, kind);
      case "PUT":
        if (subresource.isPresent()) {
          throw ApiException.methodNotAllowed("the status of a PediaCluster is computed from its agent's reports");
        }
        return update(request, kind, requireName(name), body(request));
      case "PATCH":
        if (subresource.isPresent()) {
          throw ApiException.methodNotAllowed("the status of a PediaCluster is computed from its agent's reports");
        }
        return patch(request, kind, requireName(name));
      case "DELETE":
        return delete(kind, requireName(name));
      default:
        throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private static String requireName(Optional<String> name) {
    return name.orElseThrow(() -> ApiException.methodNotAllowed("deleting or updating a collection is not served"));
  }

  // ---- reads -----------------------------------------------------------------------------------------------------

  private ApiResponse list(ApiRequest request, RegistryKind kind, java.util.function.Predicate<String> visible) {
    Map<String, ObjectNode> objects = new TreeMap<>();
    for (Stored s : registry.list(kind)) {
      objects.put(s.name(), s.object());
    }
    if (kind == RegistryKind.PEDIA_CLUSTER) {
      // Clusters that report without being registered (agents with a local configuration, cloudpedia local).
      for (String cluster : syncState.clusters()) {
        objects.computeIfAbsent(cluster, ClusterStatus::unregistered);
      }
      objects.replaceAll((n, o) -> status.withStatus(o));
    }
    objects.keySet().removeIf(n -> !visible.test(n));
    Output output = Output.negotiate(request.header("accept").orElse(""));
    if (output.kind() == Output.Kind.TABLE) {
      return table(kind, objects.values(), request, output);
    }
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("apiVersion", kind.apiVersion());
    list.put("kind", kind.kind() + "List");
    list.putObject("metadata").put("resourceVersion", "");
    ArrayNode items = list.putArray("items");
    objects.values().forEach(items::add);
    return ok(list);
  }

  private ApiResponse get(ApiRequest request, RegistryKind kind, String name) {
    Optional<Stored> stored = registry.get(kind, name);
    if (stored.isPresent() && stored.get().object().path("metadata").has("deletionTimestamp")) {
      stored = continueDeleting(stored.get());
    }
    ObjectNode object;
    String etag;
    if (stored.isPresent()) {
      object = stored.get().object();
      etag = "\"" + stored.get().resourceVersion() + "\"";
    } else if (kind == RegistryKind.PEDIA_CLUSTER && syncState.clusters().contains(name)) {
      object = ClusterStatus.unregistered(name);
      etag = "\"0\"";
    } else {
      throw ApiException.notFound(RegistryKind.GROUP, kind.resource(), name);
    }
    // A cheap conditional read for agents polling their configuration: the spec changed iff the resourceVersion did.
    if (request.header("if-none-match").map(etag::equals).orElse(false)) {
      return new ApiResponse(304, Map.of("ETag", List.of(etag)), new byte[0]);
    }
    if (kind == RegistryKind.PEDIA_CLUSTER) {
      object = status.withStatus(object);
    }
    Output output = Output.negotiate(request.header("accept").orElse(""));
    ApiResponse response = output.kind() == Output.Kind.TABLE
        ? table(kind, List.of(object), request, output)
        : ok(object);
    return new ApiResponse(response.code(), withEtag(response.headers(), etag), response.body());
  }

  private static Map<String, List<String>> withEtag(Map<String, List<String>> headers, String etag) {
    Map<String, List<String>> all = new java.util.LinkedHashMap<>(headers);
    all.put("ETag", List.of(etag));
    return all;
  }

  // ---- writes ----------------------------------------------------------------------------------------------------

  private ApiResponse create(ApiRequest request, RegistryKind kind) {
    ObjectNode object = body(request);
    validate(kind, object);
    String name = object.path("metadata").path("name").asText();
    if (kind == RegistryKind.PEDIA_CLUSTER && deleting(name)) {
      throw new ApiException("AlreadyExists", 409, kind.qualifiedResource() + " \"" + name
          + "\" is being deleted; create it again once it is gone");
    }
    try {
      Stored created = registry.create(kind, writable(kind, object));
      LOG.info("{} {} created", kind.kind(), name);
      return respond(201, kind, created.object());
    } catch (RegistryException.TooLarge e) {
      throw new ApiException("RequestEntityTooLarge", 413, e.getMessage());
    } catch (RegistryException.AlreadyExists e) {
      throw new ApiException("AlreadyExists", 409, kind.qualifiedResource() + " \"" + name + "\" already exists",
          Optional.of(new io.cloudpedia.api.status.StatusDetails(name, RegistryKind.GROUP, kind.resource(), List.of())));
    }
  }

  private ApiResponse update(ApiRequest request, RegistryKind kind, String name, ObjectNode object) {
    validate(kind, object);
    if (!object.path("metadata").path("name").asText().equals(name)) {
      throw ApiException.badRequest("the name of the object (" + object.path("metadata").path("name").asText()
          + ") does not match the name on the URL (" + name + ")");
    }
    try {
      Stored updated = registry.update(kind, writable(kind, object));
      LOG.info("{} {} updated", kind.kind(), name);
      return respond(200, kind, updated.object());
    } catch (RegistryException.NotFound e) {
      throw ApiException.notFound(RegistryKind.GROUP, kind.resource(), name);
    } catch (RegistryException.TooLarge e) {
      throw new ApiException("RequestEntityTooLarge", 413, e.getMessage());
    } catch (RegistryException.Conflict e) {
      throw new ApiException("Conflict", 409, "Operation cannot be fulfilled on " + kind.qualifiedResource() + " \""
          + name + "\": the object has been modified; please apply your changes to the latest version and try again");
    }
  }

  private ApiResponse patch(ApiRequest request, RegistryKind kind, String name) {
    String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/merge-patch+json")) {
      throw new ApiException("UnsupportedMediaType", 415, "the body of the request was in an unknown format - "
          + "accepted media types include: application/merge-patch+json (kubectl patch --type merge; kubectl apply"
          + " sends it for " + kind.kind() + ")");
    }
    Stored stored = registry.get(kind, name)
        .orElseThrow(() -> ApiException.notFound(RegistryKind.GROUP, kind.resource(), name));
    ObjectNode current = stored.object().deepCopy();
    current.remove("status");
    JsonNode patched = JsonMergePatch.apply(current, body(request));
    if (!patched.isObject()) {
      throw ApiException.badRequest("the merge patch must be a JSON object");
    }
    ObjectNode object = (ObjectNode) patched;
    ((ObjectNode) object.with("metadata")).put("resourceVersion", Long.toString(stored.resourceVersion()));
    return update(request, kind, name, object);
  }

  private ApiResponse delete(RegistryKind kind, String name) {
    if (kind == RegistryKind.CLUSTER_SYNC_RESOURCES) {
      if (!registry.remove(kind, name)) {
        throw ApiException.notFound(RegistryKind.GROUP, kind.resource(), name);
      }
      return respond(200, kind, deletedStatus(kind, name));
    }
    Stored stored;
    try {
      stored = registry.markDeleting(kind, name, clock.instant());
    } catch (RegistryException.NotFound e) {
      throw ApiException.notFound(RegistryKind.GROUP, kind.resource(), name);
    }
    LOG.info("PediaCluster {} marked for deletion; deleting its stored objects", name);
    Optional<Stored> left = continueDeleting(stored);
    return left.map(s -> respond(200, kind, status.withStatus(s.object())))
        .orElseGet(() -> respond(200, kind, deletedStatus(kind, name)));
  }

  /**
   * One bounded step of deleting the cluster's objects; the registry object goes once nothing is left. Until then its
   * {@code status.deletion} says how many objects are deleted so far.
   */
  private Optional<Stored> continueDeleting(Stored stored) {
    ClusterPurge.Step step = purge.step(stored.name(), purgeStep);
    if (step.done()) {
      registry.remove(RegistryKind.PEDIA_CLUSTER, stored.name());
      LOG.info("PediaCluster {} deleted: nothing of it is stored any more", stored.name());
      return Optional.empty();
    }
    Optional<Stored> current = registry.get(RegistryKind.PEDIA_CLUSTER, stored.name());
    if (current.isPresent()) {
      ObjectNode object = current.get().object();
      ObjectNode deletion = object.with("status").with("deletion");
      deletion.put("phase", "DeletingObjects");
      deletion.put("objectsDeleted", deletion.path("objectsDeleted").asLong(0) + step.deleted());
      try {
        current = Optional.of(registry.updateStatus(RegistryKind.PEDIA_CLUSTER, object));
      } catch (RegistryException e) {
        LOG.debug("deletion progress of {} not recorded: {}", stored.name(), e.getMessage());
      }
    }
    return current;
  }

  private static ObjectNode deletedStatus(RegistryKind kind, String name) {
    ObjectNode status = Json.mapper().createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.putObject("details").put("name", name).put("group", RegistryKind.GROUP).put("kind", kind.resource());
    return status;
  }

  /** What a client may set: everything but status (a subresource) and the server's metadata. */
  private static ObjectNode writable(RegistryKind kind, ObjectNode object) {
    ObjectNode copy = PediaClusters.normalize(kind, object);
    copy.remove("status");
    ObjectNode metadata = (ObjectNode) copy.with("metadata");
    for (String field : Set.of("uid", "creationTimestamp", "generation", "deletionTimestamp", "managedFields")) {
      metadata.remove(field);
    }
    return copy;
  }

  private static void validate(RegistryKind kind, ObjectNode object) {
    List<StatusCause> causes = PediaClusters.validate(kind, object);
    if (!causes.isEmpty()) {
      throw ApiException.invalid(RegistryKind.GROUP, kind.kind(), object.path("metadata").path("name").asText(""),
          causes);
    }
  }

  private static ObjectNode body(ApiRequest request) {
    if (request.body().length == 0) {
      throw ApiException.badRequest("the request has no body");
    }
    try {
      JsonNode node = Json.mapper().readTree(request.body());
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("the request body is not a JSON object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw ApiException.badRequest("the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private ApiResponse respond(int code, RegistryKind kind, ObjectNode object) {
    ObjectNode shown = kind == RegistryKind.PEDIA_CLUSTER && object.path("kind").asText().equals(kind.kind())
        ? status.withStatus(object)
        : object;
    return ApiResponse.json(code, ListBodies.bytes(shown));
  }

  private static ApiResponse ok(JsonNode body) {
    return ApiResponse.json(200, ListBodies.bytes(body));
  }

  // ---- table -----------------------------------------------------------------------------------------------------

  private ApiResponse table(RegistryKind kind, java.util.Collection<ObjectNode> objects, ApiRequest request,
      Output output) {
    return output.tableResponse(TableConverter.toTableOfOwnObjects(new RegistryPrinter(kind), List.copyOf(objects),
        TableOptions.DEFAULT.withIncludeObject(IncludeObject.of(request)), clock.instant()), List.of());
  }

}
