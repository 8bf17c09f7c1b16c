package io.cloudpedia.auth.source;

/**
 * A document could not be read: it does not exist, may not be read, or the store failed. The message names the
 * document and the error code, never any content.
 */
public final class DocumentUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DocumentUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public DocumentUnavailableException(String message) {
    super(message);
  }
}
