package io.cloudpedia.api.table;

import java.util.Locale;

/** The {@code includeObject} query parameter of a Table request; Kubernetes defaults to {@link #METADATA}. */
public enum IncludeObject {
  NONE,
  METADATA,
  OBJECT;

  /**
   * The request's {@code includeObject}.
   *
   * @throws io.cloudpedia.api.status.ApiException 400 for a value Kubernetes does not know
   */
  public static IncludeObject of(io.cloudpedia.api.http.ApiRequest request) {
    try {
      return parse(request.queryValue("includeObject").orElse(""));
    } catch (IllegalArgumentException e) {
      throw io.cloudpedia.api.status.ApiException.badRequest(e.getMessage());
    }
  }

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
