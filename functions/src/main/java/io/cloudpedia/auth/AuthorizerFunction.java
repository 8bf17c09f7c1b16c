package io.cloudpedia.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.env.FunctionEnvironment;
import io.cloudpedia.lambda.ColdStart;
import io.cloudpedia.lambda.Dimensions;
import io.cloudpedia.lambda.Priming;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The API Gateway HTTP API Lambda authorizer (payload format 2.0, simple responses): reads the {@code Authorization}
 * header, lets {@link Authenticator} decide, and answers {@code {"isAuthorized": true, "context": {"principal": ...,
 * "authKind": ...}}} or {@code {"isAuthorized": false}}. The API reads the principal from
 * {@code requestContext.authorizer.lambda.principal} and applies the authorization policy itself: API Gateway caches
 * this answer per token, not per path.
 *
 * <p>The event is read as a plain map (the events library's authorizer type needs Joda-Time) and never logged or
 * printed: it holds the token. One log line per decision: principal or reason, and the token's fingerprint.
 *
 * <p>When the credentials cannot be checked at all (STS or Secrets Manager failing), the invocation fails with
 * {@link AuthenticationUnavailableException}: API Gateway then answers 500 and caches nothing, where a denial would be
 * cached for the authorizer's TTL and lock the caller out although nothing was wrong with the token.
 */
public final class AuthorizerFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizerFunction.class);

  /** What the function reads from its environment (checked against template.yaml by the deployment tests). */
  public static final FunctionEnvironment ENVIRONMENT = FunctionEnvironment.of(AuthConfig::from, List.of(
      EnvVariable.defaulted(AuthConfig.AUTH_TOKENS_SECRET),
      EnvVariable.defaulted(AuthConfig.AUTH_TOKENS_TTL_SECONDS),
      EnvVariable.defaulted(AuthConfig.AUTH_IAM_CLUSTER_ID),
      EnvVariable.defaulted(AuthConfig.AUTH_STS_REGION),
      EnvVariable.localOnly(AuthConfig.AUTH_STS_ENDPOINT),
      EnvVariable.defaulted(AuthConfig.AUTH_STS_TIMEOUT_SECONDS),
      // Set by the Lambda runtime.
      EnvVariable.defaulted(AuthConfig.AWS_REGION)),
      EnvVariable.deployment("POWERTOOLS_METRICS_NAMESPACE"), EnvVariable.deployment("POWERTOOLS_SERVICE_NAME"));

  static final String ALLOWED = "Allowed";
  static final String DENIALS = "Denials";
  static final String UNAVAILABLE = "Unavailable";
  static final String COLD_START = "ColdStart";
  static final String REASON = "Reason";
  static final String AUTH_KIND = "AuthKind";
  /** The {@code Reason} of a denial by a bug rather than by the credentials. */
  static final String ERROR_REASON = "ERROR";

  private final Authenticator authenticator;
  private final Optional<Metrics> metrics;

  /**
   * For Lambda: configured from the environment ({@link AuthConfig}), Powertools metrics, and priming before a
   * SnapStart snapshot (a few refused tokens through the real authenticator: bearer parsing, the token table from
   * Secrets Manager, IAM token parsing).
   */
  public AuthorizerFunction() {
    this(Authenticator.fromEnvironment(System.getenv()), Optional.of(MetricsFactory.getMetricsInstance()));
    Priming.register("AuthorizerFunction", this::prime);
  }

  /** For tests: metrics through Powertools (set {@code AWS_EMF_ENVIRONMENT=Local} outside Lambda). */
  public AuthorizerFunction(Authenticator authenticator) {
    this(authenticator, Optional.of(MetricsFactory.getMetricsInstance()));
  }

  AuthorizerFunction(Authenticator authenticator, Optional<Metrics> metrics) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Decides on one request. Metrics, one EMF document per decision: {@value #ALLOWED} by {@value #AUTH_KIND},
   * {@value #DENIALS} by {@value #REASON} ({@link DenyReason} names, {@value #ERROR_REASON} for a bug),
   * {@value #UNAVAILABLE}, {@value #COLD_START}; each also under {@code [Service]} alone. API Gateway caches answers
   * per token ({@code AuthorizerCacheTtlSeconds}), so these count decisions, not requests. Log lines carry
   * Powertools' Lambda fields ({@code function_request_id}, ...) and {@code correlation_id}, API Gateway's request id.
   */
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    if (context == null) {
      return invoke(event);
    }
    return PowertoolsLogging.withLogging(context, () -> invoke(event));
  }

  private Map<String, Object> invoke(Map<String, Object> event) {
    if (ColdStart.take()) {
      emit(COLD_START, Optional.empty(), Optional.empty());
    }
    correlationId(event).ifPresent(id -> MDC.put(CORRELATION_ID, id));
    try {
      return decide(event, true);
    } finally {
      MDC.remove(CORRELATION_ID);
    }
  }

  static final String CORRELATION_ID = "correlation_id";

  /** The decision on one event: the answer to API Gateway, logged, and counted if {@code count}. */
  private Map<String, Object> decide(Map<String, Object> event, boolean count) {
    AuthResult result;
    try {
      result = authenticator.authenticate(authorization(event));
    } catch (RuntimeException e) {
      // A bug, not the caller's doing: deny, and log the class only (a message might quote the token).
      LOG.error("authentication failed unexpectedly ({}); denying", e.getClass().getName());
      if (count) {
        emit(DENIALS, Optional.of(REASON), Optional.of(ERROR_REASON));
      }
      return deny();
    }
    if (result instanceof AuthResult.Authenticated authenticated) {
      LOG.info("authenticated {} by {} (token {})", authenticated.principal(), authenticated.kind(),
          authenticated.fingerprint());
      if (count) {
        emit(ALLOWED, Optional.of(AUTH_KIND), Optional.of(authenticated.kind().name()));
      }
      Map<String, Object> lambdaContext = new LinkedHashMap<>();
      lambdaContext.put("principal", authenticated.principal());
      lambdaContext.put("authKind", authenticated.kind().name());
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("isAuthorized", true);
      response.put("context", lambdaContext);
      return response;
    }
    if (result instanceof AuthResult.Denied denied) {
      LOG.info("denied: {} (token {})", denied.reason().message(), denied.fingerprint());
      if (count) {
        emit(DENIALS, Optional.of(REASON), Optional.of(denied.reason().name()));
      }
      return deny();
    }
    AuthResult.Unavailable unavailable = (AuthResult.Unavailable) result;
    LOG.warn("cannot authenticate now: {} (token {})", unavailable.problem(), unavailable.fingerprint());
    if (count) {
      emit(UNAVAILABLE, Optional.empty(), Optional.empty());
    }
    throw new AuthenticationUnavailableException(unavailable.problem());
  }

  /** One metric of value 1 in a document of its own, with one more dimension if given. Never fails the decision. */
  private void emit(String metric, Optional<String> dimension, Optional<String> value) {
    try {
      metrics.ifPresent(metrics -> metrics.flushMetrics(m -> {
        dimension.ifPresent(d -> m.addDimension(Dimensions.withDefaults(m, d, value.orElseThrow())));
        m.addMetric(metric, 1, MetricUnit.COUNT);
      }));
    } catch (RuntimeException e) {
      LOG.warn("metrics not written: {}", e.toString());
    }
  }

  /**
   * Before a SnapStart snapshot: tokens that cannot be valid, decided by the real authenticator and not counted. The
   * unknown bearer token loads the token table (Secrets Manager), which the instance then caches for its TTL.
   */
  void prime() {
    for (String authorization : List.of("Bearer cloudpedia-priming-not-a-token", "Bearer k8s-aws-v1.cHJpbWluZw",
        "Basic cHJpbWluZw==")) {
      try {
        decide(event(authorization), false);
      } catch (AuthenticationUnavailableException e) {
        LOG.info("priming: authentication unavailable ({})", e.getMessage());
      }
    }
  }

  private static Map<String, Object> event(String authorization) {
    return Map.of("version", "2.0", "type", "REQUEST", "headers", Map.of("authorization", authorization),
        "requestContext", Map.of("requestId", "priming"));
  }

  /** API Gateway's request id ({@code requestContext.requestId}), which its access logs show. */
  static Optional<String> correlationId(Map<String, Object> event) {
    if (event != null && event.get("requestContext") instanceof Map<?, ?> requestContext
        && requestContext.get("requestId") instanceof String id && !id.isEmpty()) {
      return Optional.of(id);
    }
    return Optional.empty();
  }

  /** The {@code Authorization} header (any case), else the first identity source. */
  static Optional<String> authorization(Map<String, Object> event) {
    if (event == null) {
      return Optional.empty();
    }
    if (event.get("headers") instanceof Map<?, ?> headers) {
      for (Map.Entry<?, ?> header : headers.entrySet()) {
        if (header.getKey() instanceof String name && name.equalsIgnoreCase("authorization")
            && header.getValue() instanceof String value) {
          return Optional.of(value);
        }
      }
    }
    if (event.get("identitySource") instanceof List<?> sources && !sources.isEmpty()
        && sources.get(0) instanceof String value) {
      return Optional.of(value);
    }
    return Optional.empty();
  }

  private static Map<String, Object> deny() {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("isAuthorized", false);
    return response;
  }
}
