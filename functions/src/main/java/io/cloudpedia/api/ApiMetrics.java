package io.cloudpedia.api;

import java.util.Objects;
import java.util.Optional;
import io.cloudpedia.lambda.Dimensions;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * ApiFunction's metrics, as CloudWatch embedded-metric-format log lines through Powertools (namespace
 * {@code POWERTOOLS_METRICS_NAMESPACE}, dimension {@code Service} = {@code POWERTOOLS_SERVICE_NAME}).
 *
 * <p>One document per answered request, in three dimension sets, {@code [Service]} (every request),
 * {@code [Service, Route]} ({@link ApiRoute}) and {@code [Service, StatusClass]} ({@code 2xx} ... {@code 5xx}): {@value #REQUESTS} (1), {@value #LATENCY}
 * (milliseconds in the function) and {@value #ERRORS} (1 for a 5xx answer, else 0, so that its average is the error
 * rate). The exact status code, method and request id ride along as properties, for Logs Insights, not as dimensions:
 * each distinct dimension value is a metric CloudWatch bills. {@value #COLD_START} (1, {@code [Service]}) on the first
 * invocation of an execution environment.
 */
final class ApiMetrics {
  static final String REQUESTS = "Requests";
  static final String LATENCY = "Latency";
  static final String ERRORS = "Errors";
  static final String COLD_START = "ColdStart";
  static final String ROUTE = "Route";
  static final String STATUS_CLASS = "StatusClass";

  private final Optional<Metrics> metrics;

  private ApiMetrics(Optional<Metrics> metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  static ApiMetrics over(Metrics metrics) {
    return new ApiMetrics(Optional.of(metrics));
  }

  /** Records nothing: for priming, whose requests are no one's. */
  static ApiMetrics none() {
    return new ApiMetrics(Optional.empty());
  }

  void request(ApiRoute route, int code, long latencyMillis, String method, String requestId) {
    metrics.ifPresent(metrics -> metrics.flushMetrics(m -> {
      m.addDimension(Dimensions.withDefaults(m, ROUTE, route.metricName()));
      m.addDimension(Dimensions.withDefaults(m, STATUS_CLASS, statusClass(code)));
      m.addMetric(REQUESTS, 1, MetricUnit.COUNT);
      m.addMetric(LATENCY, latencyMillis, MetricUnit.MILLISECONDS);
      m.addMetric(ERRORS, code >= 500 ? 1 : 0, MetricUnit.COUNT);
      m.addMetadata("statusCode", code);
      m.addMetadata("method", method);
      m.addMetadata("requestId", requestId);
    }));
  }

  void coldStart() {
    metrics.ifPresent(metrics -> metrics.flushMetrics(m -> m.addMetric(COLD_START, 1, MetricUnit.COUNT)));
  }

  static String statusClass(int code) {
    return code >= 100 && code < 600 ? (code / 100) + "xx" : "other";
  }
}
