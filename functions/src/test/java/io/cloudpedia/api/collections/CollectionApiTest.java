package io.cloudpedia.api.collections;

import io.cloudpedia.api.http.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Collection resources over the in-memory store: type selection, paging across types, outputs, cost. */
class CollectionApiTest {
  static final String C = "/apis/clusterpedia.io/v1beta1/collectionresources";
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  static final GroupVersionResource DAEMONSETS = GroupVersionResource.parse("apps/v1/daemonsets");
  static final GroupVersionResource STATEFULSETS = GroupVersionResource.parse("apps/v1/statefulsets");
  static final GroupVersionResource CRONJOBS = GroupVersionResource.parse("batch/v1/cronjobs");
  static final GroupVersionResource WIDGETS = GroupVersionResource.parse("example.com/v1/widgets");

  Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  Seeder seed = new Seeder(store, syncState);
  KubeApi api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
      new ContinueTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(15),
          clock), ApiConfig.DEFAULTS, clock);

  @BeforeEach
  void setUp() {
    for (String c : List.of("c1", "c2", "c3")) {
      seed.cluster(c, true, clock.instant(), Seeder.PODS, "Pod", true, Seeder.DEPLOYMENTS, "Deployment", true,
          DAEMONSETS, "DaemonSet", true, STATEFULSETS, "StatefulSet", true, CRONJOBS, "CronJob", true,
          WIDGETS, "Widget", true);
      for (String ns : List.of("team-a", "team-b")) {
        seed.put(c, Seeder.DEPLOYMENTS, seed.object(c, Seeder.DEPLOYMENTS, "Deployment", ns, "web", Map.of()));
        seed.put(c, DAEMONSETS, seed.object(c, DAEMONSETS, "DaemonSet", ns, "agent", Map.of()));
        seed.put(c, STATEFULSETS, seed.object(c, STATEFULSETS, "StatefulSet", ns, "db", Map.of("app", "db")));
        seed.put(c, CRONJOBS, seed.object(c, CRONJOBS, "CronJob", ns, "nightly", Map.of()));
        seed.putPod(c, ns, "web-1", Map.of("app", "web"));
        seed.put(c, WIDGETS, seed.object(c, WIDGETS, "Widget", ns, "w", Map.of()));
      }
    }
  }

  ApiResponse get(String pathAndQuery, String... headers) {
    return api.handle(TestRequests.request("GET", pathAndQuery, headers));
  }

  static JsonNode json(ApiResponse r) {
    return TestRequests.json(r);
  }

  static List<String> kindsAndNames(JsonNode collection) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : collection.path("items")) {
      out.add(item.path("kind").asText() + " " + item.path("metadata").path("namespace").asText() + "/"
          + item.path("metadata").path("name").asText());
    }
    return out;
  }

  @Test
  void anyWithResourcesReturnsExactlyThoseTypesAcrossClusters() {
    ApiResponse r = get(C + "/any?resources=apps/deployments,batch/v1/cronjobs&limit=100");
    assertThat(r.code()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("kind").asText()).isEqualTo("CollectionResource");
    assertThat(body.path("apiVersion").asText()).isEqualTo("clusterpedia.io/v1beta1");
    assertThat(body.path("metadata").path("name").asText()).isEqualTo("any");
    assertThat(body.path("items")).hasSize(12);
    assertThat(kindsAndNames(body)).allMatch(s -> s.startsWith("Deployment ") || s.startsWith("CronJob "));
    assertThat(body.path("resourceTypes").toString()).isEqualTo("[{\"group\":\"apps\",\"version\":\"v1\","
        + "\"resource\":\"deployments\",\"kind\":\"Deployment\"},{\"group\":\"batch\",\"version\":\"v1\","
        + "\"resource\":\"cronjobs\",\"kind\":\"CronJob\"}]");
    assertThat(body.has("continue")).isFalse();
  }

  @Test
  void anyWithGroupsTakesEveryTypeOfTheGroupAndStarTakesAll() {
    JsonNode apps = json(get(C + "/any?groups=apps&limit=500"));
    assertThat(apps.path("items")).hasSize(18);
    assertThat(apps.path("resourceTypes").findValuesAsText("resource"))
        .containsExactly("daemonsets", "deployments", "statefulsets");
    JsonNode core = json(get(C + "/any?groups=,batch/v1&limit=500"));
    assertThat(core.path("resourceTypes").findValuesAsText("resource")).containsExactly("pods", "cronjobs");
    JsonNode all = json(get(C + "/any?groups=*&limit=500"));
    assertThat(all.path("items")).hasSize(36);
  }

  @Test
  void anyWithoutGroupsOrResourcesIsClusterpediasBadRequest() {
    ApiResponse r = get(C + "/any");
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).isEqualTo("url query - `groups` or `resources` is required");
    assertThat(get(C + "/any?resources=a/b/c/d").code()).isEqualTo(400);
    assertThat(get(C + "/any?resources=apps/*").code()).isEqualTo(400);
  }

  @Test
  void workloadsAndKuberesources() {
    JsonNode workloads = json(get(C + "/workloads?limit=500"));
    assertThat(workloads.path("items")).hasSize(18);
    JsonNode kube = json(get(C + "/kuberesources?limit=500"));
    assertThat(kube.path("items")).hasSize(30);
    assertThat(kube.path("resourceTypes").findValuesAsText("group")).doesNotContain("example.com");
    assertThat(get(C + "/nothing").code()).isEqualTo(404);
  }

  @Test
  void pagingWithSearchLabelsReturnsEveryItemOnceAcrossTypeBoundaries() {
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      String q = "labelSelector=" + enc("search.clusterpedia.io/namespaces=team-b") + "&limit=4"
          + (token.isEmpty() ? "" : "&continue=" + enc(token));
      JsonNode page = json(get(C + "/workloads?" + q));
      assertThat(page.path("items").size()).isLessThanOrEqualTo(4);
      for (JsonNode item : page.path("items")) {
        seen.add(item.path("kind").asText() + " " + item.path("metadata").path("uid").asText());
      }
      token = page.path("continue").asText("");
      pages++;
    } while (!token.isEmpty() && pages < 20);
    assertThat(seen).hasSize(9).doesNotHaveDuplicates().allMatch(s -> s.contains("-team-b-"));
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void remainingItemCountCountsTheRestOfEveryType() {
    JsonNode page = json(get(C + "/workloads?limit=4&withRemainingCount=true"));
    assertThat(page.path("remainingItemCount").asLong()).isEqualTo(14);
  }

  @Test
  void aTokenOfAnotherSearchIsRefused() {
    String token = json(get(C + "/workloads?limit=2")).path("continue").asText();
    ApiResponse r = get(C + "/workloads?limit=2&labelSelector=app%3Ddb&continue=" + enc(token));
    assertThat(r.code()).isEqualTo(400);
    ApiResponse list = get("/apis/clusterpedia.io/v1beta1/resources/apis/apps/v1/deployments?limit=2&continue="
        + enc(token));
    assertThat(list.code()).isEqualTo(400);
  }

  @Test
  void selectorsClustersAndOnlyMetadataApply() {
    JsonNode db = json(get(C + "/workloads?labelSelector=app%3Ddb,search.clusterpedia.io%2Fclusters%3Dc2"
        + "&onlyMetadata=true"));
    assertThat(kindsAndNames(db)).containsExactly("StatefulSet team-a/db", "StatefulSet team-b/db");
    assertThat(db.path("items").get(0).has("spec")).isFalse();
    assertThat(db.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("db");
  }

  @Test
  void ownerSearchIsIgnoredWithAWarning() {
    ApiResponse r = get(C + "/workloads?limit=500&clusters=c1&ownerUID=abc");
    assertThat(r.code()).isEqualTo(200);
    assertThat(json(r).path("items")).hasSize(6);
    assertThat(r.headers().get("Warning")).anyMatch(w -> w.contains("owner search is not applied"));
  }

  @Test
  void tableHasClusterGroupVersionKindNamespaceNameAge() {
    JsonNode table = json(get(C + "/any?resources=apps/deployments,/pods&clusters=c3&namespaces=team-a", "Accept",
        TABLE));
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Cluster", "Group", "Version", "Kind", "Namespace", "Name", "Age");
    List<String> rows = new ArrayList<>();
    for (JsonNode row : table.path("rows")) {
      rows.add(row.path("cells").toString());
    }
    assertThat(rows).containsExactly("[\"c3\",\"\",\"v1\",\"Pod\",\"team-a\",\"web-1\",\"24d\"]",
        "[\"c3\",\"apps\",\"v1\",\"Deployment\",\"team-a\",\"web\",\"24d\"]");
  }

  @Test
  void theCatalogueListsTheCollectionsAsAListAndAsATable() {
    JsonNode list = json(get(C));
    assertThat(list.path("kind").asText()).isEqualTo("CollectionResourceList");
    assertThat(list.path("items").findValuesAsText("name")).containsExactly("any", "workloads", "kuberesources");
    JsonNode table = json(get(C, "Accept", TABLE));
    assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Resources");
    assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"any\",\"*\"]");
    assertThat(table.path("rows").get(1).path("cells").toString())
        .isEqualTo("[\"workloads\",\"deployments.apps,daemonsets.apps,statefulsets.apps\"]");
  }

  @Test
  void discoveryAdvertisesCollectionResources() {
    JsonNode list = json(get("/apis/clusterpedia.io/v1beta1"));
    assertThat(list.path("resources").findValuesAsText("name")).contains("collectionresources");
  }

  @Test
  void aPageCostsBoundedReadsPerTypeNotOnePerObject() {
    for (int i = 0; i < 200; i++) {
      seed.put("c1", Seeder.DEPLOYMENTS, seed.object("c1", Seeder.DEPLOYMENTS, "Deployment", "bulk", "d-" + i,
          Map.of()));
    }
    long before = store.reads().requests();
    JsonNode page = json(get(C + "/workloads?limit=500"));
    assertThat(page.path("items")).hasSize(218);
    long requests = store.reads().requests() - before;
    // 3 types x 3 clusters, a few reads each: far below one per object.
    assertThat(requests).isLessThanOrEqualTo(3 * 3 * 3);
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
