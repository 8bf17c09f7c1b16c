package io.cloudpedia.auth.source;

/** Turns a document's text into its value. */
@FunctionalInterface
public interface DocumentParser<T> {

  /**
   * @throws InvalidDocumentException naming the problem, never quoting the text
   */
  T parse(String text) throws InvalidDocumentException;
}
