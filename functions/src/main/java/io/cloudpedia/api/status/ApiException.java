package io.cloudpedia.api.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one error type of the read API. Every failure a client can see is one of these, and {@link Status#of} turns it
 * into the Kubernetes {@code Status} object that is sent; no stack trace or plain text ever reaches a client.
 *
 * <p>Reasons and codes follow {@code k8s.io/apimachinery/pkg/apis/meta/v1/types.go}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int code;
  private final transient Optional<StatusDetails> details;

  public ApiException(String reason, int code, String message, Optional<StatusDetails> details) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.code = code;
    this.details = Objects.requireNonNull(details, "details");
  }

  public ApiException(String reason, int code, String message) {
    this(reason, code, message, Optional.empty());
  }

  /** 400 {@code BadRequest}: the request itself is malformed (bad query parameter, bad selector). */
  public static ApiException badRequest(String message) {
    return new ApiException("BadRequest", 400, message);
  }

  /**
   * 404 {@code NotFound} for one object, worded as Kubernetes does: {@code pods "web" not found} for the core group,
   * {@code deployments.apps "web" not found} otherwise. Details carry the name, group and (as Kubernetes does) the
   * resource in {@code kind}.
   */
  public static ApiException notFound(String group, String resource, String name) {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    return new ApiException(
        "NotFound",
        404,
        qualified + " \"" + name + "\" not found",
        Optional.of(new StatusDetails(name, group, resource, List.of())));
  }

  /** 405 {@code MethodNotAllowed}, e.g. a verb the API does not serve. */
  public static ApiException methodNotAllowed(String message) {
    return new ApiException("MethodNotAllowed", 405, message);
  }

  /** 410 {@code Expired}: what Kubernetes answers for a continue token or resourceVersion that can no longer be served. */
  public static ApiException expired(String message) {
    return new ApiException("Expired", 410, message);
  }

  /**
   * 422 {@code Invalid}, worded as Kubernetes' {@code NewInvalid}: {@code <kind>[.<group>] "<name>" is invalid: <causes>};
   * one cause is printed as {@code field: message}, several as {@code [a: x, b: y]}.
   */
  public static ApiException invalid(String group, String kind, String name, List<StatusCause> causes) {
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    List<String> parts =
        causes.stream()
            .map(c -> c.field().isEmpty() ? c.message() : c.field() + ": " + c.message())
            .collect(Collectors.toList());
    String joined = parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
    return new ApiException(
        "Invalid",
        422,
        qualified + " \"" + name + "\" is invalid: " + joined,
        Optional.of(new StatusDetails(name, group, kind, causes)));
  }

  /**
   * 500 {@code InternalError}. The message names only the request id, so an operator can find the logged cause; the
   * cause itself (and any stack trace) is never sent to the client.
   */
  public static ApiException internal(String requestId) {
    return new ApiException(
        "InternalError",
        500,
        "Internal error occurred: see the server logs for request id " + requestId);
  }

  /** The Kubernetes {@code StatusReason}, e.g. {@code BadRequest}. */
  public String reason() {
    return reason;
  }

  /** The HTTP status code. */
  public int code() {
    return code;
  }

  public Optional<StatusDetails> details() {
    return details;
  }

  /** The Kubernetes {@code Status} to send for this error. */
  public Status toStatus() {
    return Status.of(this);
  }
}
