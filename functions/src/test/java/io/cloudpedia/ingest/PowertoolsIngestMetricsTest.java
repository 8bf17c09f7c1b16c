package io.cloudpedia.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.testing.Emf;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Powertools writes the counts as one EMF document per flush. Needs {@code AWS_EMF_ENVIRONMENT=Local} (EMF on
 * stdout) and {@code POWERTOOLS_METRICS_NAMESPACE}, both set for tests by the parent POM's surefire configuration.
 */
@EnabledIfEnvironmentVariable(named = "AWS_EMF_ENVIRONMENT", matches = "Local")
class PowertoolsIngestMetricsTest {

  @Test
  void flushWritesOneEmfDocumentWithTheSummedNonZeroCounts() throws IOException {
    PowertoolsIngestMetrics metrics = new PowertoolsIngestMetrics();
    List<JsonNode> documents = Emf.capture(() -> {
      metrics.count(IngestMetrics.MALFORMED_MESSAGES, 1);
      metrics.count(IngestMetrics.MALFORMED_MESSAGES, 2);
      metrics.count(IngestMetrics.UPSERTS_APPLIED, 7);
      metrics.count(IngestMetrics.DELETES_STALE, 0);
      metrics.flush();
    });

    assertThat(documents).hasSize(1);
    JsonNode emf = documents.get(0);
    assertThat(emf.get("MalformedMessages").asDouble()).isEqualTo(3.0);
    assertThat(emf.get("UpsertsApplied").asDouble()).isEqualTo(7.0);
    assertThat(emf.has("DeletesStale")).as("zero counts are left out").isFalse();
    JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Namespace").asText()).isEqualTo(System.getenv("POWERTOOLS_METRICS_NAMESPACE"));
    assertThat(directive.get("Metrics").findValuesAsText("Unit")).containsOnly("Count");
  }

  @Test
  void flushWithNothingCountedWritesNothingAndCountsStartAgainAfterAFlush() throws IOException {
    PowertoolsIngestMetrics metrics = new PowertoolsIngestMetrics();
    List<JsonNode> documents = Emf.capture(() -> {
      metrics.flush();
      metrics.count(IngestMetrics.MESSAGES, 2);
      metrics.flush();
      metrics.count(IngestMetrics.MESSAGES, 1);
      metrics.flush();
    });

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0).get("Messages").asDouble()).isEqualTo(2.0);
    assertThat(documents.get(1).get("Messages").asDouble()).isEqualTo(1.0);
  }

  @Test
  void eachClusterGetsADocumentWithItsCountsAndLagsUnderServiceAndCluster() throws IOException {
    PowertoolsIngestMetrics metrics = new PowertoolsIngestMetrics();
    List<JsonNode> documents = Emf.capture(() -> {
      metrics.count(IngestMetrics.MESSAGES, 3);
      metrics.countForCluster("east", IngestMetrics.DELTAS_APPLIED, 5);
      metrics.countForCluster("east", IngestMetrics.DELTAS_STALE, 1);
      metrics.ingestLag("east", 1.5);
      metrics.ingestLag("east", 4.0);
      metrics.relistDuration("east", 12.5);
      metrics.countForCluster("west", IngestMetrics.MALFORMED_MESSAGES, 1);
      metrics.countForCluster("west", IngestMetrics.DELTAS_REJECTED, 0);
      metrics.flush();
    });

    assertThat(documents).hasSize(3);
    JsonNode total = documents.get(0);
    assertThat(Emf.dimensionSets(total)).containsExactly(List.of("Service"));
    assertThat(Emf.metricNames(total)).containsExactly("Messages");

    JsonNode east = documents.get(1);
    assertThat(east.path("Cluster").asText()).isEqualTo("east");
    assertThat(east.path("Service").asText()).isEqualTo(System.getenv("POWERTOOLS_SERVICE_NAME"));
    assertThat(Emf.dimensionSets(east)).containsExactlyInAnyOrder(List.of("Service"), List.of("Service", "Cluster"));
    assertThat(Emf.metricNames(east)).containsExactlyInAnyOrder("DeltasApplied", "DeltasStale", "IngestLagSeconds",
        "RelistSeconds");
    assertThat(east.path("RelistSeconds").asDouble()).isEqualTo(12.5);
    assertThat(Emf.unit(east, "RelistSeconds")).isEqualTo("Seconds");
    assertThat(east.path("DeltasApplied").asDouble()).isEqualTo(5.0);
    assertThat(east.path("IngestLagSeconds")).as("every value a data point")
        .extracting(JsonNode::asDouble).containsExactly(1.5, 4.0);
    assertThat(Emf.unit(east, "IngestLagSeconds")).isEqualTo("Seconds");

    JsonNode west = documents.get(2);
    assertThat(west.path("Cluster").asText()).isEqualTo("west");
    assertThat(Emf.metricNames(west)).containsExactly("MalformedMessages");
  }

  @Test
  void clusterCountsStartAgainAfterAFlush() throws IOException {
    PowertoolsIngestMetrics metrics = new PowertoolsIngestMetrics();
    List<JsonNode> documents = Emf.capture(() -> {
      metrics.countForCluster("east", IngestMetrics.DELTAS_APPLIED, 2);
      metrics.flush();
      metrics.flush();
      metrics.countForCluster("east", IngestMetrics.DELTAS_APPLIED, 1);
      metrics.flush();
    });

    assertThat(documents).hasSize(2);
    assertThat(documents.get(1).path("DeltasApplied").asDouble()).isEqualTo(1.0);
  }
}
