package io.cloudpedia.api.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident, expiring {@code continue} tokens.
 *
 * <p>A token is {@code base64url(payload) "." base64url(mac)}: the payload holds the position, the fingerprint of
 * the list request it continues and the time it was issued; the mac is the first 16 bytes of HMAC-SHA256 over the
 * encoded payload with the deployment's key. Opening a token checks, in this order: its shape and mac (400
 * {@code BadRequest}: a modified or foreign token), its fingerprint (400: a token of another list, e.g. with another
 * selector), its age (410 {@code Expired} with Kubernetes' own message once it is older than the TTL).
 *
 * <p>Every function instance must share the key, or a page served by another instance rejects the token: the
 * deployment keeps it in Secrets Manager (docs/configuration.md).
 */
public final class ContinueTokens {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  public static final String EXPIRED_MESSAGE =
      "The provided continue parameter is too old to display a consistent list result. You can start a new list"
          + " without the continue parameter.";
  private static final int MAC_BYTES = 16;
  private static final int MAX_TOKEN_LENGTH = 4096;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  public ContinueTokens(byte[] key, Duration ttl, Clock clock) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the continue-token key must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the continue-token TTL must be positive");
    }
  }

  /** Tokens only this process can open: for a single-process server (local mode, tests). */
  public static ContinueTokens withRandomKey(Duration ttl, Clock clock) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new ContinueTokens(key, ttl, clock);
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * Where a list over several sections (the types of a collection) goes on: in {@code section}, at {@code position}
   * (empty: from the section's beginning).
   */
  public record Cursor(String section, java.util.Optional<Position> position) {
    public Cursor {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(position, "position");
    }
  }

  public String issue(Position position, String fingerprint) {
    return issue(fingerprint, null, position);
  }

  public String issue(Cursor cursor, String fingerprint) {
    return issue(fingerprint, cursor.section(), cursor.position().orElse(null));
  }

  /**
   * The cursor a token of a sectioned list stands for.
   *
   * @throws ApiException as {@link #open(String, String)}, and 400 for a token of an unsectioned list
   */
  public Cursor openCursor(String token, String fingerprint) {
    JsonNode payload = payload(token, fingerprint);
    if (!payload.path("s").isTextual()) {
      throw invalid("it belongs to a different list request");
    }
    boolean positioned = payload.has("o") || payload.has("c");
    return new Cursor(payload.get("s").asText(),
        positioned ? java.util.Optional.of(position(payload)) : java.util.Optional.empty());
  }

  private String issue(String fingerprint, String section, Position position) {
    ObjectNode payload = Json.mapper().createObjectNode();
    payload.put("v", 1);
    payload.put("f", fingerprint);
    payload.put("t", clock.instant().getEpochSecond());
    if (section != null) {
      payload.put("s", section);
    }
    if (position instanceof Position.AfterKey k) {
      payload.put("c", k.cluster()).put("a", k.after());
    } else if (position instanceof Position.AtOffset o) {
      payload.put("o", o.offset());
    }
    String encoded = B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    return encoded + "." + B64.encodeToString(mac(encoded));
  }

  /**
   * The position a token stands for.
   *
   * @throws ApiException 400 for a malformed, modified or foreign token, 410 for an expired one
   */
  public Position open(String token, String fingerprint) {
    JsonNode payload = payload(token, fingerprint);
    if (payload.has("s")) {
      throw invalid("it belongs to a different list request");
    }
    return position(payload);
  }

  private JsonNode payload(String token, String fingerprint) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw invalid("too long");
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw invalid("malformed");
    }
    String encoded = token.substring(0, dot);
    byte[] givenMac;
    byte[] payloadBytes;
    try {
      givenMac = B64D.decode(token.substring(dot + 1));
      payloadBytes = B64D.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed");
    }
    if (!MessageDigest.isEqual(givenMac, mac(encoded))) {
      throw invalid("it was modified or issued by another server");
    }
    JsonNode payload;
    try {
      payload = Json.mapper().readTree(payloadBytes);
    } catch (IOException e) {
      throw invalid("malformed");
    }
    if (payload == null || payload.path("v").asInt() != 1) {
      throw invalid("unknown version");
    }
    if (!fingerprint.equals(payload.path("f").asText())) {
      throw ApiException.badRequest(
          "invalid continue token: it belongs to a different list request (path, selectors and search parameters"
              + " must stay the same while paging)");
    }
    Instant issued = Instant.ofEpochSecond(payload.path("t").asLong());
    if (clock.instant().isAfter(issued.plus(ttl))) {
      throw ApiException.expired(EXPIRED_MESSAGE);
    }
    return payload;
  }

  private static Position position(JsonNode payload) {
    if (payload.has("o")) {
      return new Position.AtOffset(payload.path("o").asLong());
    }
    if (payload.path("c").isTextual() && payload.path("a").isTextual()) {
      return new Position.AfterKey(payload.get("c").asText(), payload.get("a").asText());
    }
    throw invalid("malformed");
  }

  private byte[] mac(String encodedPayload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII)), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }

  private static ApiException invalid(String why) {
    return ApiException.badRequest("invalid continue token: " + why);
  }
}
