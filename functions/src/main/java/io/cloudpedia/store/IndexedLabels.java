package io.cloudpedia.store;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The label keys a {@link ResourceStore} indexes, at most {@link #MAX_KEYS}, in slot order: DynamoDB keeps key number
 * {@code i} in index {@code byLabel{i}} (docs/storage.md). Writers and readers of one table must use the same list
 * ({@code INDEXED_LABELS}); changing it needs a resync, as items written before keep their old slots.
 *
 * @param keys distinct, non-blank label keys without {@code '='} (it separates key and value in the index)
 */
public record IndexedLabels(List<String> keys) {

  /** DynamoDB has one sparse index per slot; more slots would cost a write per slot on every upsert. */
  public static final int MAX_KEYS = 5;

  /** The labels workloads are usually selected by (Helm, the recommended labels, kube-system's add-ons). */
  public static final IndexedLabels DEFAULT =
      new IndexedLabels(List.of("app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "k8s-app"));

  public IndexedLabels {
    keys = List.copyOf(keys);
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException(
          "at most " + MAX_KEYS + " label keys can be indexed, got " + keys.size() + ": " + keys);
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String key : keys) {
      Objects.requireNonNull(key, "key");
      if (key.isBlank() || key.indexOf('=') >= 0 || key.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("invalid label key to index '" + key + "'");
      }
      if (!seen.add(key)) {
        throw new IllegalArgumentException("label key '" + key + "' is listed twice");
      }
    }
  }

  /** The environment variable both functions read the keys from: comma-separated; unset or empty = the default. */
  public static final String VARIABLE = "INDEXED_LABELS";

  /** The keys from a comma-separated list; blank = {@link #DEFAULT}. */
  public static IndexedLabels parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return DEFAULT;
    }
    List<String> keys = new java.util.ArrayList<>();
    for (String key : commaSeparated.split(",")) {
      if (!key.isBlank()) {
        keys.add(key.trim());
      }
    }
    return new IndexedLabels(keys);
  }

  public static IndexedLabels of(String... keys) {
    return new IndexedLabels(List.of(keys));
  }

  /** The key's slot (its position), or -1 if it is not indexed. */
  public int slotOf(String key) {
    return keys.indexOf(key);
  }

  public boolean contains(String key) {
    return keys.contains(key);
  }

  /** The keys as {@link ResourceStore#indexedLabels()} answers them, in slot order. */
  public Set<String> asSet() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(keys));
  }

  /** The slot of the key a selection reads; an {@link IllegalArgumentException} if that key is not indexed. */
  public int requireSlot(String key) {
    int slot = slotOf(key);
    if (slot < 0) {
      throw new IllegalArgumentException(
          "label '" + key + "' is not indexed (indexed: " + String.join(", ", keys) + ")");
    }
    return slot;
  }
}
