package io.cloudpedia.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API (payload 2.0) adapter, fed the sample event that {@code sam local invoke} uses. */
class ApiFunctionTest {
  static final Path EVENT = Path.of("..", "events", "api-list-pods.json");

  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  ApiFunction function;

  @BeforeEach
  void setUp() {
    Seeder seed = new Seeder(store, syncState);
    seed.standardCluster("c1");
    for (int i = 0; i < 30; i++) {
      seed.putPod("c1", "default", "web-" + i, Seeder.labels("app", i % 2 == 0 ? "a" : "b"));
    }
    Clock clock = Clock.systemUTC();
    function = new ApiFunction(new KubeApi(store, new ClusterDirectory(syncState),
        ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock));
  }

  static APIGatewayV2HTTPEvent sample() throws Exception {
    return Json.mapper().readValue(Files.readAllBytes(EVENT), APIGatewayV2HTTPEvent.class);
  }

  static byte[] body(APIGatewayV2HTTPResponse response) throws Exception {
    assertThat(response.getIsBase64Encoded()).isTrue();
    byte[] bytes = Base64.getDecoder().decode(response.getBody());
    if ("gzip".equals(response.getHeaders().get("Content-Encoding"))) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        return in.readAllBytes();
      }
    }
    return bytes;
  }

  @Test
  void theSampleEventListsPodsAsATableGzipped() throws Exception {
    APIGatewayV2HTTPResponse response = function.handleRequest(sample(), null);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("Content-Encoding", "gzip");
    JsonNode table = Json.mapper().readTree(body(response));
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("rows")).hasSize(15);
  }

  @Test
  void plainJsonWithoutGzipIsStillBase64() throws Exception {
    APIGatewayV2HTTPEvent event = sample();
    event.setHeaders(Map.of("accept", "application/json"));
    event.setRawQueryString("limit=2");
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    assertThat(response.getHeaders()).doesNotContainKey("Content-Encoding");
    JsonNode list = Json.mapper().readTree(body(response));
    assertThat(list.path("kind").asText()).isEqualTo("PodList");
    assertThat(list.path("items")).hasSize(2);
    assertThat(list.path("metadata").path("continue").asText()).isNotEmpty();
  }

  @Test
  void aMalformedEscapeIsABadRequestStatus() throws Exception {
    APIGatewayV2HTTPEvent event = sample();
    event.setRawQueryString("labelSelector=%E0%A4");
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    assertThat(response.getStatusCode()).isEqualTo(400);
    JsonNode status = Json.mapper().readTree(body(response));
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
  }
}
