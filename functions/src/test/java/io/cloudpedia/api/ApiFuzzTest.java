package io.cloudpedia.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.access.AccessControl;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.forward.ForwardSettings;
import io.cloudpedia.api.forward.Forwarding;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.auth.policy.Policy;
import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.MapSecretSource;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Generated and mutated requests through the API Gateway adapter ({@link ApiFunction}) into the whole API: paths,
 * selectors, search labels, continue tokens, headers, bodies, very long values, invalid UTF-8, huge limits. Every
 * answer must be a well-formed Kubernetes {@code Status} (4xx) or a valid object, list or table, never a 5xx, never a
 * stack trace, never past the time budget. The seed is printed; replay one with {@code -Dapi.fuzz.seed=N} (and
 * {@code -Dapi.fuzz.requests=N}).
 */
class ApiFuzzTest {
  static final int REQUESTS = Integer.getInteger("api.fuzz.requests", 20_000);
  static final long BUDGET_MS = 2_000;
  static final String R = "/apis/clusterpedia.io/v1beta1/resources";

  static final List<String> PREFIXES = List.of("", R, R + "/clusters/c1", R + "/clusters/c2", R + "/clusters/ghost",
      R + "/clusters/c1/proxy", "/apis/cluster.clusterpedia.io/v1alpha2", "/apis/clusterpedia.io/v1beta1",
      "/apis/clusterpedia.io/v1beta1/collectionresources", "/openapi/v3", "/api", "/apis", "/version", "/watch");
  static final List<String> NATIVE = List.of("", "/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1",
      "/api/v1/pods", "/api/v1/namespaces/default/pods", "/api/v1/namespaces/default/pods/web-1",
      "/api/v1/namespaces/default/pods/web-1/log", "/api/v1/namespaces/default/pods/web-1/exec",
      "/api/v1/nodes", "/api/v1/nodes/node-1", "/api/v1/namespaces", "/api/v1/namespaces/default",
      "/apis/apps/v1/deployments", "/apis/apps/v1/namespaces/default/deployments/web", "/api/v1/events",
      "/apis/example.com/v1/widgets", "/pediaclusters", "/pediaclusters/c1", "/pediaclusters/c1/status",
      "/clustersyncresources", "/any", "/workloads", "/kuberesources", "/watch/api/v1/pods", "/api/v1/watch/pods");
  static final List<String> PARAMS = List.of("limit", "continue", "labelSelector", "fieldSelector", "clusters",
      "namespaces", "names", "orderby", "ownerUID", "ownerName", "ownerGR", "ownerSeniority", "withContinue",
      "withRemainingCount", "onlyMetadata", "inject-events", "includeObject", "groups", "resources", "watch",
      "timeout", "since", "before", "resourceVersion", "container", "tailLines", "follow", "fuzzyName");
  static final List<String> SELECTOR_PARTS = List.of("app=a", "app!=b", "app in (a,b)", "app notin (a)", "!app",
      "app", "tier", "search.clusterpedia.io/clusters=c1", "search.clusterpedia.io/namespaces=default",
      "search.clusterpedia.io/names=web-1", "search.clusterpedia.io/orderby=name desc",
      "search.clusterpedia.io/owner-uid=x", "search.clusterpedia.io/owner-name=web",
      "search.clusterpedia.io/owner-gr=deployments.apps", "search.clusterpedia.io/owner-seniority=2",
      "search.clusterpedia.io/since=2026-01-01", "search.clusterpedia.io/before=1700000000",
      "search.clusterpedia.io/limit=3", "search.clusterpedia.io/forward", "internalstorage.clusterpedia.io/fuzzy-name=web",
      "search.clusterpedia.io/inject-events=true", "metadata.name=web-1", "metadata.namespace!=x",
      "spec.nodeName=", "status.phase=Running", "a in (", "=", "in", ",", "()", "a=b=c", "x/y/z=1", "a==b");
  static final List<String> VALUES = List.of("", "0", "1", "-1", "10", "500", "10001", "9223372036854775807",
      "99999999999999999999", "abc", "true", "false", "Object", "Metadata", "None", "*", ",", "apps", "apps/v1",
      "/pods", "apps/deployments,batch/v1/cronjobs", "name", "name desc", "cluster,namespace", "2026-11-25T12:00:00Z",
      "c1,c2", "default", "%", "%FF", "\u00e9\u6f22", "\uFFFD");
  static final List<String> ACCEPTS = List.of("", "application/json",
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
      "application/json;as=Table;v=v1beta1;g=meta.k8s.io", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
      "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io",
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
      "application/vnd.kubernetes.protobuf", "text/html", "*/*", "application/json;q=0", "garbage;;;=", "application/yaml");

  @Test
  void generatedRequestsNeverGetA5xxOrAStackTrace() throws Exception {
    long seed = Long.getLong("api.fuzz.seed", System.nanoTime());
    System.out.println("ApiFuzzTest seed " + seed + " (replay: -Dapi.fuzz.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    ApiFunction function = function();
    ApiFunction guarded = guardedFunction();
    List<String> validTokens = new ArrayList<>();
    Map<Integer, Integer> codes = new HashMap<>();
    long slowest = 0;
    for (int i = 0; i < REQUESTS; i++) {
      APIGatewayV2HTTPEvent event = event(random, validTokens);
      ApiFunction target = random.nextInt(4) == 0 ? guarded : function;
      long started = System.nanoTime();
      APIGatewayV2HTTPResponse response = target.handleRequest(event, null);
      long ms = (System.nanoTime() - started) / 1_000_000;
      slowest = Math.max(slowest, ms);
      String what = "request " + i + " (seed " + seed + "): " + event.getRequestContext().getHttp().getMethod()
          + " " + event.getRawPath() + "?" + event.getRawQueryString() + " " + event.getHeaders();
      assertThat(ms).as("time of " + what).isLessThan(BUDGET_MS);
      codes.merge(response.getStatusCode(), 1, Integer::sum);
      assertThat(response.getStatusCode()).as(what).isBetween(200, 499);
      byte[] body = body(response);
      String text = new String(body, StandardCharsets.UTF_8);
      assertThat(text).as(what).doesNotContain("Exception").doesNotContain("\tat ");
      String type = response.getHeaders().getOrDefault("Content-Type", "");
      if (type.startsWith("application/json")) {
        JsonNode json = Json.mapper().readTree(body);
        assertThat(json.isObject()).as(what).isTrue();
        if (response.getStatusCode() >= 400) {
          assertThat(json.path("kind").asText()).as(what).isEqualTo("Status");
          assertThat(json.path("code").asInt()).as(what).isEqualTo(response.getStatusCode());
          assertThat(json.path("message").asText()).as(what).isNotEmpty();
        } else if (!event.getRawPath().startsWith("/openapi/") && !json.has("gitVersion")) {
          // A Kubernetes object, list, table or discovery document (OpenAPI and version documents have no kind).
          assertThat(json.path("kind").asText()).as(what).isNotEmpty();
        }
        if (response.getStatusCode() < 300) {
          String token = json.path("metadata").path("continue").asText(json.path("continue").asText(""));
          if (!token.isEmpty() && validTokens.size() < 50) {
            validTokens.add(token);
          }
        }
      } else {
        assertThat(response.getStatusCode()).as(what + " answered " + type).isLessThan(300);
      }
    }
    System.out.println("ApiFuzzTest: " + REQUESTS + " requests, status codes " + codes + ", slowest " + slowest
        + " ms");
  }

  private static APIGatewayV2HTTPEvent event(SplittableRandom random, List<String> validTokens) {
    // Half the requests address real resources (so selectors, tokens and outputs are exercised), half anything.
    String path = random.nextBoolean()
        ? pick(random, List.of(R, R + "/clusters/c1", R + "/clusters/c2")) + pick(random, List.of("/api/v1/pods",
            "/api/v1/namespaces/default/pods", "/apis/apps/v1/deployments", "/api/v1/nodes", "/api/v1/namespaces"))
        : pick(random, PREFIXES) + pick(random, NATIVE);
    if (random.nextInt(4) == 0) {
      path = mutate(random, path);
    }
    Map<String, String> query = new LinkedHashMap<>();
    int params = random.nextInt(5);
    for (int p = 0; p < params; p++) {
      String name = pick(random, PARAMS);
      query.put(name, value(random, name, validTokens));
    }
    StringBuilder raw = new StringBuilder();
    query.forEach((k, v) -> raw.append(raw.length() == 0 ? "" : "&").append(k).append('=')
        .append(random.nextInt(5) == 0 ? v : encode(v)));
    if (random.nextInt(20) == 0) {
      raw.append(random.nextBoolean() ? "&%ZZ=%" : "&&=&a");
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("accept", pick(random, ACCEPTS));
    if (random.nextInt(8) == 0) {
      headers.put("accept-encoding", "gzip");
    }
    if (random.nextInt(10) == 0) {
      headers.put("x-clusterpedia-forward", random.nextBoolean() ? "true" : "yes");
    }
    if (random.nextInt(15) == 0) {
      headers.put("x-clusterpedia-proxy-token", "t");
      headers.put("x-clusterpedia-proxy-client-cert", random.nextBoolean() ? "!!notbase64" : "aGVsbG8=");
    }
    if (random.nextInt(20) == 0) {
      headers.put("x-clusterpedia-proxy-ca", "%%%");
    }
    String method = random.nextInt(6) == 0 ? pick(random, List.of("HEAD", "POST", "PUT", "PATCH", "DELETE",
        "OPTIONS", "TRACE")) : "GET";
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRawPath(path);
    event.setRawQueryString(raw.toString());
    event.setHeaders(headers);
    if (!method.equals("GET") && random.nextBoolean()) {
      String body = pick(random, List.of("{}", "{", "null", "[]", "{\"kind\":\"PediaCluster\"}",
          "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\",\"metadata\":{\"name\":\"f\"},"
              + "\"spec\":{\"apiserver\":\"https://10.0.0.1:6443\",\"syncResources\":[]}}",
          "x".repeat(random.nextInt(5000)), "\u0000\u0001"));
      headers.put("content-type", pick(random, List.of("application/json", "application/merge-patch+json",
          "application/apply-patch+yaml", "text/plain")));
      boolean base64 = random.nextBoolean();
      event.setIsBase64Encoded(base64);
      event.setBody(base64 ? (random.nextInt(10) == 0 ? "!!" : Base64.getEncoder().encodeToString(
          body.getBytes(StandardCharsets.UTF_8))) : body);
    }
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod(method);
    context.setHttp(http);
    if (random.nextInt(3) > 0) {
      APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
          new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
      authorizer.setLambda(Map.of("principal", pick(random, List.of("ops", "reader", "nobody", ""))));
      context.setAuthorizer(authorizer);
    }
    event.setRequestContext(context);
    return event;
  }

  private static String value(SplittableRandom random, String name, List<String> validTokens) {
    switch (name) {
      case "labelSelector":
      case "fieldSelector": {
        int parts = 1 + random.nextInt(4);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts; i++) {
          s.append(i == 0 ? "" : ",").append(pick(random, SELECTOR_PARTS));
        }
        if (random.nextInt(30) == 0) {
          s.append(",k=").append("v".repeat(5000));
        }
        return s.toString();
      }
      case "continue":
        if (!validTokens.isEmpty() && random.nextBoolean()) {
          String token = pick(random, validTokens);
          return random.nextBoolean() ? token : mutate(random, token);
        }
        return pick(random, VALUES);
      default:
        if (random.nextInt(40) == 0) {
          return "z".repeat(10_000 + random.nextInt(20_000));
        }
        return pick(random, VALUES);
    }
  }

  private static String mutate(SplittableRandom random, String s) {
    StringBuilder out = new StringBuilder(s);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
      switch (random.nextInt(8)) {
        case 0 -> out.insert(at, "/..");
        case 1 -> out.insert(at, "%2F");
        case 2 -> out.insert(at, "%FF%FE");
        case 3 -> out.insert(at, "//");
        case 4 -> out.insert(at, "/" + "s".repeat(random.nextInt(3000)));
        case 5 -> out.insert(at, "%");
        case 6 -> {
          if (out.length() > 0) {
            out.deleteCharAt(Math.min(at, out.length() - 1));
          }
        }
        default -> out.insert(at, "\u00e9\uD83D\uDE00");
      }
    }
    return out.toString();
  }

  private static String encode(String v) {
    return java.net.URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static <T> T pick(SplittableRandom random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static byte[] body(APIGatewayV2HTTPResponse response) throws Exception {
    if (response.getBody() == null) {
      return new byte[0];
    }
    byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
        : response.getBody().getBytes(StandardCharsets.UTF_8);
    if ("gzip".equals(response.getHeaders().get("Content-Encoding"))) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        return in.readAllBytes();
      }
    }
    return bytes;
  }

  private static KubeApi api() {
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    Seeder seed = new Seeder(store, syncState);
    for (String c : List.of("c1", "c2")) {
      seed.standardCluster(c);
      for (int i = 0; i < 40; i++) {
        seed.putPod(c, i % 2 == 0 ? "default" : "kube-system", "web-" + i, Seeder.labels("app", i % 3 == 0 ? "a"
            : "b"));
      }
      seed.put(c, Seeder.NODES, seed.object(c, Seeder.NODES, "Node", "", "node-1", Map.of()));
      seed.put(c, Seeder.DEPLOYMENTS, seed.object(c, Seeder.DEPLOYMENTS, "Deployment", "default", "web", Map.of()));
    }
    Clock clock = Clock.systemUTC();
    InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
    CredentialResolver resolver = new CredentialResolver(new MapSecretSource());
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
        ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock,
        Optional.of(Registries.api(registry, store, syncState, Optional.of(resolver), clock)))
        .withEvents(new InMemoryEventStore());
    // Forwarding on, towards a cluster that is not registered: every forwarded request must still be a 4xx.
    ForwardSettings forward = ForwardSettings.from(Map.of("ENABLE_PROXY_PATH", "true", "ALLOWED_PROXY_SUBRESOURCES",
        "pods/log,pods/exec", "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "true", "FORWARD_TIMEOUT_SECONDS", "1"));
    return api.withForwarding(Forwarding.over(forward, registry, resolver, ApiConfig.DEFAULTS.pageByteBudget()));
  }

  private static ApiFunction function() {
    return new ApiFunction(api());
  }

  private static ApiFunction guardedFunction() throws Exception {
    return new ApiFunction(api().withAccessControl(AccessControl.of(Policy.parse("""
        rules:
          - principals: [reader]
            clusters: [c1]
            namespaces: [default, ""]
            resources: [core/pods, core/nodes]
            actions: [read, "proxy:log"]
          - principals: [ops]
            clusters: ["*"]
            namespaces: ["*"]
            resources: ["*"]
            actions: ["*"]
        """))));
  }
}
