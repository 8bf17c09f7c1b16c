package io.cloudpedia.api.access;

import io.cloudpedia.api.http.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.auth.policy.Policy;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization policy on every path of the API: discovery, lists, gets, collections, the registry. */
class AccessControlKubeApiTest {
  static final String R = "/apis/clusterpedia.io/v1beta1/resources";

  Clock clock = Clock.systemUTC();
  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  Seeder seed = new Seeder(store, syncState);
  KubeApi api;

  @BeforeEach
  void setUp() throws Exception {
    for (String c : List.of("c1", "c2")) {
      seed.standardCluster(c);
      for (String ns : List.of("team-a", "team-b")) {
        seed.putPod(c, ns, "pod", Map.of());
        seed.put(c, Seeder.DEPLOYMENTS, seed.object(c, Seeder.DEPLOYMENTS, "Deployment", ns, "web", Map.of()));
      }
      seed.put(c, Seeder.NODES, seed.object(c, Seeder.NODES, "Node", "", "node-1", Map.of()));
    }
    api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
        new ContinueTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock,
        Optional.of(Registries.api(new InMemoryClusterRegistry(), store, syncState, Optional.empty(), clock)))
        .withAccessControl(AccessControl.of(Policy.parse("""
            rules:
              - principals: [reader]
                clusters: [c1]
                namespaces: [team-a]
                resources: [core/pods]
                actions: [read]
              - principals: [ops]
                clusters: ["*"]
                namespaces: ["*"]
                resources: ["*"]
                actions: [read, admin]
            """)));
  }

  ApiResponse get(String principal, String pathAndQuery) {
    return call(principal, "GET", pathAndQuery, new byte[0]);
  }

  ApiResponse call(String principal, String method, String pathAndQuery, byte[] body) {
    ApiRequest request = TestRequests.request(method, pathAndQuery, body, "Content-Type", "application/json");
    return api.handle(principal == null ? request : request.withPrincipal(principal));
  }

  static JsonNode json(ApiResponse r) {
    return TestRequests.json(r);
  }

  static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("metadata").path("uid").asText()));
    return out;
  }

  @Test
  void withoutAPrincipalEveryPathIs401() {
    for (String path : List.of("/version", "/apis", R + "/api/v1/pods", R + "/api")) {
      ApiResponse r = get(null, path);
      assertThat(r.code()).as(path).isEqualTo(401);
      assertThat(json(r).path("reason").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void listsAreFilteredNeverRefused() {
    assertThat(names(json(get("reader", R + "/api/v1/pods")))).containsExactly("c1-team-a-pod");
    assertThat(names(json(get("ops", R + "/api/v1/pods")))).hasSize(4);
    assertThat(names(json(get("reader", R + "/clusters/c2/api/v1/pods")))).isEmpty();
    assertThat(names(json(get("nobody", R + "/api/v1/pods")))).isEmpty();
  }

  @Test
  void aGetOutOfScopeIs403() {
    assertThat(get("reader", R + "/clusters/c1/api/v1/namespaces/team-a/pods/pod").code()).isEqualTo(200);
    ApiResponse r = get("reader", R + "/clusters/c1/api/v1/namespaces/team-b/pods/pod");
    assertThat(r.code()).isEqualTo(403);
    assertThat(json(r).path("message").asText()).isEqualTo("principal \"reader\" cannot get resource \"pods\" in"
        + " API group \"\" in the namespace \"team-b\" of cluster \"c1\"");
  }

  @Test
  void discoveryShowsOnlyTypesTheCallerCanSee() {
    JsonNode v1 = json(get("reader", R + "/api/v1"));
    assertThat(v1.path("resources").findValuesAsText("name")).containsExactly("pods");
    assertThat(get("reader", R + "/api/v1/nodes").code()).isEqualTo(404);
    assertThat(json(get("reader", R + "/clusters/c2/api/v1")).path("resources")).isEmpty();
    assertThat(json(get("ops", R + "/api/v1")).path("resources").findValuesAsText("name"))
        .contains("pods", "nodes");
  }

  @Test
  void collectionsAreFilteredTheSameWay() {
    JsonNode any = json(get("reader", "/apis/clusterpedia.io/v1beta1/collectionresources/any?groups=*"));
    assertThat(names(any)).containsExactly("c1-team-a-pod");
    assertThat(names(json(get("reader", "/apis/clusterpedia.io/v1beta1/collectionresources/workloads")))).isEmpty();
  }

  @Test
  void registryChangesNeedAdminAndListsShowReadableClusters() {
    byte[] cluster = ("{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\",\"metadata\":"
        + "{\"name\":\"c3\"},\"spec\":{\"apiserver\":\"https://10.0.0.3:6443\",\"syncResources\":[]}}")
        .getBytes(StandardCharsets.UTF_8);
    String path = "/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters";
    ApiResponse refused = call("reader", "POST", path, cluster);
    assertThat(refused.code()).isEqualTo(403);
    assertThat(call("ops", "POST", path, cluster).code()).isEqualTo(201);
    assertThat(json(get("reader", path)).path("items").findValuesAsText("name")).isEmpty();
    assertThat(json(get("ops", path)).path("items").size()).isEqualTo(3);
    assertThat(get("reader", path + "/c2").code()).isEqualTo(403);
  }
}
