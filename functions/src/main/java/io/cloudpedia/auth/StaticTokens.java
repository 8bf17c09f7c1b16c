package io.cloudpedia.auth;

import io.cloudpedia.auth.source.DocumentSource;
import io.cloudpedia.auth.source.InvalidDocumentException;
import io.cloudpedia.auth.source.ReloadingDocument;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Static bearer tokens checked against the hashes in their secret ({@link TokenTable}), re-read after a TTL so that
 * adding, rotating or revoking a token needs no redeploy. If the secret cannot be read, the last table read stays in
 * use (a revocation then waits for the store); if a new version is invalid, it is refused and logged once.
 */
public final class StaticTokens {
  /** After a failed read of the secret, the next try comes this soon (or after the TTL, if shorter). */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

  private final ReloadingDocument<TokenTable> table;

  public StaticTokens(ReloadingDocument<TokenTable> table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  /**
   * Reads the table now.
   *
   * @throws InvalidDocumentException if the secret's JSON is not a valid table (the message names the problem)
   * @throws io.cloudpedia.auth.source.DocumentUnavailableException if it cannot be read
   */
  public static StaticTokens load(DocumentSource source, Duration ttl, Clock clock) throws InvalidDocumentException {
    return new StaticTokens(
        new ReloadingDocument<>("static bearer tokens", source, TokenTable::parse, ttl, RETRY_AFTER_FAILURE, clock));
  }

  /** The principal of this token, if it is one of the table's. */
  public Optional<String> principalFor(String token) {
    return table.current().principalFor(Fingerprint.sha256(token));
  }

  AuthResult verify(String token, String fingerprint) {
    return principalFor(token)
        .<AuthResult>map(principal -> new AuthResult.Authenticated(principal, AuthKind.BEARER_TOKEN, fingerprint))
        .orElseGet(() -> new AuthResult.Denied(DenyReason.UNKNOWN_TOKEN, fingerprint));
  }
}
