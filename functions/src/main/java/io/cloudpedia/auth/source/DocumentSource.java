package io.cloudpedia.auth.source;

/** Where a document is read from. Implementations are thread-safe. */
public interface DocumentSource {

  /**
   * The current version.
   *
   * @throws DocumentUnavailableException if it cannot be read now (missing, access denied, throttled, network)
   */
  Document fetch();

  /** What is read, for log lines and messages: {@code secret cloudpedia/auth/tokens}. */
  String describe();
}
