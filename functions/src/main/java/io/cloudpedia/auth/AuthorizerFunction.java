package io.cloudpedia.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.env.FunctionEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
      EnvVariable.deployment("POWERTOOLS_SERVICE_NAME"));

  private final Authenticator authenticator;

  /** For Lambda: configured from the environment ({@link AuthConfig}). */
  public AuthorizerFunction() {
    this(Authenticator.fromEnvironment(System.getenv()));
  }

  public AuthorizerFunction(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    AuthResult result;
    try {
      result = authenticator.authenticate(authorization(event));
    } catch (RuntimeException e) {
      // A bug, not the caller's doing: deny, and log the class only (a message might quote the token).
      LOG.error("authentication failed unexpectedly ({}); denying", e.getClass().getName());
      return deny();
    }
    if (result instanceof AuthResult.Authenticated authenticated) {
      LOG.info("authenticated {} by {} (token {})", authenticated.principal(), authenticated.kind(),
          authenticated.fingerprint());
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
      return deny();
    }
    AuthResult.Unavailable unavailable = (AuthResult.Unavailable) result;
    LOG.warn("cannot authenticate now: {} (token {})", unavailable.problem(), unavailable.fingerprint());
    throw new AuthenticationUnavailableException(unavailable.problem());
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
