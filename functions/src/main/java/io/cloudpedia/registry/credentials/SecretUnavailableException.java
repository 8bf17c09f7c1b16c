package io.cloudpedia.registry.credentials;

import io.cloudpedia.store.StoreUnavailableException;

/**
 * Reading a secret failed for a reason that may pass (throttling, a 5xx, the network): the caller tries again later,
 * as for a store ({@link StoreUnavailableException}). Never a reason to mark a cluster's configuration invalid.
 */
public final class SecretUnavailableException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  public SecretUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
