package io.cloudpedia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.auth.source.Document;
import io.cloudpedia.auth.source.DocumentSource;
import io.cloudpedia.lambda.ColdStart;
import io.cloudpedia.testing.Emf;
import io.cloudpedia.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The authorizer counts its decisions: allowed by kind, denials by reason, cold starts; priming counts nothing. */
@EnabledIfEnvironmentVariable(named = "AWS_EMF_ENVIRONMENT", matches = "Local")
class AuthorizerMetricsTest {
  static final String ALICE = "alice-token-5b8e1f0c3d2a4b6c8d0e2f4a6b8c0d2e";

  AuthorizerFunction function;

  @BeforeEach
  void setUp() throws Exception {
    DocumentSource table = new DocumentSource() {
      @Override
      public Document fetch() {
        return new Document(StaticTokensTest.table(Map.of(ALICE, "alice")), "v1");
      }

      @Override
      public String describe() {
        return "an in-memory token table";
      }
    };
    StaticTokens tokens = StaticTokens.load(table, Duration.ofSeconds(60), MutableClock.startingNow());
    function = new AuthorizerFunction(new Authenticator(Optional.of(tokens), Optional.empty()));
    ColdStart.take();
  }

  static Map<String, Object> event(String authorization) {
    return AuthorizerFunctionTest.event(authorization);
  }

  @Test
  void anAllowedTokenCountsUnderItsKind() {
    List<JsonNode> documents = Emf.capture(() ->
        assertThat(function.handleRequest(event("Bearer " + ALICE), null)).containsEntry("isAuthorized", true));

    assertThat(documents).hasSize(1);
    JsonNode emf = documents.get(0);
    assertThat(Emf.metricNames(emf)).containsExactly("Allowed");
    assertThat(emf.path("AuthKind").asText()).isEqualTo("BEARER_TOKEN");
    assertThat(Emf.dimensionSets(emf)).containsExactlyInAnyOrder(List.of("Service"), List.of("Service", "AuthKind"));
  }

  @Test
  void denialsCountUnderTheirReason() {
    List<JsonNode> documents = Emf.capture(() -> {
      function.handleRequest(event("Bearer not-a-known-token"), null);
      function.handleRequest(event("Basic YWxpY2U6cHc="), null);
      function.handleRequest(event("Bearer k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8"), null);
      function.handleRequest(event(null), null);
    });

    assertThat(documents).hasSize(4).allSatisfy(d -> {
      assertThat(Emf.metricNames(d)).containsExactly("Denials");
      assertThat(d.path("Denials").asDouble()).isEqualTo(1.0);
      assertThat(Emf.dimensionSets(d)).contains(List.of("Service", "Reason"));
    });
    assertThat(documents).extracting(d -> d.path("Reason").asText())
        .containsExactly("UNKNOWN_TOKEN", "NOT_BEARER", "IAM_DISABLED", "MISSING");
    for (JsonNode d : documents) {
      assertThat(DenyReason.valueOf(d.path("Reason").asText())).as("a closed set of values").isNotNull();
    }
  }

  @Test
  void theFirstDecisionOfAnEnvironmentCountsAColdStart() {
    ColdStart.reset();
    List<JsonNode> documents = Emf.capture(() -> {
      function.handleRequest(event("Bearer " + ALICE), null);
      function.handleRequest(event("Bearer " + ALICE), null);
    });

    assertThat(Emf.declaring(documents, "ColdStart")).hasSize(1);
    assertThat(Emf.declaring(documents, "Allowed")).hasSize(2);
  }

  @Test
  void primingDecidesWithoutCounting() {
    List<JsonNode> documents = Emf.capture(function::prime);

    assertThat(documents).isEmpty();
  }
}
