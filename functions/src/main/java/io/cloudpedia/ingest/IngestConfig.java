package io.cloudpedia.ingest;

import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.events.EventRetention;
import io.cloudpedia.store.IndexedLabels;
import io.cloudpedia.store.dynamodb.DynamoTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest function's settings, the one place its environment variables are read. The AWS region, endpoint and
 * credentials are the SDK's own ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, ...), applied by
 * {@link io.cloudpedia.aws.AwsClients}.
 *
 * @param tables {@code RESOURCES_TABLE} and {@code SYNC_STATE_TABLE}, required (read by {@link DynamoTables})
 * @param tombstoneTtl {@code TOMBSTONE_TTL_SECONDS}, default 86400 (24 h): longer than any message stays in the queue
 *     with its retries
 * @param indexedLabels {@code INDEXED_LABELS}: the label keys the table indexes; the API function must use the same
 * @param eventRetention {@code EVENTS_MAX_AGE_SECONDS} and {@code EVENTS_MAX_PER_OBJECT}, each optional (unset or 0:
 *     no limit): how long core/v1 Events stay associated with their object; by default until it is deleted
 */
public record IngestConfig(
    DynamoTables tables, Duration tombstoneTtl, IndexedLabels indexedLabels, EventRetention eventRetention) {

  public static final String TOMBSTONE_TTL_SECONDS = "TOMBSTONE_TTL_SECONDS";
  public static final String EVENTS_MAX_AGE_SECONDS = "EVENTS_MAX_AGE_SECONDS";
  public static final String EVENTS_MAX_PER_OBJECT = "EVENTS_MAX_PER_OBJECT";
  public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofSeconds(86_400);
  /**
   * What {@link #from} reads. {@code INDEXED_LABELS} has a default, but the deployment sets it for both functions:
   * the writer and the readers of the label indexes must agree on the keys.
   */
  public static final List<EnvVariable> VARIABLES = variables();

  public IngestConfig {
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
    Objects.requireNonNull(indexedLabels, "indexedLabels");
    Objects.requireNonNull(eventRetention, "eventRetention");
    if (tombstoneTtl.isNegative() || tombstoneTtl.isZero()) {
      throw new IllegalArgumentException(TOMBSTONE_TTL_SECONDS + " must be positive");
    }
  }

  /** With Events kept until their object is deleted. */
  public IngestConfig(DynamoTables tables, Duration tombstoneTtl, IndexedLabels indexedLabels) {
    this(tables, tombstoneTtl, indexedLabels, EventRetention.UNTIL_OBJECT_DELETED);
  }

  public static IngestConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the settings from {@code env}; fails naming the variable that is missing or invalid. */
  public static IngestConfig from(Map<String, String> env) {
    String ttl = value(env, TOMBSTONE_TTL_SECONDS);
    Duration tombstoneTtl;
    if (ttl == null) {
      tombstoneTtl = DEFAULT_TOMBSTONE_TTL;
    } else {
      try {
        tombstoneTtl = Duration.ofSeconds(Long.parseLong(ttl));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(TOMBSTONE_TTL_SECONDS + " is not a number of seconds: '" + ttl + "'");
      }
    }
    IndexedLabels labels;
    try {
      labels = IndexedLabels.parse(env.get(IndexedLabels.VARIABLE));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(IndexedLabels.VARIABLE + ": " + e.getMessage());
    }
    EventRetention events = EventRetention.UNTIL_OBJECT_DELETED;
    long maxAge = nonNegative(env, EVENTS_MAX_AGE_SECONDS);
    if (maxAge > 0) {
      events = events.withMaxAge(Duration.ofSeconds(maxAge));
    }
    long maxPerObject = nonNegative(env, EVENTS_MAX_PER_OBJECT);
    if (maxPerObject > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(EVENTS_MAX_PER_OBJECT + " is too large: " + maxPerObject);
    }
    if (maxPerObject > 0) {
      events = events.withMaxPerObject((int) maxPerObject);
    }
    return new IngestConfig(DynamoTables.from(env), tombstoneTtl, labels, events);
  }

  private static List<EnvVariable> variables() {
    List<EnvVariable> all = new ArrayList<>(DynamoTables.VARIABLES);
    all.add(EnvVariable.defaulted(TOMBSTONE_TTL_SECONDS));
    all.add(EnvVariable.deployment(IndexedLabels.VARIABLE));
    all.add(EnvVariable.defaulted(EVENTS_MAX_AGE_SECONDS));
    all.add(EnvVariable.defaulted(EVENTS_MAX_PER_OBJECT));
    return List.copyOf(all);
  }

  /** An optional whole number, 0 when unset. */
  private static long nonNegative(Map<String, String> env, String name) {
    String text = value(env, name);
    if (text == null) {
      return 0;
    }
    long number;
    try {
      number = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: '" + text + "'");
    }
    if (number < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + number);
    }
    return number;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
