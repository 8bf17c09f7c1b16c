package io.cloudpedia.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.path.ApiPath;
import io.cloudpedia.api.path.PathResolver;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryApiTest {
  static final String ROOT = "/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters";

  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
  Clock clock = Clock.systemUTC();
  RegistryApi api = new RegistryApi(registry, syncState, new ClusterPurge(store, syncState),
      new ClusterStatus(syncState, registry, Optional.empty(), clock, Duration.ofMinutes(3)), clock, 2);

  ApiResponse call(String method, String path, String body, Map<String, String> headers) {
    ApiRequest request = new ApiRequest(method, path, Map.of(), headers, "r",
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    ApiPath.Resource resource = (ApiPath.Resource) PathResolver.resolve(path);
    try {
      return api.handle(request, resource, RegistryKind.PEDIA_CLUSTER);
    } catch (ApiException e) {
      return ApiResponse.json(e.code(), e.toStatus().toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  static JsonNode json(ApiResponse r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  @Test
  void deletionRunsInBoundedStepsVisibleInStatusUntilNothingIsLeft() throws Exception {
    Seeder seed = new Seeder(store, syncState);
    seed.cluster("gone", true, Instant.now(), Seeder.PODS, "Pod", true);
    syncState.relistBegan("gone", Seeder.PODS, "r1", Instant.now());
    for (int i = 0; i < 5; i++) {
      seed.putPod("gone", "default", "p-" + i, Map.of());
    }
    String body = "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\","
        + "\"metadata\":{\"name\":\"gone\"},\"spec\":{\"syncResources\":[]}}";
    assertThat(call("POST", ROOT, body, Map.of()).code()).isEqualTo(201);

    JsonNode deleting = json(call("DELETE", ROOT + "/gone", null, Map.of()));
    assertThat(deleting.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(deleting.path("status").path("deletion").path("objectsDeleted").asLong()).isEqualTo(2);
    assertThat(json(call("GET", ROOT + "/gone", null, Map.of())).path("status").path("deletion")
        .path("objectsDeleted").asLong()).isEqualTo(4);
    // The last object, then nothing is left: the cluster is gone with its sync state.
    ApiResponse last = call("GET", ROOT + "/gone", null, Map.of());
    assertThat(last.code()).isIn(200, 404);
    ApiResponse gone = call("GET", ROOT + "/gone", null, Map.of());
    assertThat(gone.code()).isEqualTo(404);
    assertThat(store.list(io.cloudpedia.store.ListRequest.all("gone", Seeder.PODS, 10)).items()).isEmpty();
    assertThat(syncState.clusters()).doesNotContain("gone");
  }

  @Test
  void anUnchangedObjectAnswersNotModifiedToAConditionalRead() throws Exception {
    String body = "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\","
        + "\"metadata\":{\"name\":\"c1\"},\"spec\":{\"syncResources\":[]}}";
    call("POST", ROOT, body, Map.of());
    ApiResponse first = call("GET", ROOT + "/c1", null, Map.of());
    String etag = first.headers().get("ETag").get(0);
    assertThat(call("GET", ROOT + "/c1", null, Map.of("if-none-match", etag)).code()).isEqualTo(304);
    call("PATCH", ROOT + "/c1", "{\"spec\":{\"syncResources\":[{\"group\":\"\",\"resources\":[\"pods\"]}]}}",
        Map.of("content-type", "application/merge-patch+json"));
    assertThat(call("GET", ROOT + "/c1", null, Map.of("if-none-match", etag)).code()).isEqualTo(200);
  }

  @Test
  void writesAreValidatedAndConflictsAndUnsupportedPatchesRefused() throws Exception {
    ApiResponse invalid = call("POST", ROOT, "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\","
        + "\"kind\":\"PediaCluster\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"syncResources\":[{\"group\":\"\"}]}}",
        Map.of());
    assertThat(invalid.code()).isEqualTo(422);
    assertThat(json(invalid).path("details").path("causes").toString()).contains("spec.syncResources[0].resources");
    String body = "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\","
        + "\"metadata\":{\"name\":\"c2\",\"resourceVersion\":\"1\"},\"spec\":{\"syncResources\":[]}}";
    call("POST", ROOT, body, Map.of());
    assertThat(call("POST", ROOT, body, Map.of()).code()).isEqualTo(409);
    assertThat(call("PUT", ROOT + "/c2", body, Map.of()).code()).isEqualTo(409);
    assertThat(call("PATCH", ROOT + "/c2", "{}", Map.of("content-type", "application/strategic-merge-patch+json"))
        .code()).isEqualTo(415);
    assertThat(call("PUT", ROOT + "/c2/status", body, Map.of()).code()).isEqualTo(405);
    assertThat(call("POST", ROOT, "not json", Map.of()).code()).isEqualTo(400);
  }

  @Test
  void deletingAClusterDeletesItsEventsToo() throws Exception {
    io.cloudpedia.events.InMemoryEventStore events = new io.cloudpedia.events.InMemoryEventStore();
    RegistryApi withEvents = new RegistryApi(registry, syncState,
        new ClusterPurge(store, syncState, Optional.of(events)),
        new ClusterStatus(syncState, registry, Optional.empty(), clock, Duration.ofMinutes(3)), clock, 100);
    Seeder seed = new Seeder(store, syncState);
    seed.cluster("ev", true, Instant.now(), Seeder.PODS, "Pod", true);
    syncState.relistBegan("ev", Seeder.PODS, "r1", Instant.now());
    seed.putPod("ev", "default", "web", Map.of());
    String event = "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"web.1\","
        + "\"namespace\":\"default\",\"resourceVersion\":\"7\"},\"involvedObject\":{\"apiVersion\":\"v1\","
        + "\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"web\",\"uid\":\"ev-default-web\"}}";
    seed.put("ev", io.cloudpedia.store.GroupVersionResource.parse("v1/events"),
        Json.mapper().readTree(event));
    events.put("ev", event.getBytes(StandardCharsets.UTF_8));
    assertThat(events.eventsOf("ev", "", "Pod", "default/web", "default/web")).isNotEmpty();
    String body = "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\","
        + "\"metadata\":{\"name\":\"ev\"},\"spec\":{\"syncResources\":[]}}";
    ApiRequest create = new ApiRequest("POST", ROOT, Map.of(), Map.of(), "r", body.getBytes(StandardCharsets.UTF_8));
    withEvents.handle(create, (ApiPath.Resource) PathResolver.resolve(ROOT), RegistryKind.PEDIA_CLUSTER);
    withEvents.handle(new ApiRequest("DELETE", ROOT + "/ev", Map.of(), Map.of(), "r"),
        (ApiPath.Resource) PathResolver.resolve(ROOT + "/ev"), RegistryKind.PEDIA_CLUSTER);
    assertThat(events.eventsOf("ev", "", "Pod", "default/web", "default/web")).isEmpty();
    assertThat(store.list(io.cloudpedia.store.ListRequest.all("ev",
        io.cloudpedia.store.GroupVersionResource.parse("v1/events"), 10)).items()).isEmpty();
  }

}
