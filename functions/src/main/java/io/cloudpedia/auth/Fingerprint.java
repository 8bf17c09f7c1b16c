package io.cloudpedia.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What may be logged of a credential: the first 8 hex digits of its SHA-256. Enough to tell a user's two tokens apart
 * in the logs, far too little to find the token (and the tokens are long random strings or short-lived signatures).
 */
public final class Fingerprint {
  /** The fingerprint of "no credential". */
  public static final String NONE = "-";

  private Fingerprint() {}

  public static String of(String credential) {
    return HexFormat.of().formatHex(sha256(credential), 0, 4);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
