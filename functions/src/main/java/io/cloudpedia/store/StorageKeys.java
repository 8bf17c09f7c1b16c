package io.cloudpedia.store;

import java.util.Comparator;

/**
 * The keys both store implementations order objects by (docs/storage.md): partition {@code {cluster}#{gvr}}, sort key
 * {@code {namespace}/{name}} ({@code /{name}} when cluster-scoped). DynamoDB orders sort keys by their UTF-8 bytes;
 * {@link #SORT_ORDER} is the same order for Java strings, so the in-memory store lists exactly as DynamoDB does.
 */
public final class StorageKeys {
  private StorageKeys() {}

  /**
   * UTF-8 byte order, which is code point order ({@link String#compareTo} compares UTF-16 units and differs for
   * characters beyond the Basic Multilingual Plane).
   */
  public static final Comparator<String> SORT_ORDER = StorageKeys::compareCodePoints;

  /** {@code cluster-1#apps/v1/deployments}. */
  public static String partitionKey(String cluster, GroupVersionResource type) {
    return cluster + "#" + type;
  }

  /** {@code default/nginx}, or {@code /node-1} for a cluster-scoped object. */
  public static String sortKey(ObjectKey key) {
    return key.namespace() + "/" + key.name();
  }

  /** The key an object's sort key names, in that cluster and type. */
  public static ObjectKey objectKey(String cluster, GroupVersionResource type, String sortKey) {
    int slash = sortKey.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a sort key: no '/'");
    }
    return new ObjectKey(cluster, type, sortKey.substring(0, slash), sortKey.substring(slash + 1));
  }

  /**
   * The sort key a list cursor ({@link Page#next()}, a cache key) stands for: lists resume strictly after it.
   */
  public static String sortKeyOfCursor(String cursor) {
    return cursor.indexOf('/') < 0 ? "/" + cursor : cursor;
  }

  /** The sort-key prefix of one namespace: {@code ns/} (so that {@code ns} never matches {@code ns2}). */
  public static String namespacePrefix(String namespace) {
    return namespace + "/";
  }

  /**
   * The least string above every sort key that starts with {@link #namespacePrefix}: the prefix ends with '/', and
   * '0' is the character after '/'.
   */
  public static String namespaceUpperBound(String namespace) {
    return namespace + "0";
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
