package io.cloudpedia.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.eventsource.LocalLambdaContext;
import io.cloudpedia.lambda.ColdStart;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.Emf;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.slf4j.MDC;

/**
 * ApiFunction's metrics (one EMF document per request: Requests, Latency, Errors by Route and by StatusClass; ColdStart
 * once) and its log context (correlation id and route on its lines, cleared after).
 */
@EnabledIfEnvironmentVariable(named = "AWS_EMF_ENVIRONMENT", matches = "Local")
class ApiFunctionMetricsTest {
  static final String PODS = "/apis/clusterpedia.io/v1beta1/resources/api/v1/pods";

  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  ApiFunction function;

  @BeforeEach
  void setUp() {
    Seeder seed = new Seeder(store, syncState);
    seed.standardCluster("c1");
    seed.putPod("c1", "default", "web-0", Map.of());
    function = new ApiFunction(api(store));
    ColdStart.take(); // whatever ran before in this JVM: not a cold start from here on
  }

  KubeApi api(ResourceStore resources) {
    Clock clock = Clock.systemUTC();
    return new KubeApi(resources, new ClusterDirectory(syncState),
        ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock);
  }

  static APIGatewayV2HTTPEvent get(String path) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withHeaders(Map.of("accept", "application/json"))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("apigw-req-1")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
            .build())
        .build();
  }

  @Test
  void aListWritesOneDocumentWithRequestsLatencyAndErrorsByRouteAndStatusClass() {
    List<JsonNode> documents = Emf.capture(() -> function.handleRequest(get(PODS), null));

    assertThat(documents).hasSize(1);
    JsonNode emf = documents.get(0);
    assertThat(Emf.metricNames(emf)).containsExactlyInAnyOrder("Requests", "Latency", "Errors");
    assertThat(Emf.dimensionSets(emf)).containsExactlyInAnyOrder(
        List.of("Service"), List.of("Service", "Route"), List.of("Service", "StatusClass"));
    assertThat(emf.path("Service").asText()).isEqualTo(System.getenv("POWERTOOLS_SERVICE_NAME"));
    assertThat(emf.path("Route").asText()).isEqualTo("list");
    assertThat(emf.path("StatusClass").asText()).isEqualTo("2xx");
    assertThat(emf.path("Requests").asDouble()).isEqualTo(1.0);
    assertThat(emf.path("Errors").asDouble()).isZero();
    assertThat(emf.path("Latency").asDouble()).isGreaterThanOrEqualTo(0.0);
    assertThat(Emf.unit(emf, "Latency")).isEqualTo("Milliseconds");
    assertThat(emf.path("statusCode").asInt()).isEqualTo(200);
    assertThat(emf.path("method").asText()).isEqualTo("GET");
    assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText())
        .isEqualTo(System.getenv("POWERTOOLS_METRICS_NAMESPACE"));
  }

  @Test
  void aGetAndAnUnknownPathAreTheirOwnRoutesAndA404IsNotAnError() {
    List<JsonNode> documents = Emf.capture(() -> {
      function.handleRequest(get("/apis/clusterpedia.io/v1beta1/resources/clusters/c1/api/v1/namespaces/default/pods/web-0"), null);
      function.handleRequest(get("/no/such/path"), null);
    });

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0).path("Route").asText()).isEqualTo("get");
    assertThat(documents.get(0).path("statusCode").asInt()).isEqualTo(200);
    assertThat(documents.get(1).path("Route").asText()).isEqualTo("other");
    assertThat(documents.get(1).path("StatusClass").asText()).isEqualTo("4xx");
    assertThat(documents.get(1).path("statusCode").asInt()).isEqualTo(404);
    assertThat(documents.get(1).path("Errors").asDouble()).isZero();
  }

  @Test
  void aServerErrorCountsAsAnError() {
    ResourceStore down = (ResourceStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ResourceStore.class}, (proxy, method, args) -> {
          throw new StoreUnavailableException("throttled", null);
        });
    ApiFunction failing = new ApiFunction(api(down));

    List<JsonNode> documents = Emf.capture(() -> assertThat(failing.handleRequest(get(PODS), null).getStatusCode())
        .isEqualTo(503));

    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).path("Route").asText()).isEqualTo("list");
    assertThat(documents.get(0).path("StatusClass").asText()).isEqualTo("5xx");
    assertThat(documents.get(0).path("Errors").asDouble()).isEqualTo(1.0);
  }

  @Test
  void theFirstInvocationOfAnEnvironmentCountsAColdStartOnce() {
    ColdStart.reset();
    List<JsonNode> documents = Emf.capture(() -> {
      function.handleRequest(get("/version"), null);
      function.handleRequest(get("/version"), null);
    });

    List<JsonNode> coldStarts = Emf.declaring(documents, "ColdStart");
    assertThat(coldStarts).hasSize(1);
    assertThat(coldStarts.get(0).path("ColdStart").asDouble()).isEqualTo(1.0);
    assertThat(Emf.dimensionSets(coldStarts.get(0))).containsExactly(List.of("Service"));
    assertThat(Emf.declaring(documents, "Requests")).hasSize(2)
        .allSatisfy(d -> assertThat(d.path("Route").asText()).isEqualTo("version"));
  }

  @Test
  void logLinesCarryTheCorrelationIdTheRouteAndTheLambdaRequestIdWhichAreClearedAfter() {
    List<Map<String, String>> contexts = new CopyOnWriteArrayList<>();
    Logger logger = (Logger) LogManager.getLogger(ApiFunction.class);
    AbstractAppender appender = new AbstractAppender("mdc-" + System.nanoTime(), null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        contexts.add(Map.copyOf(event.getContextData().toMap()));
      }
    };
    appender.start();
    logger.addAppender(appender);
    LocalLambdaContext context = new LocalLambdaContext("ApiFunction", "us-east-1", 1024, Duration.ofSeconds(29));
    try {
      APIGatewayV2HTTPResponse response = function.handleRequest(get(PODS), context);
      assertThat(response.getStatusCode()).isEqualTo(200);
    } finally {
      logger.removeAppender(appender);
    }

    assertThat(contexts).isNotEmpty();
    assertThat(contexts.get(contexts.size() - 1))
        .containsEntry("correlation_id", "apigw-req-1")
        .containsEntry("route", "list")
        .containsEntry("function_request_id", context.getAwsRequestId());
    assertThat(MDC.getCopyOfContextMap() == null ? Map.of() : MDC.getCopyOfContextMap())
        .doesNotContainKeys("correlation_id", "route", "function_request_id");
  }
}
