package io.cloudpedia.auth.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parsed document that follows its store: read and parsed when built (a broken or unreadable document is then an
 * error, so a function does not start with a configuration it cannot use), re-read at most once per TTL on use, and
 * re-parsed only when its content changed.
 *
 * <p>A new version that does not parse is refused: the last good one stays in use and one ERROR line names the
 * document, the refused version and the problem (once per refused content, not once per request). A store that cannot
 * be read is treated the same way (one WARN line per outage; retried every {@code retryAfter} meanwhile). Rotation
 * and revocation therefore take effect at most one TTL after the store changes, unless the store is down.
 *
 * <p>Thread-safe; reads between checks take no lock.
 */
public final class ReloadingDocument<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingDocument.class);

  private final String what;
  private final DocumentSource source;
  private final DocumentParser<T> parser;
  private final Duration ttl;
  private final Duration retryAfter;
  private final Clock clock;
  private final Object lock = new Object();

  private volatile Loaded<T> loaded;
  private volatile Instant nextCheck;
  /** Guarded by lock. */
  private String refusedHash;
  /** Guarded by lock. */
  private boolean outage;

  private record Loaded<T>(T value, String version, String hash) {}

  /**
   * Reads and parses the document now.
   *
   * @param what what the document is, for log lines ({@code authorization policy})
   * @param ttl how long a read is trusted; zero reads on every use
   * @param retryAfter after a failed read, how long until the next try (at most {@code ttl} is used)
   * @throws InvalidDocumentException if the document does not parse (the message names the document)
   * @throws DocumentUnavailableException if it cannot be read
   */
  public ReloadingDocument(
      String what, DocumentSource source, DocumentParser<T> parser, Duration ttl, Duration retryAfter, Clock clock)
      throws InvalidDocumentException {
    this.what = Objects.requireNonNull(what, "what");
    this.source = Objects.requireNonNull(source, "source");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.ttl = requireNotNegative(ttl, "ttl");
    this.retryAfter = requireNotNegative(retryAfter, "retryAfter").compareTo(ttl) > 0 ? ttl : retryAfter;
    this.clock = Objects.requireNonNull(clock, "clock");
    Instant now = clock.instant();
    Document document = source.fetch();
    T value;
    try {
      value = parse(document.text());
    } catch (InvalidDocumentException e) {
      throw new InvalidDocumentException(
          what + " (" + source.describe() + ", version " + document.version() + ") is invalid: " + e.getMessage());
    }
    loaded = new Loaded<>(value, document.version(), document.contentHash());
    nextCheck = now.plus(ttl);
    LOG.info("{}: loaded {} version {}", what, source.describe(), document.version());
  }

  /** The value of the last good version, re-reading the store first if the TTL has passed. Never throws. */
  public T current() {
    if (clock.instant().isBefore(nextCheck)) {
      return loaded.value();
    }
    synchronized (lock) {
      Instant now = clock.instant();
      if (now.isBefore(nextCheck)) {
        return loaded.value();
      }
      refresh(now);
      return loaded.value();
    }
  }

  /** The store's version id of the value in use. */
  public String version() {
    return loaded.version();
  }

  public String describe() {
    return what + " (" + source.describe() + ")";
  }

  private void refresh(Instant now) {
    Document document;
    try {
      document = source.fetch();
    } catch (RuntimeException e) {
      // DocumentUnavailableException, or a bug in a source: either way keep serving what we have.
      if (!outage) {
        LOG.warn("{}: {}; keeping version {}, retrying every {} s", what, message(e), loaded.version(),
            retryAfter.toSeconds());
        outage = true;
      }
      nextCheck = now.plus(retryAfter);
      return;
    }
    if (outage) {
      LOG.info("{}: {} can be read again", what, source.describe());
      outage = false;
    }
    nextCheck = now.plus(ttl);
    String hash = document.contentHash();
    if (hash.equals(loaded.hash()) || hash.equals(refusedHash)) {
      return;
    }
    try {
      T value = parse(document.text());
      loaded = new Loaded<>(value, document.version(), hash);
      refusedHash = null;
      LOG.info("{}: loaded {} version {}", what, source.describe(), document.version());
    } catch (InvalidDocumentException e) {
      refusedHash = hash;
      LOG.error("{}: {} version {} is invalid and is not used, still using version {}: {}", what,
          source.describe(), document.version(), loaded.version(), e.getMessage());
    }
  }

  private T parse(String text) throws InvalidDocumentException {
    try {
      return parser.parse(text);
    } catch (RuntimeException e) {
      // A parser bug must not quote the document either: name the exception only.
      throw new InvalidDocumentException("it could not be parsed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String message(RuntimeException e) {
    return e instanceof DocumentUnavailableException ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static Duration requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return d;
  }
}
