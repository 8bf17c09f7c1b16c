package io.cloudpedia.registry.credentials;

/**
 * A secret that may not or cannot be read: outside the allowed prefix, access denied, undecryptable. A configuration
 * problem, shown in the cluster's status: the message names the secret, never its content.
 */
public final class SecretAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretAccessException(String message) {
    super(message, null, false, false);
  }
}
