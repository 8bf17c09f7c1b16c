package io.cloudpedia.registry;

import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.api.status.StatusDetails;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a registry write was refused. Each one maps to the Kubernetes {@code Status} that the apiserver answers in the
 * same case ({@link #toApiException()}); messages are worded as Kubernetes words them.
 */
public abstract sealed class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RegistryKind kind;
  private final String name;

  private RegistryException(RegistryKind kind, String name, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
  }

  public RegistryKind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  /** The {@code Status} error to answer. */
  public abstract ApiException toApiException();

  StatusDetails details() {
    return new StatusDetails(name, RegistryKind.GROUP, kind.resource(), List.of());
  }

  /** A create of a name that exists: 409 {@code AlreadyExists}. */
  public static final class AlreadyExists extends RegistryException {
    private static final long serialVersionUID = 1L;

    public AlreadyExists(RegistryKind kind, String name) {
      super(kind, name, kind.qualifiedResource() + " \"" + name + "\" already exists");
    }

    @Override
    public ApiException toApiException() {
      return new ApiException("AlreadyExists", 409, getMessage(), Optional.of(details()));
    }
  }

  /**
   * A write based on an outdated read (its resourceVersion is not the stored one), or meant for another object of the
   * same name (its uid differs): 409 {@code Conflict}. The client reads again and retries.
   */
  public static final class Conflict extends RegistryException {
    private static final long serialVersionUID = 1L;

    public Conflict(RegistryKind kind, String name) {
      this(kind, name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    public Conflict(RegistryKind kind, String name, String detail) {
      super(kind, name, "Operation cannot be fulfilled on " + kind.qualifiedResource() + " \"" + name + "\": " + detail);
    }

    @Override
    public ApiException toApiException() {
      return new ApiException("Conflict", 409, getMessage(), Optional.of(details()));
    }
  }

  /** A write of a name that does not exist: 404 {@code NotFound}. */
  public static final class NotFound extends RegistryException {
    private static final long serialVersionUID = 1L;

    public NotFound(RegistryKind kind, String name) {
      super(kind, name, kind.qualifiedResource() + " \"" + name + "\" not found");
    }

    @Override
    public ApiException toApiException() {
      return ApiException.notFound(RegistryKind.GROUP, kind().resource(), name());
    }
  }

  /**
   * An object whose JSON is longer than {@link ClusterRegistry#MAX_OBJECT_BYTES} (a DynamoDB item holds 400 KB): 413
   * {@code RequestEntityTooLarge}.
   */
  public static final class TooLarge extends RegistryException {
    private static final long serialVersionUID = 1L;

    public TooLarge(RegistryKind kind, String name, long bytes) {
      super(
          kind,
          name,
          "Request entity too large: " + kind.qualifiedResource() + " \"" + name + "\" is " + bytes
              + " bytes of JSON, more than the limit of " + ClusterRegistry.MAX_OBJECT_BYTES);
    }

    @Override
    public ApiException toApiException() {
      return new ApiException("RequestEntityTooLarge", 413, getMessage(), Optional.of(details()));
    }
  }
}
