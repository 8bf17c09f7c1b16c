package io.cloudpedia.auth;

/**
 * Thrown by {@link AuthorizerFunction} when credentials could not be checked (STS or Secrets Manager failing): the
 * invocation fails, API Gateway answers 500 and caches nothing. The message names the failure, never a credential.
 */
public final class AuthenticationUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuthenticationUnavailableException(String message) {
    super(message, null, false, false);
  }
}
