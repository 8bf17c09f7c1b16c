package io.cloudpedia.api.collections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.access.Caller;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.discovery.Discovery;
import io.cloudpedia.api.discovery.SyncedType;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.list.ListEngine;
import io.cloudpedia.api.list.ListResult;
import io.cloudpedia.api.list.ListSpec;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.api.render.ListBodies;
import io.cloudpedia.api.render.Output;
import io.cloudpedia.api.search.SearchQuery;
import io.cloudpedia.api.search.SearchQueryParser;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.api.table.ClusterObject;
import io.cloudpedia.api.table.Column;
import io.cloudpedia.api.table.CollectionPrinter;
import io.cloudpedia.api.table.IncludeObject;
import io.cloudpedia.api.table.ListInfo;
import io.cloudpedia.api.table.Printer;
import io.cloudpedia.api.table.TableConverter;
import io.cloudpedia.api.table.TableOptions;
import io.cloudpedia.auth.policy.Action;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Serves {@code /apis/clusterpedia.io/v1beta1/collectionresources}: the catalogue ({@code CollectionResourceList}), and
 * {@code .../collectionresources/{name}}, one search over the collection's types answered as a
 * {@code CollectionResource} (or a Table with Cluster, Group, Version, Kind, Namespace, Name, Age).
 *
 * <p>A page reads the types in the collection's order (group, version, resource), each with the resource list's
 * engine: the same search labels, selectors, ordering (within each type) and byte budget, and at most one bounded
 * engine call per type on the page. The continue token names the type it stops in and the position inside it.
 * Owner search is not applied (as Clusterpedia), with a warning.
 */
public final class CollectionApi {
  public static final String GROUP = "clusterpedia.io";
  public static final String VERSION = "v1beta1";
  public static final String RESOURCE = "collectionresources";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  static final String OWNER_IGNORED = "owner search is not applied to collection resources: the owner parameters"
      + " were ignored";

  /** Injects events into a type's items (the resource lists' {@code inject-events}). */
  @FunctionalInterface
  public interface EventInjection {
    List<StoredObject> inject(SyncedType type, List<StoredObject> items, SearchQuery query, List<String> warnings);
  }

  private final ListEngine engine;
  private final ContinueTokens tokens;
  private final int defaultLimit;
  private final long pageByteBudget;
  private final Clock clock;

  public CollectionApi(ListEngine engine, ContinueTokens tokens, int defaultLimit, long pageByteBudget, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.defaultLimit = defaultLimit;
    this.pageByteBudget = pageByteBudget;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether {@code path} addresses the collection resources. */
  public static boolean addresses(ApiPath.Resource path) {
    return path.group().equals(GROUP) && path.version().equals(VERSION) && path.resource().equals(RESOURCE);
  }

  /**
   * @param fingerprint what the request's continue tokens are bound to
   */
  public ApiResponse handle(ApiRequest request, ApiPath.Resource path, ClusterDirectory.Snapshot snapshot,
      String fingerprint, EventInjection events, Optional<Caller> caller, List<String> warnings) {
    if (path.namespace().isPresent() || path.subresource().isPresent()) {
      throw new ApiException("NotFound", 404, "the server could not find the requested resource");
    }
    if (path.watchPath() || request.queryValue("watch").map(v -> !v.equals("false") && !v.equals("0"))
        .orElse(false)) {
      throw ApiException.methodNotAllowed("watch is not served: collection resources answer list and get");
    }
    Output output = Output.negotiate(request.header("accept").orElse(""));
    if (output.kind() == Output.Kind.PARTIAL_METADATA) {
      throw new ApiException("NotAcceptable", 406, "collection resources are served as CollectionResource"
          + " (application/json) or as a Table (application/json;as=Table;v=v1;g=meta.k8s.io)");
    }
    if (path.name().isEmpty()) {
      return catalogue(request, output, warnings);
    }
    BuiltinCollection collection = BuiltinCollection.named(path.name().get())
        .orElseThrow(() -> ApiException.notFound(GROUP, RESOURCE, path.name().get()));
    return search(request, collection, snapshot, fingerprint, events, caller, output, warnings);
  }

  // ---- the catalogue ---------------------------------------------------------------------------------------------

  private ApiResponse catalogue(ApiRequest request, Output output, List<String> warnings) {
    if (output.kind() == Output.Kind.TABLE) {
      List<ObjectNode> definitions = new ArrayList<>();
      for (BuiltinCollection c : BuiltinCollection.values()) {
        definitions.add(definition(c));
      }
      ObjectNode table = TableConverter.toTableOfOwnObjects(CataloguePrinter.INSTANCE, definitions,
          TableOptions.DEFAULT.withIncludeObject(IncludeObject.of(request)), clock.instant());
      return output.tableResponse(table, warnings);
    }
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", "CollectionResourceList");
    list.put("apiVersion", API_VERSION);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    for (BuiltinCollection c : BuiltinCollection.values()) {
      items.add(definition(c));
    }
    return ApiResponse.of(200, ApiResponse.JSON, ListBodies.bytes(list), warnings);
  }

  /** A collection as the catalogue lists it: its name and the types it is made of. */
  static ObjectNode definition(BuiltinCollection collection) {
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("kind", "CollectionResource");
    c.put("apiVersion", API_VERSION);
    c.putObject("metadata").put("name", collection.collectionName()).putNull("creationTimestamp");
    ArrayNode types = c.putArray("resourceTypes");
    switch (collection) {
      case WORKLOADS -> BuiltinCollection.WORKLOAD_RESOURCES.forEach(r -> types.add(resourceType("apps", "", r, "")));
      case KUBERESOURCES -> Discovery.builtinGroups().forEach(g -> types.add(resourceType(g, "", "", "")));
      case ANY -> { }
    }
    return c;
  }

  private static ObjectNode resourceType(String group, String version, String resource, String kind) {
    ObjectNode t = Json.mapper().createObjectNode();
    t.put("group", group);
    t.put("version", version);
    t.put("resource", resource);
    if (!kind.isEmpty()) {
      t.put("kind", kind);
    }
    return t;
  }

  /** The catalogue's table: Name and Resources ({@code resource.group}, {@code *.group}, or {@code *}). */
  private static final class CataloguePrinter implements Printer {
    static final CataloguePrinter INSTANCE = new CataloguePrinter();

    @Override
    public List<Column> columns() {
      return List.of(new Column("Name", "string", "name", "The name of the collection resource.", 0),
          new Column("Resources", "string", "", "The types the collection searches.", 0));
    }

    @Override
    public List<Object> cells(JsonNode object, java.time.Instant now) {
      List<String> resources = new ArrayList<>();
      for (JsonNode t : object.path("resourceTypes")) {
        String group = t.path("group").asText();
        String resource = t.path("resource").asText();
        String groupName = group.isEmpty() ? "core" : group;
        resources.add(resource.isEmpty() ? "*." + groupName : group.isEmpty() ? resource : resource + "." + group);
      }
      return List.of(object.path("metadata").path("name").asText(),
          resources.isEmpty() ? "*" : String.join(",", resources));
    }
  }

  // ---- search ----------------------------------------------------------------------------------------------------

  private ApiResponse search(ApiRequest request, BuiltinCollection collection, ClusterDirectory.Snapshot snapshot,
      String fingerprint, EventInjection events, Optional<Caller> caller, Output output, List<String> warnings) {
    SearchQuery query = SearchQueryParser.parse(request.query(), Optional.empty(), Optional.empty());
    if (query.owner().isPresent()) {
      warnings.add("299 - \"" + OWNER_IGNORED + "\"");
      query = query.withoutOwner();
    }
    List<SyncedType> types = collection.select(snapshot.global().types(), request.query()).stream()
        .filter(t -> caller.map(c -> c.seesType(t.type().group(), t.type().resource())).orElse(true)).toList();
    Optional<ContinueTokens.Cursor> start = query.continueToken().filter(t -> !t.isEmpty())
        .map(t -> tokens.openCursor(t, fingerprint));
    int limit = query.limit().orElse(defaultLimit);
    long budget = pageByteBudget;

    List<Section> page = new ArrayList<>();
    Optional<ContinueTokens.Cursor> next = Optional.empty();
    OptionalLong remaining = OptionalLong.empty();
    int first = start.map(c -> firstSection(types, c.section())).orElse(0);
    for (int i = first; i < types.size(); i++) {
      SyncedType type = types.get(i);
      List<String> clusters = clusters(snapshot, type, query, caller);
      if (clusters.isEmpty()) {
        continue;
      }
      Optional<io.cloudpedia.api.list.Position> position = start.filter(c -> c.section().equals(
          BuiltinCollection.section(type))).flatMap(ContinueTokens.Cursor::position);
      ListResult result = engine.list(new ListSpec(type.type(), type.namespaced(), clusters, query, limit, position,
          budget, visibility(caller, clusters, type)));
      List<StoredObject> items = result.items();
      if (query.injectEvents() && !items.isEmpty()) {
        items = events.inject(type, items, query, warnings);
      }
      page.add(new Section(type, items));
      limit -= result.items().size();
      for (StoredObject o : result.items()) {
        budget -= o.json().length;
      }
      if (result.next().isPresent()) {
        next = Optional.of(new ContinueTokens.Cursor(BuiltinCollection.section(type), result.next()));
        remaining = remainingFrom(result.remainingItemCount(), types, i + 1, snapshot, query, caller);
        break;
      }
      if ((limit <= 0 || budget <= 0) && i + 1 < types.size()) {
        next = Optional.of(new ContinueTokens.Cursor(BuiltinCollection.section(types.get(i + 1)),
            Optional.empty()));
        remaining = remainingFrom(OptionalLong.of(0), types, i + 1, snapshot, query, caller);
        break;
      }
    }
    Optional<String> continueToken = next.map(c -> tokens.issue(c, fingerprint));
    if (output.kind() == Output.Kind.TABLE) {
      List<ClusterObject> rows = new ArrayList<>();
      for (Section s : page) {
        for (StoredObject o : s.items()) {
          rows.add(new ClusterObject(o.key().cluster(), ListBodies.parse(o)));
        }
      }
      ObjectNode table = TableConverter.toTable(CollectionPrinter.INSTANCE, rows, TableOptions.DEFAULT
          .withList(new ListInfo("", continueToken, remaining)).withIncludeObject(IncludeObject.of(request)),
          clock.instant());
      return output.tableResponse(table, warnings);
    }
    return ApiResponse.of(200, ApiResponse.JSON,
        body(collection, page, continueToken, remaining, query.onlyMetadata()), warnings);
  }

  private record Section(SyncedType type, List<StoredObject> items) {}

  /** The index of the section a cursor names, or of the first after it (its type is no longer synced). */
  private static int firstSection(List<SyncedType> types, String section) {
    for (int i = 0; i < types.size(); i++) {
      if (BuiltinCollection.section(types.get(i)).compareTo(section) >= 0) {
        return i;
      }
    }
    return types.size();
  }

  private static List<String> clusters(ClusterDirectory.Snapshot snapshot, SyncedType type, SearchQuery query,
      Optional<Caller> caller) {
    List<String> syncing = snapshot.clustersSyncing(type.type());
    List<String> wanted = query.clusters().isEmpty() ? syncing
        : syncing.stream().filter(query.clusters()::contains).toList();
    return caller.map(c -> c.clustersSeeing(wanted, type.type().group(), type.type().resource(), Action.READ))
        .orElse(wanted);
  }

  private static Optional<ListSpec.Visibility> visibility(Optional<Caller> caller, List<String> clusters,
      SyncedType type) {
    return caller.flatMap(c -> c.visibility(clusters, type.type().group(), type.type().resource(), Action.READ));
  }

  /**
   * With {@code withRemainingCount}: what remains in the current type plus every item of the types after it (one
   * counting read per type, only when asked for); empty when not asked for or unknown.
   */
  private OptionalLong remainingFrom(OptionalLong inCurrent, List<SyncedType> types, int from,
      ClusterDirectory.Snapshot snapshot, SearchQuery query, Optional<Caller> caller) {
    if (!query.withRemainingCount().orElse(false) || inCurrent.isEmpty()) {
      return OptionalLong.empty();
    }
    long total = inCurrent.getAsLong();
    for (int i = from; i < types.size(); i++) {
      SyncedType type = types.get(i);
      List<String> clusters = clusters(snapshot, type, query, caller);
      if (clusters.isEmpty()) {
        continue;
      }
      ListResult count = engine.list(new ListSpec(type.type(), type.namespaced(), clusters, query, 1,
          Optional.empty(), Long.MAX_VALUE, visibility(caller, clusters, type)));
      if (count.next().isPresent() && count.remainingItemCount().isEmpty()) {
        return OptionalLong.empty();
      }
      total += count.items().size() + count.remainingItemCount().orElse(0);
    }
    return OptionalLong.of(total);
  }

  /**
   * {@code {"apiVersion":..,"kind":"CollectionResource","metadata":{..},"resourceTypes":[..],"items":[<stored
   * JSON>,..],"continue":..,"remainingItemCount":..}}, the stored objects copied as they are.
   */
  static byte[] body(BuiltinCollection collection, List<Section> page, Optional<String> continueToken,
      OptionalLong remaining, boolean onlyMetadata) {
    ObjectNode head = Json.mapper().createObjectNode();
    head.put("apiVersion", API_VERSION);
    head.put("kind", "CollectionResource");
    head.putObject("metadata").put("name", collection.collectionName()).putNull("creationTimestamp");
    ArrayNode resourceTypes = head.putArray("resourceTypes");
    Map<String, SyncedType> present = new LinkedHashMap<>();
    for (Section s : page) {
      if (!s.items().isEmpty()) {
        present.putIfAbsent(BuiltinCollection.section(s.type()), s.type());
      }
    }
    present.values().forEach(t -> resourceTypes.add(resourceType(t.type().group(), t.type().version(),
        t.type().resource(), t.kind())));
    String headJson = head.toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    out.writeBytes(headJson.substring(0, headJson.length() - 1).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(",\"items\":[".getBytes(StandardCharsets.UTF_8));
    boolean first = true;
    for (Section s : page) {
      for (StoredObject o : s.items()) {
        if (!first) {
          out.write(',');
        }
        first = false;
        out.writeBytes(onlyMetadata ? onlyMetadata(o) : o.json());
      }
    }
    out.write(']');
    ObjectNode tail = Json.mapper().createObjectNode();
    continueToken.ifPresent(c -> tail.put("continue", c));
    remaining.ifPresent(n -> tail.put("remainingItemCount", n));
    if (!tail.isEmpty()) {
      String tailJson = tail.toString();
      out.write(',');
      out.writeBytes(tailJson.substring(1, tailJson.length() - 1).getBytes(StandardCharsets.UTF_8));
    }
    out.write('}');
    return out.toByteArray();
  }

  private static byte[] onlyMetadata(StoredObject o) {
    JsonNode object = ListBodies.parse(o);
    ObjectNode item = Json.mapper().createObjectNode();
    item.set("apiVersion", object.path("apiVersion"));
    item.set("kind", object.path("kind"));
    item.set("metadata", object.path("metadata"));
    return ListBodies.bytes(item);
  }

}
