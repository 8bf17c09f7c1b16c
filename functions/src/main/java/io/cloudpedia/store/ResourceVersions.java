package io.cloudpedia.store;

import java.math.BigInteger;

/**
 * Orders a member cluster's resourceVersions. Kubernetes calls them opaque, but every apiserver backed by etcd hands
 * out decimal revision numbers and compares them numerically (storage.APIObjectVersioner); Clusterpedia does the
 * same. Two resourceVersions of different clusters are never compared.
 */
public final class ResourceVersions {
  private ResourceVersions() {}

  /** True when {@code rv} is a non-negative decimal integer, as etcd-backed servers produce. */
  public static boolean isNumeric(String rv) {
    if (rv == null || rv.isEmpty() || rv.length() > 38) {
      return false;
    }
    for (int i = 0; i < rv.length(); i++) {
      char c = rv.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Numeric comparison of two decimal resourceVersions; throws for non-numeric ones. */
  public static int compare(String a, String b) {
    if (!isNumeric(a) || !isNumeric(b)) {
      throw new IllegalArgumentException("resourceVersion is not numeric");
    }
    return new BigInteger(a).compareTo(new BigInteger(b));
  }

  /**
   * Whether an upsert at {@code incoming} replaces what is stored at {@code stored} (a live object or a tombstone).
   * Numeric: only a newer resourceVersion wins. Non-numeric (unordered): any different one wins. A stored
   * non-numeric resourceVersion cannot be ordered against, so a numeric upsert wins over it.
   */
  public static boolean upsertWins(String stored, String incoming) {
    if (isNumeric(incoming)) {
      return !isNumeric(stored) || compare(stored, incoming) < 0;
    }
    return !stored.equals(incoming);
  }

  /**
   * Whether a delete at {@code incoming} replaces what is stored at {@code stored}. Numeric: it wins over an older
   * one, and over an equal one unless that is already a tombstone (a duplicate delete is a no-op). Non-numeric: it
   * wins unless the same tombstone is already there. Like {@link #upsertWins}, a numeric delete wins over a stored
   * non-numeric resourceVersion.
   */
  public static boolean deleteWins(String stored, boolean storedIsTombstone, String incoming) {
    if (isNumeric(incoming)) {
      if (!isNumeric(stored)) {
        return true;
      }
      int c = compare(stored, incoming);
      return c < 0 || (c == 0 && !storedIsTombstone);
    }
    return !storedIsTombstone || !stored.equals(incoming);
  }
}
