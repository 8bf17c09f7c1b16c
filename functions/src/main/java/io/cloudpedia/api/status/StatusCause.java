package io.cloudpedia.api.status;

import java.util.Objects;

/**
 * One entry of {@code details.causes} of a Kubernetes {@code Status}. Empty strings mean "absent" and are left out of
 * the JSON, as Kubernetes' {@code omitempty} does.
 *
 * @param reason machine-readable cause, e.g. {@code FieldValueInvalid}
 * @param message human-readable description
 * @param field the offending field path, e.g. {@code spec.replicas}
 */
public record StatusCause(String reason, String message, String field) {
  public StatusCause {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(field, "field");
  }

  /** A {@code FieldValueInvalid} cause on {@code field}, as Kubernetes' validation reports one. */
  public static StatusCause invalidField(String field, String message) {
    return new StatusCause("FieldValueInvalid", message, field);
  }
}
