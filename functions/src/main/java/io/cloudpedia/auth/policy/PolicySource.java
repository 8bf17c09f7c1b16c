package io.cloudpedia.auth.policy;

import io.cloudpedia.auth.source.DocumentSource;
import io.cloudpedia.auth.source.DocumentUnavailableException;
import io.cloudpedia.auth.source.FileDocumentSource;
import io.cloudpedia.auth.source.InvalidDocumentException;
import io.cloudpedia.auth.source.ReloadingDocument;
import io.cloudpedia.auth.source.SecretsManagerDocumentSource;
import io.cloudpedia.auth.source.SsmParameterDocumentSource;
import io.cloudpedia.aws.AwsClients;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The authorization policy in force: read from a Secrets Manager secret, an SSM parameter or (local runs) a file,
 * re-read at most once per TTL and re-parsed when its content changed. A broken new version is refused with one
 * ERROR line and the last good one stays in force; an invalid or unreadable policy at start is an
 * {@link IllegalStateException} naming the variable, the document and the problem.
 *
 * <p>Environment (exactly one of the first three): {@value #AUTH_POLICY_SECRET} (secret name or ARN),
 * {@value #AUTH_POLICY_PARAMETER} (parameter name), {@value #AUTH_POLICY_FILE} (path);
 * {@value #AUTH_POLICY_TTL_SECONDS} (60).
 */
public final class PolicySource {
  public static final String AUTH_POLICY_SECRET = "AUTH_POLICY_SECRET";
  public static final String AUTH_POLICY_PARAMETER = "AUTH_POLICY_PARAMETER";
  public static final String AUTH_POLICY_FILE = "AUTH_POLICY_FILE";
  public static final String AUTH_POLICY_TTL_SECONDS = "AUTH_POLICY_TTL_SECONDS";
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

  private final ReloadingDocument<Policy> document;

  private PolicySource(ReloadingDocument<Policy> document) {
    this.document = document;
  }

  /**
   * Reads the policy now.
   *
   * @throws IllegalStateException if it is invalid or cannot be read
   */
  public static PolicySource load(DocumentSource source, Duration ttl, Clock clock) {
    try {
      return new PolicySource(new ReloadingDocument<>(
          "authorization policy", source, Policy::parse, ttl, RETRY_AFTER_FAILURE, clock));
    } catch (InvalidDocumentException | DocumentUnavailableException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The policy the environment names, with the SDK's defaults for AWS; empty if it names none (the caller then
   * decides: {@link Policy#denyAll()} is the safe answer).
   *
   * @throws IllegalStateException naming the variable: several sources, a bad TTL, an invalid or unreadable policy
   */
  public static Optional<PolicySource> fromEnvironment(Map<String, String> env) {
    return from(env, AwsClients.defaults(), Clock.systemUTC());
  }

  public static Optional<PolicySource> from(Map<String, String> env, AwsClients clients, Clock clock) {
    return Settings.from(env).map(settings -> settings.open(clients, clock));
  }

  /**
   * Where the environment says the policy is: {@code variable} (one of {@value #AUTH_POLICY_SECRET},
   * {@value #AUTH_POLICY_PARAMETER}, {@value #AUTH_POLICY_FILE}) naming {@code where}, re-read after {@code ttl}.
   */
  public record Settings(String variable, String where, Duration ttl) {
    public Settings {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * The settings {@code env} gives, without reading anything; empty if it names no policy.
     *
     * @throws IllegalStateException naming the variable: several sources, a bad TTL
     */
    public static Optional<Settings> from(Map<String, String> env) {
      Objects.requireNonNull(env, "env");
      List<String> named = new ArrayList<>();
      for (String name : List.of(AUTH_POLICY_SECRET, AUTH_POLICY_PARAMETER, AUTH_POLICY_FILE)) {
        if (value(env, name).isPresent()) {
          named.add(name);
        }
      }
      Duration ttl = PolicySource.ttl(env);
      if (named.isEmpty()) {
        return Optional.empty();
      }
      if (named.size() > 1) {
        throw new IllegalStateException("set only one of " + String.join(", ", named));
      }
      return Optional.of(new Settings(named.get(0), value(env, named.get(0)).get(), ttl));
    }

    /**
     * Reads the policy now.
     *
     * @throws IllegalStateException naming the variable: an invalid or unreadable policy
     */
    public PolicySource open(AwsClients clients, Clock clock) {
      DocumentSource source;
      switch (variable) {
        case AUTH_POLICY_SECRET:
          source = new SecretsManagerDocumentSource(clients.configure(SecretsManagerClient.builder()).build(), where);
          break;
        case AUTH_POLICY_PARAMETER:
          source = new SsmParameterDocumentSource(clients.configure(SsmClient.builder()).build(), where);
          break;
        default:
          source = new FileDocumentSource(Path.of(where));
          break;
      }
      try {
        return load(source, ttl, clock);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(variable + ": " + e.getMessage(), e);
      }
    }
  }

  /** The policy in force now (re-reading it first when the TTL has passed); never throws. */
  public Policy current() {
    return document.current();
  }

  /** The store's version id of the policy in force. */
  public String version() {
    return document.version();
  }

  private static Duration ttl(Map<String, String> env) {
    Optional<String> text = value(env, AUTH_POLICY_TTL_SECONDS);
    if (text.isEmpty()) {
      return DEFAULT_TTL;
    }
    try {
      long seconds = Long.parseLong(text.get());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          AUTH_POLICY_TTL_SECONDS + " must be a whole number of seconds, not '" + text.get() + "'");
    }
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
