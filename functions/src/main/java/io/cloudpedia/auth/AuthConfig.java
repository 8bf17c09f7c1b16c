package io.cloudpedia.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authentication settings, the one place their environment variables are read (docs/security.md). At least one
 * method must be on: static bearer tokens ({@value #AUTH_TOKENS_SECRET}) or IAM tokens ({@value #AUTH_IAM_CLUSTER_ID}).
 *
 * @param tokensSecret {@value #AUTH_TOKENS_SECRET}: Secrets Manager secret (name or ARN) with the static token hashes
 *     ({@link TokenTable}); unset: static tokens are refused
 * @param tokensTtl {@value #AUTH_TOKENS_TTL_SECONDS} (60): how long the token table is used before it is re-read, so
 *     the longest a revoked token keeps working in one function instance (plus API Gateway's authorizer cache)
 * @param iamClusterId {@value #AUTH_IAM_CLUSTER_ID}: this deployment's id in IAM tokens, the {@code --cluster-name}
 *     of {@code aws eks get-token}; unset: IAM tokens are refused
 * @param stsRegion {@value #AUTH_STS_REGION}, else {@code AWS_REGION}: whose regional STS endpoint tokens may name
 *     besides the global one; neither set: the global endpoint only
 * @param stsEndpoint {@value #AUTH_STS_ENDPOINT}: one more exact STS endpoint tokens may name (moto, LocalStack);
 *     never set it in production
 * @param stsTimeout {@value #AUTH_STS_TIMEOUT_SECONDS} (5): connect plus answer of the STS call
 */
public record AuthConfig(
    Optional<String> tokensSecret,
    Duration tokensTtl,
    Optional<String> iamClusterId,
    Optional<String> stsRegion,
    Optional<URI> stsEndpoint,
    Duration stsTimeout) {

  public static final String AUTH_TOKENS_SECRET = "AUTH_TOKENS_SECRET";
  public static final String AUTH_TOKENS_TTL_SECONDS = "AUTH_TOKENS_TTL_SECONDS";
  public static final String AUTH_IAM_CLUSTER_ID = "AUTH_IAM_CLUSTER_ID";
  public static final String AUTH_STS_REGION = "AUTH_STS_REGION";
  public static final String AUTH_STS_ENDPOINT = "AUTH_STS_ENDPOINT";
  public static final String AUTH_STS_TIMEOUT_SECONDS = "AUTH_STS_TIMEOUT_SECONDS";
  public static final String AWS_REGION = "AWS_REGION";

  public AuthConfig {
    Objects.requireNonNull(tokensSecret, "tokensSecret");
    Objects.requireNonNull(tokensTtl, "tokensTtl");
    Objects.requireNonNull(iamClusterId, "iamClusterId");
    Objects.requireNonNull(stsRegion, "stsRegion");
    Objects.requireNonNull(stsEndpoint, "stsEndpoint");
    Objects.requireNonNull(stsTimeout, "stsTimeout");
    if (tokensSecret.isEmpty() && iamClusterId.isEmpty()) {
      throw new IllegalArgumentException("no authentication method is configured: set " + AUTH_TOKENS_SECRET
          + " (static bearer tokens) and/or " + AUTH_IAM_CLUSTER_ID + " (IAM tokens)");
    }
    if (tokensTtl.isNegative()) {
      throw new IllegalArgumentException(AUTH_TOKENS_TTL_SECONDS + " must not be negative");
    }
    if (stsTimeout.isNegative() || stsTimeout.isZero() || stsTimeout.compareTo(Duration.ofSeconds(9)) > 0) {
      throw new IllegalArgumentException(
          AUTH_STS_TIMEOUT_SECONDS + " must be 1-9: API Gateway waits 10 s for the authorizer in all");
    }
  }

  /** From environment variables; a missing or invalid value is an {@link IllegalArgumentException} naming it. */
  public static AuthConfig from(Map<String, String> env) {
    return new AuthConfig(
        text(env, AUTH_TOKENS_SECRET),
        Duration.ofSeconds(seconds(env, AUTH_TOKENS_TTL_SECONDS, 60)),
        text(env, AUTH_IAM_CLUSTER_ID),
        text(env, AUTH_STS_REGION).or(() -> text(env, AWS_REGION)),
        text(env, AUTH_STS_ENDPOINT).map(AuthConfig::endpoint),
        Duration.ofSeconds(seconds(env, AUTH_STS_TIMEOUT_SECONDS, 5)));
  }

  /** The endpoints IAM tokens may name. */
  public StsEndpoints stsEndpoints() {
    StsEndpoints aws = stsRegion.map(StsEndpoints::aws).orElseGet(StsEndpoints::global);
    return stsEndpoint.map(aws::plus).orElse(aws);
  }

  private static URI endpoint(String value) {
    try {
      URI uri = URI.create(value);
      StsEndpoints.only(uri);
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(AUTH_STS_ENDPOINT + ": " + e.getMessage());
    }
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static long seconds(Map<String, String> env, String name, long otherwise) {
    Optional<String> value = text(env, name);
    if (value.isEmpty()) {
      return otherwise;
    }
    try {
      long seconds = Long.parseLong(value.get());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of seconds, not '" + value.get() + "'");
    }
  }
}
