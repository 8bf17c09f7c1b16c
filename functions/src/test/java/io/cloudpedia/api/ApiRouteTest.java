package io.cloudpedia.api;

import io.cloudpedia.api.http.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every request falls in one of a few routes, named without any cluster, namespace or object name. */
class ApiRouteTest {
  static final String R = "/apis/clusterpedia.io/v1beta1/resources";

  static ApiRoute route(String method, String pathAndQuery, Map<String, String> headers) {
    String[] pairs = headers.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
    return ApiRoute.of(TestRequests.request(method, pathAndQuery, pairs));
  }

  @ParameterizedTest
  @CsvSource({
      "GET, /version, version",
      "GET, " + R + "/version, version",
      "GET, /api, discovery",
      "GET, /apis, discovery",
      "GET, " + R + "/apis/apps/v1, discovery",
      "GET, " + R + "/clusters/c1/api/v1, discovery",
      "GET, /openapi/v3, discovery",
      "GET, " + R + "/api/v1/pods, list",
      "GET, " + R + "/api/v1/namespaces/default/pods, list",
      "GET, " + R + "/clusters/c1/apis/apps/v1/deployments?limit=500, list",
      "GET, " + R + "/clusters/c1/api/v1/namespaces/default/pods/web-0, get",
      "GET, " + R + "/api/v1/namespaces/default, get",
      "GET, /apis/cluster.clusterpedia.io/v1alpha2/pediaclusters, registry",
      "PUT, /apis/cluster.clusterpedia.io/v1alpha2/pediaclusters/c1, registry",
      "GET, /apis/clusterpedia.io/v1beta1/collectionresources/workloads, collections",
      "GET, " + R + "/clusters/c1/proxy/healthz, forward",
      "GET, " + R + "/clusters/c1/api/v1/namespaces/default/pods/web-0/log, forward",
      "POST, " + R + "/clusters/c1/api/v1/namespaces/default/configmaps, forward",
      "GET, " + R + "/clusters/c1/api/v1/pods?labelSelector=search.clusterpedia.io/forward, forward",
      "GET, /no/such/path, other",
      "GET, " + R + "/clusters/c1, other",
      "GET, /apis/example.com/v1/widgets, other"})
  void routes(String method, String path, String expected) {
    assertThat(route(method, path, Map.of()).metricName()).isEqualTo(expected);
  }

  @Test
  void theForwardHeaderMakesAListAForward() {
    assertThat(route("GET", R + "/clusters/c1/api/v1/pods", Map.of("X-Clusterpedia-Forward", "true")))
        .isEqualTo(ApiRoute.FORWARD);
    assertThat(route("GET", R + "/clusters/c1/api/v1/pods", Map.of("X-Clusterpedia-Forward", "false")))
        .isEqualTo(ApiRoute.LIST);
  }

  /** Found by ApiFuzzTest: an invalid selector made the route (a metric dimension) throw out of the handler. */
  @Test
  void anInvalidSelectorStillHasARoute() {
    assertThat(route("GET", R + "/clusters/c1/api/v1/pods?labelSelector=search.clusterpedia.io%2Fforward,k%3D"
        + "v".repeat(100), Map.of())).isEqualTo(ApiRoute.FORWARD);
    assertThat(route("GET", R + "/api/v1/pods?labelSelector=a%20in%20(", Map.of())).isEqualTo(ApiRoute.LIST);
  }

  @Test
  void routeNamesAreFewAndLowerCase() {
    assertThat(ApiRoute.values()).hasSize(8);
    for (ApiRoute route : ApiRoute.values()) {
      assertThat(route.metricName()).matches("[a-z]+");
    }
  }
}
