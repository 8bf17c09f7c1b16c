package io.cloudpedia.api.forward;

import io.cloudpedia.api.http.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.http.QueryStrings;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.MapSecretSource;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding through {@link KubeApi} to a stand-in member cluster: a {@code com.sun.net.httpserver} server (the
 * functions module has no fabric8 mock server on its test classpath) that serves a pod log, a pod list and a 404, and
 * records what it received.
 */
class ForwardingKubeApiTest {
  static final String C1 = "/apis/clusterpedia.io/v1beta1/resources/clusters/c1";
  static final String TOKEN = "X-Clusterpedia-Proxy-Token";

  MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  HttpServer member;
  ExecutorService executor = Executors.newCachedThreadPool();
  CountDownLatch releaseFollow = new CountDownLatch(1);
  Map<String, Received> received = new ConcurrentHashMap<>();
  URI memberUri;
  ObjectNode spec = Json.mapper().createObjectNode();

  record Received(String method, String query, Map<String, List<String>> headers) {}

  @BeforeEach
  void setUp() throws IOException {
    new Seeder(store, syncState).cluster("c1", true, clock.instant(), Seeder.PODS, "Pod", true);
    member = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    member.setExecutor(executor);
    member.createContext("/", this::serveMember);
    member.start();
    memberUri = URI.create("http://127.0.0.1:" + member.getAddress().getPort());
    spec.put("apiserver", memberUri.toString());
    spec.put("tokenData", Base64.getEncoder().encodeToString("cluster-token".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void tearDown() {
    releaseFollow.countDown();
    member.stop(0);
    executor.shutdownNow();
  }

  private void serveMember(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    received.put(path, new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders())));
    switch (path) {
      case "/api/v1/namespaces/default/pods/web-1/log" -> {
        if ("follow=true".equals(exchange.getRequestURI().getRawQuery())) {
          exchange.getResponseHeaders().add("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("first line\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            releaseFollow.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
          return;
        }
        reply(exchange, 200, "text/plain", "line 1\nline 2\n");
      }
      case "/api/v1/namespaces/default/pods" -> reply(exchange, 200, "application/json",
          "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}");
      case "/api/v1/namespaces/default/pods/web-1" -> reply(exchange, 200, "application/json",
          "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"default\"}}");
      case "/api/v1/namespaces/default/pods/big" -> reply(exchange, 200, "application/json", "x".repeat(5000));
      case "/version" -> reply(exchange, 200, "application/json", "{\"gitVersion\":\"v1.32.1\"}");
      default -> reply(exchange, 404, "application/json",
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\"missing\\\" not"
              + " found\",\"reason\":\"NotFound\",\"code\":404}");
    }
  }

  private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  KubeApi api(ForwardSettings settings, URI server) {
    return api(settings, server, ApiConfig.DEFAULT_PAGE_BYTE_BUDGET);
  }

  KubeApi api(ForwardSettings settings, URI server, long maxBytes) {
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
        new ContinueTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(15), clock),
        ApiConfig.DEFAULTS, clock);
    return api.withForwarding(new Forwarding(settings,
        new Forwarder(Duration.ofSeconds(5), settings.followFor(), maxBytes),
        name -> name.equals("c1") ? Optional.of(new ForwardTarget(server, spec)) : Optional.empty(),
        new CredentialResolver(new MapSecretSource())));
  }

  static ForwardSettings settings(String subresources) {
    return ForwardSettings.from(Map.of(ForwardSettings.ALLOWED_PROXY_SUBRESOURCES, subresources,
        ForwardSettings.FORWARD_LOG_FOLLOW_SECONDS, "1"));
  }

  static ApiResponse call(KubeApi api, String method, String pathAndQuery, String... headers) {
    return api.handle(TestRequests.request(method, pathAndQuery, headers));
  }

  static String text(ApiResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static JsonNode json(ApiResponse response) {
    return TestRequests.json(response);
  }

  @Test
  void podLogIsForwardedWithTheProxyTokenAndNoProxyHeaders() {
    ApiResponse r = call(api(settings("pods/log"), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/web-1/log", TOKEN, "caller-token",
        "X-Clusterpedia-Proxy-Extra", "x", "Authorization", "Bearer cloudpedia-caller");
    assertThat(r.code()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("line 1\nline 2\n");
    assertThat(r.contentType()).isEqualTo("text/plain");
    Received got = received.get("/api/v1/namespaces/default/pods/web-1/log");
    assertThat(got.headers().get("Authorization")).containsExactly("Bearer caller-token");
    assertThat(got.headers().keySet()).noneMatch(k -> k.toLowerCase().startsWith("x-clusterpedia"));
  }

  @Test
  void podLogIsNotFoundWhenTheSubresourceIsNotAllowed() throws IOException {
    ApiResponse r = call(api(settings(""), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/web-1/log", TOKEN, "t");
    assertThat(r.code()).isEqualTo(404);
    assertThat(json(r).path("message").asText()).isEqualTo("pods/log is not served from the index: it is forwarded"
        + " to the member cluster when ALLOWED_PROXY_SUBRESOURCES lists it");
    assertThat(received).isEmpty();
  }

  @Test
  void followedLogAnswersWithWhatArrivedWithinTheFollowTime() {
    ApiResponse r = call(api(settings("pods/log"), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/web-1/log?follow=true", TOKEN, "t");
    assertThat(r.code()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("first line\n");
  }

  @Test
  void listWithTheForwardLabelIsForwardedWithoutIt() throws IOException {
    ApiResponse r = call(api(settings(""), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods?labelSelector=app%3Dx,search.clusterpedia.io/forward&limit=5",
        TOKEN, "t");
    assertThat(r.code()).isEqualTo(200);
    assertThat(json(r).path("metadata").path("resourceVersion").asText()).isEqualTo("7");
    Map<String, List<String>> query =
        QueryStrings.parse(received.get("/api/v1/namespaces/default/pods").query());
    assertThat(query).containsEntry("labelSelector", List.of("app=x")).containsEntry("limit", List.of("5"));
  }

  @Test
  void forwardHeaderForwardsAGet() throws IOException {
    ApiResponse r = call(api(settings(""), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/web-1", "X-Clusterpedia-Forward", "True", TOKEN, "t");
    assertThat(r.code()).isEqualTo(200);
    assertThat(json(r).path("metadata").path("name").asText()).isEqualTo("web-1");
    assertThat(received.get("/api/v1/namespaces/default/pods/web-1").headers().keySet())
        .noneMatch(k -> k.equalsIgnoreCase("x-clusterpedia-forward"));
  }

  @Test
  void memberErrorsArePassedThroughUnchanged() throws IOException {
    ApiResponse r = call(api(settings(""), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/missing", "X-Clusterpedia-Forward", "true", TOKEN, "t");
    assertThat(r.code()).isEqualTo(404);
    assertThat(json(r).path("message").asText()).isEqualTo("pods \"missing\" not found");
  }

  @Test
  void unreachableClusterIsBadGatewayNamingIt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ApiResponse r = call(api(settings(""), URI.create("http://127.0.0.1:" + closedPort)), "GET",
        C1 + "/api/v1/namespaces/default/pods?labelSelector=search.clusterpedia.io/forward", TOKEN, "t");
    assertThat(r.code()).isEqualTo(502);
    assertThat(json(r).path("kind").asText()).isEqualTo("Status");
    assertThat(json(r).path("message").asText()).contains("cluster c1");
  }

  @Test
  void withoutCredentialsItIsForbiddenUnlessPediaClusterCredentialsAreAllowed() throws IOException {
    ApiResponse refused = call(api(settings(""), memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/web-1", "X-Clusterpedia-Forward", "true");
    assertThat(refused.code()).isEqualTo(403);
    assertThat(json(refused).path("message").asText())
        .contains(ForwardSettings.ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY);
    assertThat(received).isEmpty();

    ForwardSettings allowed = ForwardSettings.from(
        Map.of(ForwardSettings.ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY, "true"));
    ApiResponse r = call(api(allowed, memberUri), "GET",
        C1 + "/api/v1/namespaces/default/pods/web-1", "X-Clusterpedia-Forward", "true");
    assertThat(r.code()).isEqualTo(200);
    assertThat(received.get("/api/v1/namespaces/default/pods/web-1").headers().get("Authorization"))
        .containsExactly("Bearer cluster-token");
  }

  @Test
  void badBase64CredentialIsBadRequest() {
    ApiResponse r = call(api(settings(""), memberUri), "GET", C1 + "/api/v1/namespaces/default/pods/web-1",
        "X-Clusterpedia-Forward", "true", "X-Clusterpedia-Proxy-CA", "%%%");
    assertThat(r.code()).isEqualTo(400);
    assertThat(received).isEmpty();
  }

  @Test
  void forwardingNeedsAClusterInThePath() throws IOException {
    ApiResponse r = call(api(settings(""), memberUri), "GET",
        "/apis/clusterpedia.io/v1beta1/resources/api/v1/pods?labelSelector=search.clusterpedia.io/forward",
        TOKEN, "t");
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).isEqualTo(ForwardPaths.NEEDS_CLUSTER);
  }

  @Test
  void unsyncedTypesAreNotForwardedUnlessAllowed() {
    String path = C1 + "/apis/apps/v1/namespaces/default/deployments?labelSelector=search.clusterpedia.io/forward";
    assertThat(call(api(settings(""), memberUri), "GET", path, TOKEN, "t").code()).isEqualTo(404);
    assertThat(received).isEmpty();
    ForwardSettings unsynced = ForwardSettings.from(Map.of(ForwardSettings.ALLOW_FORWARD_UNSYNCED, "true"));
    ApiResponse r = call(api(unsynced, memberUri), "GET", path, TOKEN, "t");
    assertThat(received).containsKey("/apis/apps/v1/namespaces/default/deployments");
    assertThat(r.code()).isEqualTo(404); // the stand-in member answers 404 for anything it does not know
  }

  @Test
  void execCannotBeCarried() throws IOException {
    ApiResponse r = call(api(settings("exec"), memberUri), "POST",
        C1 + "/api/v1/namespaces/default/pods/web-1/exec?command=ls", TOKEN, "t");
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).contains("pods/exec").contains("upgrade");
  }

  @Test
  void proxyPathForwardsAnyMethodWhenEnabled() {
    String path = C1 + "/proxy/version";
    assertThat(call(api(settings(""), memberUri), "GET", path, TOKEN, "t").code()).isEqualTo(404);
    assertThat(received).isEmpty();
    ForwardSettings enabled = ForwardSettings.from(Map.of(ForwardSettings.ENABLE_PROXY_PATH, "true"));
    ApiResponse r = call(api(enabled, memberUri), "GET", path, TOKEN, "t");
    assertThat(r.code()).isEqualTo(200);
    assertThat(text(r)).contains("v1.32.1");
    ApiResponse post = call(api(enabled, memberUri), "POST", C1 + "/proxy/api/v1/namespaces/default/pods",
        TOKEN, "t");
    assertThat(post.code()).isEqualTo(200);
    assertThat(received.get("/api/v1/namespaces/default/pods").method()).isEqualTo("POST");
  }

  @Test
  void aClustersDiscoveryListsTheSubresourcesForwardingServesAndNoOthers() throws IOException {
    JsonNode v1 = json(call(api(settings("pods/log,pods/exec,pods/proxy"), memberUri), "GET", C1 + "/api/v1"));
    assertThat(v1.path("resources").findValuesAsText("name")).containsExactly("pods", "pods/proxy", "pods/log");
    JsonNode log = v1.path("resources").get(2);
    assertThat(log.path("kind").asText()).isEqualTo("Pod");
    assertThat(log.path("verbs").toString()).isEqualTo("[\"get\"]");
    JsonNode aggregated = json(call(api(settings("pods/log"), memberUri), "GET", C1 + "/api", "Accept",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
    JsonNode pods = aggregated.path("items").get(0).path("versions").get(0).path("resources").get(0);
    assertThat(pods.path("subresources").findValuesAsText("subresource")).containsExactly("log");
    // Not without the setting, and not across all clusters, where nothing can be forwarded.
    assertThat(json(call(api(settings(""), memberUri), "GET", C1 + "/api/v1")).path("resources")
        .findValuesAsText("name")).containsExactly("pods");
    assertThat(json(call(api(settings("pods/log"), memberUri), "GET",
        "/apis/clusterpedia.io/v1beta1/resources/api/v1")).path("resources").findValuesAsText("name"))
        .containsExactly("pods");
  }

  /** Found by ApiFuzzTest: the forward header on a cluster's root path failed with an index error (500). */
  @Test
  void theForwardHeaderOnAClustersRootForwardsToTheMembersRoot() {
    ApiResponse r = call(api(settings(""), memberUri), "GET", C1, TOKEN, "t", "X-Clusterpedia-Forward", "true");
    assertThat(r.code()).isLessThan(500);
    assertThat(received).containsKey("/");
  }

  /** Found by ForwardingCredentialsTest: Java's HTTP client offers {@code Upgrade: h2c} on every cleartext request. */
  @Test
  void anHttp2UpgradeOfferIsNotAConnectionUpgradeAndIsNotSentOn() {
    ForwardSettings enabled = ForwardSettings.from(Map.of(ForwardSettings.ENABLE_PROXY_PATH, "true"));
    ApiResponse r = call(api(enabled, memberUri), "GET", C1 + "/proxy/api/v1/namespaces/default/pods", TOKEN, "t",
        "Upgrade", "h2c", "HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA", "Connection",
        "Upgrade, HTTP2-Settings");
    assertThat(r.code()).isEqualTo(200);
    assertThat(received.get("/api/v1/namespaces/default/pods").headers().keySet())
        .noneMatch(k -> k.equalsIgnoreCase("upgrade") || k.equalsIgnoreCase("http2-settings"));
    ApiResponse websocket = call(api(enabled, memberUri), "GET", C1 + "/proxy/api/v1/namespaces/default/pods",
        TOKEN, "t", "Upgrade", "websocket");
    assertThat(websocket.code()).isEqualTo(400);
  }

  @Test
  void proxyPathThatEscapesIsRefused() {
    ForwardSettings enabled = ForwardSettings.from(Map.of(ForwardSettings.ENABLE_PROXY_PATH, "true"));
    ApiResponse r = call(api(enabled, memberUri), "GET", C1 + "/proxy/api/../../secret", TOKEN, "t");
    assertThat(r.code()).isEqualTo(400);
    ApiResponse encoded = call(api(enabled, memberUri), "GET", C1 + "/proxy/api%252F..%252Fx", TOKEN, "t");
    assertThat(encoded.code()).isEqualTo(400);
    assertThat(received).isEmpty();
  }

  @Test
  void responseOverTheBudgetIsAnErrorNotATruncatedBody() throws IOException {
    ApiResponse r = call(api(settings(""), memberUri, 1000), "GET",
        C1 + "/api/v1/namespaces/default/pods/big", "X-Clusterpedia-Forward", "true", TOKEN, "t");
    assertThat(r.code()).isEqualTo(502);
    assertThat(json(r).path("message").asText()).contains("larger than 1000 bytes").contains("Lambda");
  }

  @Test
  void requestsWithoutForwardingAreServedFromTheStore() throws IOException {
    ApiResponse r = call(api(settings("pods/log"), memberUri), "GET", C1 + "/api/v1/namespaces/default/pods");
    assertThat(r.code()).isEqualTo(200);
    assertThat(json(r).path("kind").asText()).isEqualTo("PodList");
    assertThat(received).isEmpty();
  }
}
