package io.cloudpedia.api;

import io.cloudpedia.api.forward.ForwardSettings;
import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.store.IndexedLabels;
import io.cloudpedia.store.dynamodb.DynamoTables;
import io.cloudpedia.auth.policy.PolicySource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API function's settings, the one place its environment variables are read (docs/configuration.md).
 *
 * @param tables {@code RESOURCES_TABLE}, {@code SYNC_STATE_TABLE}
 * @param continueTokenKeySecret {@code CONTINUE_TOKEN_KEY_SECRET}: the Secrets Manager secret holding the key that
 *     signs continue tokens (every instance must share it)
 * @param continueTokenKey {@code CONTINUE_TOKEN_KEY}: the key itself, for local runs; one of the two is required
 * @param api {@code CONTINUE_TOKEN_TTL_SECONDS} (900), {@code DEFAULT_PAGE_LIMIT} (10000)
 * @param indexedLabels {@code INDEXED_LABELS}: comma-separated label keys the store indexes (ingest must use the same)
 * @param discoveryTtl {@code DISCOVERY_TTL_SECONDS} (10): how long an instance keeps the cluster directory
 * @param secretsPrefix {@code CLUSTER_SECRETS_PREFIX}: the Secrets Manager name prefix PediaClusters may reference
 *     credentials under; unset = credentials from Secrets Manager are not resolved
 * @param secretsTtl {@code CLUSTER_SECRETS_TTL_SECONDS} (300): how long a secret is cached; rotation shows after it
 * @param staleAfter {@code CLUSTER_STALE_AFTER_SECONDS} (180): how long an agent may be silent before its cluster is
 *     not ready
 * @param forward request forwarding to member clusters ({@link ForwardSettings}); all off by default
 * @param policy where the authorization policy is ({@code AUTH_POLICY_PARAMETER}, {@code AUTH_POLICY_SECRET}, or
 *     {@code AUTH_POLICY_FILE} for local runs; {@code AUTH_POLICY_TTL_SECONDS}); none: no authorization (local runs)
 */
public record ApiFunctionConfig(
    DynamoTables tables,
    Optional<String> continueTokenKeySecret,
    Optional<String> continueTokenKey,
    ApiConfig api,
    IndexedLabels indexedLabels,
    Duration discoveryTtl,
    Optional<String> secretsPrefix,
    Duration secretsTtl,
    Duration staleAfter,
    ForwardSettings forward,
    Optional<PolicySource.Settings> policy) {

  public static final String CONTINUE_TOKEN_KEY_SECRET = "CONTINUE_TOKEN_KEY_SECRET";
  public static final String CONTINUE_TOKEN_KEY = "CONTINUE_TOKEN_KEY";
  public static final String CONTINUE_TOKEN_TTL_SECONDS = "CONTINUE_TOKEN_TTL_SECONDS";
  public static final String DEFAULT_PAGE_LIMIT = "DEFAULT_PAGE_LIMIT";
  public static final String DISCOVERY_TTL_SECONDS = "DISCOVERY_TTL_SECONDS";
  public static final String CLUSTER_SECRETS_PREFIX = "CLUSTER_SECRETS_PREFIX";
  public static final String CLUSTER_SECRETS_TTL_SECONDS = "CLUSTER_SECRETS_TTL_SECONDS";
  public static final String CLUSTER_STALE_AFTER_SECONDS = "CLUSTER_STALE_AFTER_SECONDS";
  /**
   * What {@link #from} reads. In AWS the continue-token key comes from Secrets Manager ({@code CONTINUE_TOKEN_KEY_SECRET});
   * the key itself ({@code CONTINUE_TOKEN_KEY}) is for local runs and never belongs in the template. {@code
   * INDEXED_LABELS} must be the ingest function's, so the deployment sets it for both.
   */
  public static final List<EnvVariable> VARIABLES = variables();

  public ApiFunctionConfig {
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(continueTokenKeySecret, "continueTokenKeySecret");
    Objects.requireNonNull(continueTokenKey, "continueTokenKey");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(indexedLabels, "indexedLabels");
    Objects.requireNonNull(discoveryTtl, "discoveryTtl");
    Objects.requireNonNull(secretsPrefix, "secretsPrefix");
    Objects.requireNonNull(secretsTtl, "secretsTtl");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(policy, "policy");
    if (continueTokenKeySecret.isEmpty() && continueTokenKey.isEmpty()) {
      throw new IllegalArgumentException(
          CONTINUE_TOKEN_KEY_SECRET + " (or " + CONTINUE_TOKEN_KEY + " for local runs) must be set: continue tokens"
              + " are signed with a key every instance shares");
    }
  }

  /** Without forwarding. */
  public ApiFunctionConfig(
      DynamoTables tables, Optional<String> continueTokenKeySecret, Optional<String> continueTokenKey, ApiConfig api,
      IndexedLabels indexedLabels, Duration discoveryTtl, Optional<String> secretsPrefix, Duration secretsTtl,
      Duration staleAfter) {
    this(tables, continueTokenKeySecret, continueTokenKey, api, indexedLabels, discoveryTtl, secretsPrefix, secretsTtl,
        staleAfter, ForwardSettings.DEFAULTS, Optional.empty());
  }

  public static ApiFunctionConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the settings from {@code env}; fails naming the variable that is missing or invalid. */
  public static ApiFunctionConfig from(Map<String, String> env) {
    ApiConfig defaults = ApiConfig.DEFAULTS;
    int limit = (int) number(env, DEFAULT_PAGE_LIMIT, defaults.defaultLimit(), 1, 10_000);
    long ttl = number(env, CONTINUE_TOKEN_TTL_SECONDS, defaults.continueTokenTtl().toSeconds(), 1, 86_400);
    long discovery = number(env, DISCOVERY_TTL_SECONDS, 10, 0, 3_600);
    IndexedLabels labels;
    try {
      labels = IndexedLabels.parse(env.get(IndexedLabels.VARIABLE));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(IndexedLabels.VARIABLE + ": " + e.getMessage());
    }
    return new ApiFunctionConfig(
        DynamoTables.from(env),
        value(env, CONTINUE_TOKEN_KEY_SECRET),
        value(env, CONTINUE_TOKEN_KEY),
        new ApiConfig(limit, defaults.pageByteBudget(), Duration.ofSeconds(ttl)),
        labels,
        Duration.ofSeconds(discovery),
        value(env, CLUSTER_SECRETS_PREFIX),
        Duration.ofSeconds(number(env, CLUSTER_SECRETS_TTL_SECONDS, 300, 0, 86_400)),
        Duration.ofSeconds(number(env, CLUSTER_STALE_AFTER_SECONDS, 180, 60, 86_400)),
        ForwardSettings.from(env),
        policy(env));
  }

  private static Optional<PolicySource.Settings> policy(Map<String, String> env) {
    try {
      return PolicySource.Settings.from(env);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static List<EnvVariable> variables() {
    List<EnvVariable> all = new ArrayList<>(DynamoTables.VARIABLES);
    all.add(EnvVariable.deployment(CONTINUE_TOKEN_KEY_SECRET));
    all.add(EnvVariable.localOnly(CONTINUE_TOKEN_KEY));
    all.add(EnvVariable.defaulted(CONTINUE_TOKEN_TTL_SECONDS));
    all.add(EnvVariable.defaulted(DEFAULT_PAGE_LIMIT));
    all.add(EnvVariable.deployment(IndexedLabels.VARIABLE));
    all.add(EnvVariable.defaulted(DISCOVERY_TTL_SECONDS));
    all.add(EnvVariable.defaulted(CLUSTER_SECRETS_PREFIX));
    all.add(EnvVariable.defaulted(CLUSTER_SECRETS_TTL_SECONDS));
    all.add(EnvVariable.defaulted(CLUSTER_STALE_AFTER_SECONDS));
    all.addAll(ForwardSettings.VARIABLES);
    // The deployment keeps the policy in an SSM parameter; a secret also works; a file is for local runs.
    all.add(EnvVariable.defaulted(PolicySource.AUTH_POLICY_PARAMETER));
    all.add(EnvVariable.defaulted(PolicySource.AUTH_POLICY_SECRET));
    all.add(EnvVariable.localOnly(PolicySource.AUTH_POLICY_FILE));
    all.add(EnvVariable.defaulted(PolicySource.AUTH_POLICY_TTL_SECONDS));
    return List.copyOf(all);
  }

  private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
    Optional<String> text = value(env, name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(text.get());
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": '" + text.get() + "'");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: '" + text.get() + "'");
    }
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
