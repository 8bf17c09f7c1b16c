package io.cloudpedia.auth.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One version of a document as read from its store.
 *
 * @param text the document
 * @param version the store's name for this version (a Secrets Manager version id, an SSM parameter version), for log
 *     lines; changes are detected by {@link #contentHash()}, which does not depend on the store
 */
public record Document(String text, String version) {

  public Document {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(version, "version");
  }

  /** Hex SHA-256 of the text: equal hashes, same document. */
  public String contentHash() {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Never the text: a document may hold secrets. */
  @Override
  public String toString() {
    return "Document[version=" + version + ", " + text.length() + " chars]";
  }
}
