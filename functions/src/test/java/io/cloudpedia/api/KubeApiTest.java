package io.cloudpedia.api;

import io.cloudpedia.api.http.TestRequests;
import static io.cloudpedia.api.Seeder.labels;
import static io.cloudpedia.api.Seeder.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.http.QueryStrings;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeApiTest {
  static final String R = "/apis/clusterpedia.io/v1beta1/resources";
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  Seeder seed = new Seeder(store, syncState);
  KubeApi api;

  @BeforeEach
  void setUp() {
    api = api(ApiConfig.DEFAULTS);
    seed.cluster("c1", true, clock.instant(), Seeder.PODS, "Pod", true, Seeder.NODES, "Node", false,
        Seeder.DEPLOYMENTS, "Deployment", true);
    seed.cluster("c2", true, clock.instant(), Seeder.PODS, "Pod", true, Seeder.NODES, "Node", false);
    seed.putPod("c2", "default", "web-1", labels("app", "a", "tier", "web"));
    seed.putPod("c1", "default", "web-2", labels("app", "b", "tier", "db"));
    seed.putPod("c1", "kube-system", "dns", labels("k8s-app", "dns"));
    seed.putPod("c1", "default", "web-1", labels("app", "a"));
    seed.put("c1", Seeder.NODES, seed.object("c1", Seeder.NODES, "Node", "", "node-1", Map.of()));
  }

  KubeApi api(ApiConfig config) {
    return new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
        new ContinueTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), config.continueTokenTtl(), clock),
        config, clock);
  }

  ApiResponse get(String pathAndQuery, String... headers) {
    return api.handle(TestRequests.request("GET", pathAndQuery, headers));
  }

  static JsonNode json(ApiResponse r) {
    return TestRequests.json(r);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void listAcrossClustersIsOrderedByClusterNamespaceName() {
    ApiResponse r = get(R + "/api/v1/pods");
    assertThat(r.code()).isEqualTo(200);
    JsonNode list = json(r);
    assertThat(list.path("kind").asText()).isEqualTo("PodList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(names(list)).containsExactly(
        "c1/default/web-1", "c1/default/web-2", "c1/kube-system/dns", "c2/default/web-1");
    assertThat(list.path("metadata").has("continue")).isFalse();
  }

  @Test
  void namespacedPathAndClusterPathNarrowTheList() {
    assertThat(names(json(get(R + "/api/v1/namespaces/default/pods"))))
        .containsExactly("c1/default/web-1", "c1/default/web-2", "c2/default/web-1");
    assertThat(names(json(get(R + "/clusters/c2/api/v1/pods")))).containsExactly("c2/default/web-1");
  }

  @Test
  void getByNameNeedsACluster() {
    ApiResponse r = get(R + "/api/v1/namespaces/default/pods/web-1");
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("reason").asText()).isEqualTo("BadRequest");
    assertThat(json(r).path("message").asText()).isEqualTo(KubeApi.GET_NEEDS_CLUSTER);
  }

  @Test
  void getReturnsTheStoredObjectAndMissingIsNotFound() {
    JsonNode pod = json(get(R + "/clusters/c1/api/v1/namespaces/default/pods/web-2"));
    assertThat(pod.path("metadata").path("labels").path("tier").asText()).isEqualTo("db");
    ApiResponse missing = get(R + "/clusters/c1/api/v1/namespaces/default/pods/nope");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(json(missing).path("message").asText()).isEqualTo("pods \"nope\" not found");
    assertThat(json(missing).path("kind").asText()).isEqualTo("Status");
  }

  @Test
  void namespacesAreGotByNameNotUsedAsAFilter() {
    seed.cluster("c1", true, clock.instant().plusSeconds(1), GroupVersionResource.parse("v1/namespaces"), "Namespace", false);
    seed.put("c1", GroupVersionResource.parse("v1/namespaces"),
        seed.object("c1", GroupVersionResource.parse("v1/namespaces"), "Namespace", "", "default", Map.of()));
    JsonNode ns = json(get(R + "/clusters/c1/api/v1/namespaces/default"));
    assertThat(ns.path("kind").asText()).isEqualTo("Namespace");
  }

  @Test
  void watchAndWritesAreMethodNotAllowed() {
    ApiResponse watch = get(R + "/api/v1/pods?watch=true");
    assertThat(watch.code()).isEqualTo(405);
    assertThat(json(watch).path("reason").asText()).isEqualTo("MethodNotAllowed");
    assertThat(json(watch).path("message").asText()).contains("watch is not served");
    assertThat(get(R + "/api/v1/watch/pods").code()).isEqualTo(405);
    ApiResponse post = api.handle(new ApiRequest("POST", R + "/api/v1/namespaces/default/pods", Map.of(), Map.of(), "r"));
    assertThat(post.code()).isEqualTo(405);
  }

  @Test
  void unknownTypesClustersAndPathsAreNotFoundStatuses() {
    for (String path : List.of(R + "/api/v1/secrets", R + "/clusters/c9/api/v1/pods", R + "/clusters",
        R + "/clusters/c1", "/nothing/here", R + "/apis/apps/v1/deployments/x/y/z",
        R + "/api/v1/namespaces/default/nodes", R + "/clusters/c2/apis/apps/v1/deployments")) {
      ApiResponse r = get(path);
      assertThat(r.code()).as(path).isEqualTo(404);
      assertThat(json(r).path("kind").asText()).as(path).isEqualTo("Status");
      assertThat(json(r).path("reason").asText()).as(path).isEqualTo("NotFound");
    }
  }

  @Test
  void pagesReturnEveryObjectExactlyOnce() {
    for (int i = 0; i < 25; i++) {
      seed.putPod(i % 2 == 0 ? "c1" : "c2", "ns-" + (i % 3), "p-" + i, Map.of());
    }
    List<String> all = names(json(get(R + "/api/v1/pods")));
    List<String> paged = new ArrayList<>();
    String cont = "";
    int pages = 0;
    do {
      JsonNode page = json(get(R + "/api/v1/pods?limit=4" + (cont.isEmpty() ? "" : "&continue=" + enc(cont))));
      assertThat(page.path("items").size()).isLessThanOrEqualTo(4);
      paged.addAll(names(page));
      cont = page.path("metadata").path("continue").asText("");
      pages++;
    } while (!cont.isEmpty() && pages < 100);
    assertThat(paged).containsExactlyElementsOf(all).hasSize(29);
  }

  @Test
  void remainingItemCountWhenAskedFor() {
    JsonNode page = json(get(R + "/api/v1/pods?limit=1&withRemainingCount=true"));
    assertThat(page.path("metadata").path("remainingItemCount").asLong()).isEqualTo(3);
    assertThat(json(get(R + "/api/v1/pods?limit=1")).path("metadata").has("remainingItemCount")).isFalse();
  }

  @Test
  void modifiedForeignAndExpiredContinueTokensAreRefused() {
    String token = json(get(R + "/api/v1/pods?limit=1")).path("metadata").path("continue").asText();
    String[] parts = token.split("\\.");
    byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(payload, StandardCharsets.UTF_8).replace("\"c1\"", "\"c2\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
    ApiResponse modified = get(R + "/api/v1/pods?limit=1&continue=" + enc(tampered));
    assertThat(modified.code()).isEqualTo(400);
    assertThat(json(modified).path("message").asText()).contains("invalid continue token");
    assertThat(get(R + "/api/v1/pods?limit=1&continue=garbage").code()).isEqualTo(400);

    ApiResponse other = get(R + "/api/v1/pods?limit=1&labelSelector=app%3Da&continue=" + enc(token));
    assertThat(other.code()).isEqualTo(400);
    assertThat(json(other).path("message").asText()).contains("different list request");

    clock.advance(Duration.ofMinutes(16));
    ApiResponse expired = get(R + "/api/v1/pods?limit=1&continue=" + enc(token));
    assertThat(expired.code()).isEqualTo(410);
    assertThat(json(expired).path("reason").asText()).isEqualTo("Expired");
  }

  @Test
  void labelAndFieldSelectorsSelect() {
    assertThat(names(json(get(R + "/api/v1/pods?labelSelector=" + enc("app in (a,b),tier!=db")))))
        .containsExactly("c1/default/web-1", "c2/default/web-1");
    assertThat(names(json(get(R + "/api/v1/pods?labelSelector=" + enc("!app")))))
        .containsExactly("c1/kube-system/dns");
    assertThat(names(json(get(R + "/api/v1/pods?fieldSelector=" + enc("metadata.namespace=kube-system,status.phase=Running")))))
        .containsExactly("c1/kube-system/dns");
  }

  @Test
  void searchLabelsAndOrderBy() {
    assertThat(names(json(get(R + "/api/v1/pods?labelSelector=" + enc("search.clusterpedia.io/clusters=c2")))))
        .containsExactly("c2/default/web-1");
    assertThat(names(json(get(R + "/api/v1/pods?labelSelector=" + enc("search.clusterpedia.io/orderby=name_desc")))))
        .containsExactly("c1/default/web-2", "c1/default/web-1", "c2/default/web-1", "c1/kube-system/dns");
    assertThat(names(json(get(R + "/api/v1/pods?orderby=" + enc("cluster desc")))))
        .containsExactly("c2/default/web-1", "c1/default/web-1", "c1/default/web-2", "c1/kube-system/dns");
  }

  @Test
  void orderedPagesReturnEveryObjectOnce() {
    List<String> paged = new ArrayList<>();
    String cont = "";
    do {
      JsonNode page = json(get(R + "/api/v1/pods?orderby=name&limit=3" + (cont.isEmpty() ? "" : "&continue=" + enc(cont))));
      paged.addAll(names(page));
      cont = page.path("metadata").path("continue").asText("");
    } while (!cont.isEmpty());
    assertThat(paged).containsExactly("c1/kube-system/dns", "c1/default/web-1", "c2/default/web-1", "c1/default/web-2");
  }

  @Test
  void badInputIsABadRequestNamingWhatIsWrong() {
    ApiResponse label = get(R + "/api/v1/pods?labelSelector=" + enc("search.clusterpedia.io/clusterz=c1"));
    assertThat(label.code()).isEqualTo(400);
    assertThat(json(label).path("message").asText()).contains("search.clusterpedia.io/clusterz");
    ApiResponse selector = get(R + "/api/v1/pods?labelSelector=" + enc("app in (a"));
    assertThat(selector.code()).isEqualTo(400);
    ApiResponse order = get(R + "/api/v1/pods?orderby=color");
    assertThat(order.code()).isEqualTo(400);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryStrings.parse("labelSelector=%zz"))
        .isInstanceOfSatisfying(io.cloudpedia.api.status.ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void tableHasTheClusterColumnFirstAndKeepsContinue() {
    JsonNode table = json(get(R + "/api/v1/pods?limit=2", "Accept", TABLE));
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").get(0).path("name").asText()).isEqualTo("Cluster");
    assertThat(table.path("columnDefinitions").get(1).path("name").asText()).isEqualTo("Name");
    assertThat(table.path("rows")).hasSize(2);
    assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("c1");
    assertThat(table.path("metadata").path("continue").asText()).isNotEmpty();
    assertThat(table.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    JsonNode one = json(get(R + "/clusters/c1/api/v1/nodes/node-1", "Accept", TABLE));
    assertThat(one.path("rows")).hasSize(1);
  }

  @Test
  void partialObjectMetadataAndOnlyMetadata() {
    JsonNode list = json(get(R + "/api/v1/pods", "Accept", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io"));
    assertThat(list.path("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(list.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("web-1");
    assertThat(list.path("items").get(0).has("spec")).isFalse();
    JsonNode only = json(get(R + "/api/v1/pods?onlyMetadata=true"));
    assertThat(only.path("items").get(0).has("spec")).isFalse();
    assertThat(only.path("items").get(0).path("kind").asText()).isEqualTo("Pod");
  }

  @Test
  void discoveryShowsWhatIsSynced() {
    JsonNode v1 = json(get(R + "/api/v1"));
    assertThat(v1.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(v1.toString()).contains("\"pods\"").contains("\"po\"").doesNotContain("\"secrets\"");
    JsonNode c2apps = json(get(R + "/clusters/c2/apis"));
    assertThat(c2apps.toString()).doesNotContain("apps");
    assertThat(json(get(R + "/apis")).toString()).contains("apps");
    ApiResponse aggregated = get(R + "/apis", "Accept",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
    assertThat(aggregated.contentType()).contains("as=APIGroupDiscoveryList");
    assertThat(json(aggregated).path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    assertThat(json(get(R + "/version")).path("minor").asText()).isEqualTo("32");
  }

  @Test
  void clusterThatIsNotReadyAddsAWarning() {
    seed.cluster("c3", false, clock.instant(), Seeder.PODS, "Pod", true);
    ApiResponse r = get(R + "/clusters/c3/api/v1/pods");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.headers().get("Warning")).singleElement().asString()
        .startsWith("299 - \"c3 is not ready and the resources obtained may be inaccurate");
    assertThat(get(R + "/clusters/c1/api/v1/pods").headers()).doesNotContainKey("Warning");
    clock.advance(Duration.ofMinutes(4));
    assertThat(get(R + "/clusters/c1/api/v1/pods").headers()).containsKey("Warning");
  }

  @Test
  void aPageStopsAtItsByteBudgetWithAContinueToken() {
    api = api(ApiConfig.DEFAULTS.withPageByteBudget(1));
    JsonNode page = json(get(R + "/api/v1/pods"));
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("metadata").path("continue").asText()).isNotEmpty();
  }

  @Test
  void anIndexedLabelReadsOnlyItsObjects() {
    for (int i = 0; i < 300; i++) {
      seed.putPod("c1", "bulk", "p-" + i, i % 100 == 0 ? labels("app", "needle") : labels("app", "hay"));
    }
    StoreReads.Snapshot before = store.reads().snapshot();
    JsonNode list = json(get(R + "/api/v1/pods?labelSelector=app%3Dneedle"));
    StoreReads.Snapshot used = store.reads().snapshot().since(before);
    assertThat(list.path("items")).hasSize(3);
    assertThat(used.items()).isLessThanOrEqualTo(2L * 3 + 2);

    before = store.reads().snapshot();
    assertThat(json(get(R + "/api/v1/namespaces/kube-system/pods")).path("items")).hasSize(1);
    assertThat(store.reads().snapshot().since(before).items()).isLessThanOrEqualTo(2);
  }

  @Test
  void ownerSearchFindsChildrenOfAnOwner() {
    var rs = seed.object("c1", GroupVersionResource.parse("apps/v1/replicasets"), "ReplicaSet", "default", "web-rs", Map.of());
    seed.put("c1", GroupVersionResource.parse("apps/v1/replicasets"), rs);
    var child = seed.pod("c1", "default", "web-rs-abc", Map.of());
    ((com.fasterxml.jackson.databind.node.ObjectNode) child.path("metadata")).putArray("ownerReferences").addObject()
        .put("uid", "c1-default-web-rs").put("controller", true).put("kind", "ReplicaSet").put("name", "web-rs");
    seed.put("c1", Seeder.PODS, child);
    assertThat(names(json(get(R + "/clusters/c1/api/v1/pods?ownerUID=c1-default-web-rs"))))
        .containsExactly("c1/default/web-rs-abc");
    ApiResponse noCluster = get(R + "/api/v1/pods?ownerUID=c1-default-web-rs");
    assertThat(noCluster.code()).isEqualTo(400);
    assertThat(store.get(new ObjectKey("c1", Seeder.PODS, "default", "web-rs-abc"))).isPresent();
  }

  @Test
  void aFailureIsAnInternalErrorNamingTheRequestIdOnly() {
    io.cloudpedia.store.ResourceStore failing = (io.cloudpedia.store.ResourceStore) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {io.cloudpedia.store.ResourceStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("list")) {
            throw new IllegalStateException("secret detail");
          }
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    KubeApi broken = new KubeApi(failing, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
        ContinueTokens.withRandomKey(Duration.ofMinutes(1), clock), ApiConfig.DEFAULTS, clock);
    ApiResponse r = broken.handle(new ApiRequest("GET", R + "/api/v1/pods", Map.of(), Map.of(), "req-42"));
    assertThat(r.code()).isEqualTo(500);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("req-42").doesNotContain("secret detail")
        .doesNotContain("at io.cloudpedia");
  }

  @Test
  void aCustomResourceTableUsesItsCrdsPrinterColumnsWhenTheCrdIsSynced() {
    GroupVersionResource crds = GroupVersionResource.parse("apiextensions.k8s.io/v1/customresourcedefinitions");
    GroupVersionResource widgets = GroupVersionResource.parse("example.com/v1/widgets");
    seed.cluster("c1", true, clock.instant().plusSeconds(1), crds, "CustomResourceDefinition", false,
        widgets, "Widget", true);
    var crd = seed.object("c1", crds, "CustomResourceDefinition", "", "widgets.example.com", Map.of());
    var version = crd.putObject("spec").put("group", "example.com").putArray("versions").addObject();
    version.put("name", "v1").put("served", true).put("storage", true);
    version.putArray("additionalPrinterColumns").addObject()
        .put("name", "Size").put("type", "integer").put("jsonPath", ".spec.size");
    seed.put("c1", crds, crd);
    var widget = seed.object("c1", widgets, "Widget", "default", "w1", Map.of());
    widget.putObject("spec").put("size", 7);
    seed.put("c1", widgets, widget);

    JsonNode table = json(get(R + "/apis/example.com/v1/widgets", "Accept", TABLE));
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns).contains("Cluster", "Name", "Size");
    assertThat(table.path("rows").get(0).path("cells").toString()).contains("7");
  }
}
