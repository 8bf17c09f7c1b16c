package io.cloudpedia.registry.credentials;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets from AWS Secrets Manager ({@code GetSecretValue}, the {@code AWSCURRENT} version), limited to names under
 * one prefix, e.g. {@code cloudpedia/clusters/}: a PediaCluster may name any secret, and whoever may write
 * PediaClusters must not thereby read every secret the function's role can. (The role's IAM policy should allow the
 * same prefix only; this check makes the refusal clear and keeps it when the policy is broader.)
 *
 * <p>Answers, a missing secret included, are cached per name or ARN for the TTL, so that a cluster's secrets are read
 * at most once per TTL and function instance, and a rotated secret is used at most one TTL after its rotation.
 * Failures are not cached. The cache holds the secrets this instance was asked for: a few per cluster.
 */
public final class SecretsManagerSecretSource implements SecretSource {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecretSource.class);
  /** The characters of a Secrets Manager secret name. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  /** {@code arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX}. */
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:(?<name>.+)");

  private final SecretsManagerClient client;
  private final String allowedPrefix;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<String> value, Instant expiresAt) {}

  /**
   * @param allowedPrefix the names (or the name part of ARNs) that may be read start with this, e.g.
   *     {@code cloudpedia/clusters/}; must not be empty
   * @param ttl how long an answer is reused
   */
  public SecretsManagerSecretSource(SecretsManagerClient client, String allowedPrefix, Duration ttl, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.allowedPrefix = Objects.requireNonNull(allowedPrefix, "allowedPrefix");
    if (allowedPrefix.isEmpty()) {
      throw new IllegalArgumentException("the allowed secret name prefix must not be empty");
    }
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("the secret cache TTL must not be negative");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String allowedPrefix() {
    return allowedPrefix;
  }

  @Override
  public Optional<String> secretString(String nameOrArn) {
    Objects.requireNonNull(nameOrArn, "nameOrArn");
    checkAllowed(nameOrArn);
    Instant now = clock.instant();
    Cached cached = cache.get(nameOrArn);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.value();
    }
    Optional<String> value = fetch(nameOrArn);
    cache.put(nameOrArn, new Cached(value, now.plus(ttl)));
    return value;
  }

  private void checkAllowed(String nameOrArn) {
    String name = nameOrArn;
    if (nameOrArn.startsWith("arn:")) {
      var arn = ARN.matcher(nameOrArn);
      if (!arn.matches()) {
        throw new SecretAccessException("\"" + nameOrArn + "\" is not the ARN of a Secrets Manager secret");
      }
      name = arn.group("name");
    }
    if (!NAME.matcher(name).matches()) {
      throw new SecretAccessException("\"" + nameOrArn + "\" is not a Secrets Manager secret name");
    }
    if (!name.startsWith(allowedPrefix)) {
      throw new SecretAccessException(
          "secret \"" + nameOrArn + "\" is outside the allowed prefix \"" + allowedPrefix
              + "\": Cloudpedia reads only secrets whose names start with it");
    }
  }

  private Optional<String> fetch(String nameOrArn) {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(r -> r.secretId(nameOrArn));
    } catch (ResourceNotFoundException missing) {
      LOG.debug("secret {} does not exist", nameOrArn);
      return Optional.empty();
    } catch (AwsServiceException e) {
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new SecretUnavailableException(
            "reading secret \"" + nameOrArn + "\" failed and may succeed later: " + errorCode(e), e);
      }
      throw new SecretAccessException("secret \"" + nameOrArn + "\" cannot be read: " + errorCode(e));
    } catch (SdkClientException e) {
      throw new SecretUnavailableException(
          "reading secret \"" + nameOrArn + "\" failed and may succeed later: " + e.getClass().getSimpleName(), e);
    }
    LOG.debug("secret {} read (version {})", nameOrArn, response.versionId());
    if (response.secretString() != null) {
      return Optional.of(response.secretString());
    }
    if (response.secretBinary() != null) {
      return Optional.of(new String(response.secretBinary().asByteArray(), StandardCharsets.UTF_8));
    }
    return Optional.of("");
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
        ? e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")"
        : "HTTP " + e.statusCode();
  }
}
