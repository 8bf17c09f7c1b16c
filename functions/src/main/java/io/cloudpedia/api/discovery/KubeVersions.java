package io.cloudpedia.api.discovery;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes version priority, as apimachinery's {@code version.CompareKubeAwareVersionStrings}: kube-like versions
 * ({@code v1}, {@code v2beta1}, {@code v1alpha3}) come before any other string; among them GA before beta before
 * alpha, then the higher major, then the higher alpha/beta number. Other strings sort alphabetically.
 */
final class KubeVersions {
  private static final Pattern KUBE_LIKE = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

  /** Highest priority first: {@code v2, v1, v1beta2, v1beta1, v1alpha1, foo}. */
  static final Comparator<String> PRIORITY = (a, b) -> -compare(a, b);

  private KubeVersions() {}

  /** Positive when {@code v1} has the higher priority, like the Go function. */
  static int compare(String v1, String v2) {
    if (v1.equals(v2)) {
      return 0;
    }
    Parsed p1 = parse(v1);
    Parsed p2 = parse(v2);
    if (p1 == null && p2 == null) {
      return v2.compareTo(v1);
    }
    if (p1 == null) {
      return -1;
    }
    if (p2 == null) {
      return 1;
    }
    if (p1.stability != p2.stability) {
      return Integer.compare(p1.stability, p2.stability);
    }
    if (p1.major != p2.major) {
      return Integer.compare(p1.major, p2.major);
    }
    return Integer.compare(p1.minor, p2.minor);
  }

  private record Parsed(int major, int stability, int minor) {}

  private static Parsed parse(String version) {
    Matcher m = KUBE_LIKE.matcher(version);
    if (!m.matches()) {
      return null;
    }
    try {
      int major = Integer.parseInt(m.group(1));
      if (m.group(2) == null) {
        return new Parsed(major, 2, 0);
      }
      // Go's strconv.Atoi fails on overflow and the version then counts as not kube-like; so here.
      return new Parsed(major, m.group(2).equals("beta") ? 1 : 0, Integer.parseInt(m.group(3)));
    } catch (NumberFormatException overflow) {
      return null;
    }
  }
}
