package io.cloudpedia.api.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private static final SyncedType PODS = synced("v1/pods", "Pod", true);
  private static final SyncedType NODES = synced("v1/nodes", "Node", false);
  private static final SyncedType DEPLOYMENTS = synced("apps/v1/deployments", "Deployment", true);
  private static final SyncedType HPA_V2 =
      synced("autoscaling/v2/horizontalpodautoscalers", "HorizontalPodAutoscaler", true);
  private static final SyncedType HPA_V1 =
      synced("autoscaling/v1/horizontalpodautoscalers", "HorizontalPodAutoscaler", true);
  private static final SyncedType WIDGETS_V1 = synced("example.com/v1/widgets", "Widget", true);
  private static final SyncedType WIDGETS_V1BETA1 = synced("example.com/v1beta1/widgets", "Widget", true);
  private static final SyncedType WIDGETS_V2ALPHA1 = synced("example.com/v2alpha1/widgets", "Widget", true);

  private static final Discovery DISCOVERY =
      Discovery.of(List.of(WIDGETS_V2ALPHA1, PODS, HPA_V1, WIDGETS_V1BETA1, NODES, DEPLOYMENTS, WIDGETS_V1, HPA_V2));

  @Test
  void coreTypesAppearUnderApiV1WithShortNames() {
    ObjectNode list = DISCOVERY.apiResourceList("", "v1").orElseThrow();

    assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.path("groupVersion").asText()).isEqualTo("v1");
    assertThat(names(list.path("resources"), "name")).containsExactly("nodes", "pods");
    assertThat(list.path("resources").get(1))
        .isEqualTo(json("""
            {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list"],
             "shortNames":["po"],"categories":["all"]}"""));
    assertThat(list.path("resources").get(0))
        .isEqualTo(json("""
            {"name":"nodes","singularName":"node","namespaced":false,"kind":"Node","verbs":["get","list"],
             "shortNames":["no"]}"""));
  }

  @Test
  void apiAlwaysListsV1EvenWithNothingSynced() {
    Discovery empty = Discovery.of(List.of());

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.apiVersions())
        .isEqualTo(json("""
            {"kind":"APIVersions","versions":["v1"],
             "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":""}]}"""));
    // Advertised, so it must answer: an empty list, not a 404 that kubectl would report as a discovery failure.
    assertThat(empty.apiResourceList("", "v1").orElseThrow().path("resources").size()).isZero();
    assertThat(empty.apiGroupList().path("groups").size()).isZero();
  }

  @Test
  void groupsListOnlySyncedVersionsInPriorityOrder() {
    ObjectNode list = DISCOVERY.apiGroupList();

    assertThat(list.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(names(list.path("groups"), "name")).containsExactly("apps", "autoscaling", "example.com");
    JsonNode widgets = list.path("groups").get(2);
    assertThat(names(widgets.path("versions"), "groupVersion"))
        .containsExactly("example.com/v1", "example.com/v1beta1", "example.com/v2alpha1");
    assertThat(widgets.path("preferredVersion"))
        .isEqualTo(json("{\"groupVersion\":\"example.com/v1\",\"version\":\"v1\"}"));
    assertThat(names(list.path("groups").get(1).path("versions"), "version")).containsExactly("v2", "v1");
    assertThat(names(list.path("groups").get(0).path("versions"), "version")).containsExactly("v1");
  }

  @Test
  void builtinGroupsComeBeforeCustomGroups() {
    Discovery d =
        Discovery.of(List.of(
            synced("acme.io/v1/things", "Thing", true), DEPLOYMENTS, synced("zeta.io/v1/things", "Thing", true),
            synced("storage.k8s.io/v1/storageclasses", "StorageClass", false)));

    assertThat(names(d.apiGroupList().path("groups"), "name"))
        .containsExactly("apps", "storage.k8s.io", "acme.io", "zeta.io");
  }

  @Test
  void apiGroupDescribesOneSyncedGroup() {
    ObjectNode group = DISCOVERY.apiGroup("autoscaling").orElseThrow();

    assertThat(group)
        .isEqualTo(json("""
            {"kind":"APIGroup","apiVersion":"v1","name":"autoscaling",
             "versions":[{"groupVersion":"autoscaling/v2","version":"v2"},
                         {"groupVersion":"autoscaling/v1","version":"v1"}],
             "preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}}"""));
    assertThat(DISCOVERY.apiGroup("batch")).isEmpty();
    assertThat(DISCOVERY.apiGroup("")).isEmpty();
  }

  @Test
  void unknownGroupVersionIsEmpty() {
    assertThat(DISCOVERY.apiResourceList("apps", "v1beta2")).isEmpty();
    assertThat(DISCOVERY.apiResourceList("batch", "v1")).isEmpty();
    assertThat(DISCOVERY.apiResourceList("", "v2")).isEmpty();
    assertThat(DISCOVERY.apiResourceList("apps", "v1")).isPresent();
  }

  @Test
  void customResourceGetsLowercaseSingularAndNoShortNames() {
    Discovery d = Discovery.of(List.of(synced("cert-manager.io/v1/clusterissuers", "ClusterIssuer", false)));
    JsonNode resource = d.apiResourceList("cert-manager.io", "v1").orElseThrow().path("resources").get(0);

    assertThat(resource)
        .isEqualTo(json("""
            {"name":"clusterissuers","singularName":"clusterissuer","namespaced":false,"kind":"ClusterIssuer",
             "verbs":["get","list"]}"""));
  }

  @Test
  void aggregatedDiscoveryHasResponseKindScopeAndVerbs() {
    ObjectNode doc = DISCOVERY.aggregated(Discovery.Scope.APIS, "v2");

    assertThat(doc.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    assertThat(doc.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
    assertThat(doc.path("metadata")).isEqualTo(json("{}"));
    JsonNode items = doc.path("items");
    assertThat(names(items, "metadata", "name")).containsExactly("apps", "autoscaling", "example.com");
    assertThat(items.get(0))
        .isEqualTo(json("""
            {"metadata":{"name":"apps","creationTimestamp":null},
             "versions":[{"version":"v1","resources":[
               {"resource":"deployments","responseKind":{"group":"","version":"","kind":"Deployment"},
                "scope":"Namespaced","singularResource":"deployment","verbs":["get","list"],
                "shortNames":["deploy"],"categories":["all"]}],
              "freshness":"Current"}]}"""));
    JsonNode widgets = items.get(2);
    assertThat(names(widgets.path("versions"), "version")).containsExactly("v1", "v1beta1", "v2alpha1");
    // Custom resources carry their own group/version, as apiextensions-apiserver writes them.
    assertThat(widgets.path("versions").get(1).path("resources").get(0).path("responseKind"))
        .isEqualTo(json("{\"group\":\"example.com\",\"version\":\"v1beta1\",\"kind\":\"Widget\"}"));
  }

  @Test
  void aggregatedV2beta1DiffersOnlyInApiVersion() {
    ObjectNode v2 = DISCOVERY.aggregated(Discovery.Scope.APIS, "v2");
    ObjectNode v2beta1 = DISCOVERY.aggregated(Discovery.Scope.APIS, "v2beta1");

    assertThat(v2beta1.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2beta1");
    v2beta1.put("apiVersion", "apidiscovery.k8s.io/v2");
    assertThat(v2beta1).isEqualTo(v2);
    assertThatThrownBy(() -> DISCOVERY.aggregated(Discovery.Scope.APIS, "v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aggregatedLegacyHoldsOnlyCoreGroup() {
    ObjectNode doc = DISCOVERY.aggregated(Discovery.Scope.LEGACY, "v2");

    JsonNode items = doc.path("items");
    assertThat(items.size()).isEqualTo(1);
    // The apiserver omits the empty name of the core group.
    assertThat(items.get(0).path("metadata")).isEqualTo(json("{\"creationTimestamp\":null}"));
    JsonNode v1 = items.get(0).path("versions").get(0);
    assertThat(v1.path("version").asText()).isEqualTo("v1");
    assertThat(names(v1.path("resources"), "resource")).containsExactly("nodes", "pods");
    assertThat(v1.path("resources").get(0).path("scope").asText()).isEqualTo("Cluster");
    assertThat(names(DISCOVERY.aggregated(Discovery.Scope.APIS, "v2").path("items"), "metadata", "name"))
        .doesNotContain("");
  }

  @Test
  void aggregatedLegacyKeepsAnEmptyCoreV1WhenNoCoreTypeIsSynced() {
    JsonNode items = Discovery.of(List.of(DEPLOYMENTS)).aggregated(Discovery.Scope.LEGACY, "v2").path("items");

    assertThat(items)
        .isEqualTo(json("[{\"metadata\":{\"creationTimestamp\":null},"
            + "\"versions\":[{\"version\":\"v1\",\"freshness\":\"Current\"}]}]"));
  }

  @Test
  void acceptHeaderNegotiation() {
    String kubectl =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    assertThat(Discovery.acceptedAggregatedVersion(kubectl)).contains("v2");
    assertThat(Discovery.acceptedAggregatedVersion(
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"))
        .contains("v2beta1");
    assertThat(Discovery.acceptedAggregatedVersion("application/json")).isEmpty();
    assertThat(Discovery.acceptedAggregatedVersion("*/*")).isEmpty();
    assertThat(Discovery.acceptedAggregatedVersion(null)).isEmpty();
    assertThat(Discovery.acceptedAggregatedVersion("")).isEmpty();
  }

  @Test
  void acceptHeaderHonoursQualitySpacingAndSkipsProtobuf() {
    assertThat(Discovery.acceptedAggregatedVersion(
            "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, "
                + "Application/JSON; as=APIGroupDiscoveryList; v=v2beta1; g=apidiscovery.k8s.io"))
        .contains("v2beta1");
    assertThat(Discovery.acceptedAggregatedVersion(
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,"
                + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"))
        .contains("v2beta1");
    assertThat(Discovery.acceptedAggregatedVersion(
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json"))
        .isEmpty();
    assertThat(Discovery.acceptedAggregatedVersion(
            "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList"))
        .isEmpty();
  }

  @Test
  void aggregatedContentTypeNamesTheVersion() {
    assertThat(Discovery.aggregatedContentType("v2"))
        .isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    assertThat(Discovery.aggregatedContentType("v2beta1"))
        .isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
    assertThatThrownBy(() -> Discovery.aggregatedContentType("v1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolveFindsPluralOnly() {
    assertThat(DISCOVERY.resolve("", "v1", "pods")).contains(PODS);
    assertThat(DISCOVERY.resolve("apps", "v1", "deployments")).contains(DEPLOYMENTS);
    assertThat(DISCOVERY.resolve("", "v1", "pod")).isEmpty();
    assertThat(DISCOVERY.resolve("", "v1", "po")).isEmpty();
    assertThat(DISCOVERY.resolve("", "v1", "Pods")).isEmpty();
    assertThat(DISCOVERY.resolve("apps", "v1beta1", "deployments")).isEmpty();
    assertThat(DISCOVERY.resolve("", "v1", "pods/log")).isEmpty();
    assertThat(DISCOVERY.resolve(null, "v1", "pods")).isEmpty();
  }

  @Test
  void conflictingReportsResolveDeterministically() {
    SyncedType namespacedWidget = synced("example.com/v1/widgets", "Widget", true);
    SyncedType clusterWidget = synced("example.com/v1/widgets", "Widget", false);
    SyncedType otherKind = synced("example.com/v1/widgets", "Gadget", false);
    SyncedType wrongPods = synced("v1/pods", "Pod", false);

    Discovery forward = Discovery.of(List.of(clusterWidget, namespacedWidget, otherKind, wrongPods, PODS));
    Discovery backward = Discovery.of(List.of(PODS, wrongPods, otherKind, namespacedWidget, clusterWidget));

    assertThat(forward.types()).containsExactly(PODS, otherKind);
    assertThat(backward.types()).containsExactlyElementsOf(forward.types());
    assertThat(Discovery.of(List.of(clusterWidget, namespacedWidget)).types()).containsExactly(namespacedWidget);
  }

  @Test
  void typesAreDeduplicatedAndSorted() {
    Discovery d = Discovery.of(List.of(DEPLOYMENTS, PODS, DEPLOYMENTS));

    // Sorted by group first, so the core group ("") leads.
    assertThat(d.types()).containsExactly(PODS, DEPLOYMENTS);
    assertThat(d.isEmpty()).isFalse();
    assertThatThrownBy(() -> d.types().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void documentsAreFreshCopies() {
    DISCOVERY.apiGroupList().putArray("groups");
    DISCOVERY.apiResourceList("", "v1").orElseThrow().remove("resources");

    assertThat(DISCOVERY.apiGroupList().path("groups").size()).isEqualTo(3);
    assertThat(DISCOVERY.apiResourceList("", "v1").orElseThrow().path("resources").size()).isEqualTo(2);
  }

  static SyncedType synced(String gvr, String kind, boolean namespaced) {
    return SyncedType.of(GroupVersionResource.parse(gvr), kind, namespaced);
  }

  private static List<String> names(JsonNode array, String... path) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      JsonNode n = item;
      for (String p : path) {
        n = n.path(p);
      }
      out.add(n.asText());
    }
    return out;
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
