package io.cloudpedia.auth.source;

/**
 * A document was read but is not valid. The message says what is wrong and where (a field, a rule number, a line
 * and column), never the document's text: parsers must not pass on their libraries' messages, which may quote it.
 */
public final class InvalidDocumentException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidDocumentException(String message) {
    super(message);
  }
}
