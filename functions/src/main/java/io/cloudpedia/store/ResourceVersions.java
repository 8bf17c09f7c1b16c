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
}
