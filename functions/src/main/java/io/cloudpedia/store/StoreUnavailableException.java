package io.cloudpedia.store;

/**
 * A store call failed for a reason that may pass (throttling, a network error, a 5xx): the caller should retry later.
 * Ingest turns it into a batch item failure so that SQS redelivers the message.
 */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
