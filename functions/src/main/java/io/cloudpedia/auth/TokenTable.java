package io.cloudpedia.auth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.auth.source.InvalidDocumentException;
import io.cloudpedia.json.Json;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The static bearer tokens, as stored in their secret: only SHA-256 hashes, each bound to a principal name.
 *
 * <pre>{@code
 * {"tokens": [
 *   {"principal": "alice", "sha256": "<64 hex digits: sha256 of the token's UTF-8 bytes>"},
 *   {"principal": "ci-bot", "sha256": "..."}
 * ]}
 * }</pre>
 *
 * A principal may have several tokens (for rotation: add the new one, hand it out, remove the old one). Principal
 * names are letters, digits and {@code . _ @ + -}, so they can never be mistaken for an IAM ARN in a policy.
 */
public final class TokenTable {
  /** Principal names of static tokens: no ':' so never an ARN. */
  public static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final List<Entry> entries;

  private record Entry(String principal, byte[] sha256) {}

  private TokenTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** How many tokens there are. */
  public int size() {
    return entries.size();
  }

  /**
   * The principal whose token has this SHA-256. Compares with every entry, always all of them, in constant time per
   * entry ({@link MessageDigest#isEqual}): how long it takes says nothing about which hash or how much of it matched.
   */
  Optional<String> principalFor(byte[] tokenSha256) {
    String found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), tokenSha256) && found == null) {
        found = entry.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Parses the secret's JSON. Messages name entries by index and field, never a value. */
  public static TokenTable parse(String json) throws InvalidDocumentException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidDocumentException("not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDocumentException("expected a JSON object with a \"tokens\" array");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("tokens")) {
        throw new InvalidDocumentException("unknown top-level field (only \"tokens\" is allowed)");
      }
    }
    JsonNode tokens = root.get("tokens");
    if (tokens == null || !tokens.isArray()) {
      throw new InvalidDocumentException("\"tokens\" must be an array");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      JsonNode token = tokens.get(i);
      String where = "tokens[" + i + "]";
      if (!token.isObject()) {
        throw new InvalidDocumentException(where + " must be an object");
      }
      for (Iterator<String> names = token.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("principal") && !name.equals("sha256")) {
          throw new InvalidDocumentException(where + " has an unknown field (allowed: principal, sha256)");
        }
      }
      JsonNode principal = token.get("principal");
      if (principal == null || !principal.isTextual() || !PRINCIPAL.matcher(principal.asText()).matches()) {
        throw new InvalidDocumentException(where + ".principal must be 1-128 letters, digits or . _ @ + -"
            + " starting with a letter or digit");
      }
      JsonNode sha256 = token.get("sha256");
      if (sha256 == null || !sha256.isTextual() || !SHA256_HEX.matcher(sha256.asText()).matches()) {
        throw new InvalidDocumentException(where + ".sha256 must be 64 hex digits (the SHA-256 of the token)");
      }
      String hex = sha256.asText().toLowerCase(java.util.Locale.ROOT);
      if (!hashes.add(hex)) {
        throw new InvalidDocumentException(where + ".sha256 repeats an earlier entry's hash");
      }
      entries.add(new Entry(principal.asText(), HexFormat.of().parseHex(hex)));
    }
    return new TokenTable(entries);
  }

  @Override
  public String toString() {
    return "TokenTable[" + entries.size() + " tokens]";
  }
}
