package io.cloudpedia.auth;

import io.cloudpedia.api.status.ApiException;
import java.util.Objects;

/**
 * What {@link Authenticator} concluded. Each variant carries the presented token's {@link Fingerprint} (never the
 * token), for the one log line a decision deserves.
 *
 * <pre>{@code
 * AuthResult result = authenticator.authenticate(header);
 * if (result instanceof AuthResult.Authenticated a) {
 *   serve(a.principal());
 * } else if (result instanceof AuthResult.Denied d) {
 *   throw d.toApiException();          // 401 Unauthorized
 * } else if (result instanceof AuthResult.Unavailable u) {
 *   throw u.toApiException();          // 503, try again
 * }
 * }</pre>
 */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Denied, AuthResult.Unavailable {

  /** The fingerprint of the presented credential, {@link Fingerprint#NONE} if there was none. */
  String fingerprint();

  /**
   * @param principal the static token's principal name ({@code alice}) or the caller's canonical IAM ARN
   *     ({@code arn:aws:iam::111122223333:role/Dev}): what {@link io.cloudpedia.auth.policy.Policy} rules name
   */
  record Authenticated(String principal, AuthKind kind, String fingerprint) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }
  }

  /** Missing, malformed, unknown, expired or forged credentials. */
  record Denied(DenyReason reason, String fingerprint) implements AuthResult {
    public Denied {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * What Kubernetes answers for failed authentication: 401, reason {@code Unauthorized}, message
     * {@code Unauthorized} (kubectl prints "You must be logged in to the server (Unauthorized)"). The reason is for the
     * log, not the caller.
     */
    public ApiException toApiException() {
      return new ApiException("Unauthorized", 401, "Unauthorized");
    }
  }

  /**
   * The credentials could not be checked now (STS or Secrets Manager unreachable, throttled, failing): not the
   * caller's fault, and worth retrying.
   *
   * @param problem what failed, naming a service and an error code, never the credential
   */
  record Unavailable(String problem, String fingerprint) implements AuthResult {
    public Unavailable {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** 503 {@code ServiceUnavailable}: kubectl reports it and the user retries. */
    public ApiException toApiException() {
      return new ApiException("ServiceUnavailable", 503,
          "authentication is temporarily unavailable, please try again");
    }
  }
}
