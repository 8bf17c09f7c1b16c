package io.cloudpedia.api.search;

import java.util.List;
import java.util.Objects;

/**
 * One sort key of a search: a whitelisted field and its direction.
 *
 * @param field one of {@link #FIELDS}
 * @param desc true for descending order
 */
public record OrderBy(String field, boolean desc) {
  /** The fields a search may be ordered by; Clusterpedia's documented set. */
  public static final List<String> FIELDS = List.of("cluster", "namespace", "name", "created_at", "resource_version");

  public OrderBy {
    Objects.requireNonNull(field, "field");
    if (!FIELDS.contains(field)) {
      throw new IllegalArgumentException("not an orderable field: " + field);
    }
  }

  /** The URL form: {@code name} or {@code name desc}. */
  @Override
  public String toString() {
    return desc ? field + " desc" : field;
  }
}
