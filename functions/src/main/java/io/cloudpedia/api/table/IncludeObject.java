package io.cloudpedia.api.table;

import java.util.Locale;

/** The {@code includeObject} query parameter of a Table request; Kubernetes defaults to {@link #METADATA}. */
public enum IncludeObject {
  NONE,
  METADATA,
  OBJECT;

  /** Parses the parameter as Kubernetes spells it (None, Metadata, Object); empty means Metadata. */
  public static IncludeObject parse(String value) {
    if (value == null || value.isEmpty()) {
      return METADATA;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "none":
        return NONE;
      case "metadata":
        return METADATA;
      case "object":
        return OBJECT;
      default:
        throw new IllegalArgumentException("includeObject must be one of None, Metadata, Object: " + value);
    }
  }
}
