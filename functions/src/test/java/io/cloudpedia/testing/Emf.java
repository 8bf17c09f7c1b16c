package io.cloudpedia.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CloudWatch embedded-metric-format documents Powertools prints while an action runs. Needs
 * {@code AWS_EMF_ENVIRONMENT=Local} (EMF on stdout) and {@code POWERTOOLS_METRICS_NAMESPACE}, both set for tests by the
 * parent POM's surefire configuration.
 */
public final class Emf {
  private Emf() {}

  /** The EMF documents (JSON lines with an {@code _aws} key) printed on stdout while {@code action} runs. */
  public static List<JsonNode> capture(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    List<JsonNode> documents = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("{") && line.contains("\"_aws\"")) {
        try {
          documents.add(Json.mapper().readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return documents;
  }

  /** The metric names a document declares. */
  public static Set<String> metricNames(JsonNode document) {
    Set<String> names = new TreeSet<>();
    document.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> names.add(m.path("Name").asText()));
    return names;
  }

  /** The dimension sets a document declares, each as a list of dimension names. */
  public static List<List<String>> dimensionSets(JsonNode document) {
    List<List<String>> sets = new ArrayList<>();
    document.at("/_aws/CloudWatchMetrics/0/Dimensions").forEach(set -> {
      List<String> names = new ArrayList<>();
      set.forEach(n -> names.add(n.asText()));
      sets.add(names);
    });
    return sets;
  }

  /** The unit a document declares for a metric, empty if it declares none. */
  public static String unit(JsonNode document, String metric) {
    for (JsonNode m : document.at("/_aws/CloudWatchMetrics/0/Metrics")) {
      if (m.path("Name").asText().equals(metric)) {
        return m.path("Unit").asText();
      }
    }
    return "";
  }

  /** The documents that declare {@code metric}. */
  public static List<JsonNode> declaring(List<JsonNode> documents, String metric) {
    return documents.stream().filter(d -> metricNames(d).contains(metric)).toList();
  }
}
