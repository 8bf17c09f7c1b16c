package io.cloudpedia.events;

/**
 * Where the association of an Event with its involved object lives (docs/storage.md, "Events"): partition
 * {@code {cluster}#events-of#{group}/{Kind}}, sort key {@code {involved key}\u0001{event namespace}/{event name}},
 * where the involved key is {@code namespace/name} ({@code /name} when cluster-scoped), as
 * {@link io.cloudpedia.store.StorageKeys} writes an object's sort key.
 *
 * <p>The separator U+0001 sorts below every character a key holds, so sort keys order by involved key first, exactly
 * in {@link io.cloudpedia.store.StorageKeys#SORT_ORDER}, and the Events of every object whose key lies in
 * {@code [from, to]} are the sort keys in {@code [from, to + U+0002)}: one range read. (With '/' as the separator,
 * {@code ns/a/...} would sort after {@code ns/a-b/...} while {@code ns/a} sorts before {@code ns/a-b}.)
 */
final class EventKeys {
  private EventKeys() {}

  static final String SEPARATOR = "\u0001";
  /** The least string above every sort key of one involved key {@code K}: {@code K + U+0002}. */
  private static final String AFTER_SEPARATOR = "\u0002";

  static String partition(String cluster, String group, String kind) {
    return cluster + "#events-of#" + group + "/" + kind;
  }

  /** The partition of the reverse items (Event key → where its association is). */
  static String refPartition(String cluster) {
    return cluster + "#events#refs";
  }

  static String involvedKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  static String eventKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  static String sortKey(String involvedKey, String eventNamespace, String eventName) {
    return involvedKey + SEPARATOR + eventKey(eventNamespace, eventName);
  }

  /** The least sort key of an involved key at or above {@code fromKey}. */
  static String rangeStart(String fromKey) {
    return fromKey;
  }

  /** Exclusive: above every sort key of an involved key at or below {@code toKey}. */
  static String rangeEnd(String toKey) {
    return toKey + AFTER_SEPARATOR;
  }

  /** The involved key a sort key starts with. */
  static String involvedKeyOf(String sortKey) {
    int separator = sortKey.indexOf(SEPARATOR);
    if (separator < 0) {
      throw new IllegalArgumentException("not an event association sort key");
    }
    return sortKey.substring(0, separator);
  }

  /** Whether a key contains a character that would break the order (never in a Kubernetes name). */
  static boolean orderable(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) <= '\u0002') {
        return false;
      }
    }
    return true;
  }
}
