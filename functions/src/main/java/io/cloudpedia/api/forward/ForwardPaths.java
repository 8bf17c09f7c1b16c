package io.cloudpedia.api.forward;

import io.cloudpedia.api.path.PathResolver;
import io.cloudpedia.api.search.LabelSelector;
import io.cloudpedia.api.search.Requirement;
import io.cloudpedia.api.status.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The paths and label forwarding reads: the proxy path, path safety, and the forward label. */
public final class ForwardPaths {
  /** The label key whose presence in a labelSelector asks for forwarding; removed before forwarding. */
  public static final String FORWARD_LABEL = "search.clusterpedia.io/forward";
  public static final String NEEDS_CLUSTER = "please specify the cluster name when using proxy model.";

  private static final String CLUSTERS = PathResolver.RESOURCES + "/clusters/";

  private ForwardPaths() {}

  /** {@code .../clusters/{c}/proxy[/<rest>]}: the cluster and the member path ({@code /} if none). */
  public record ProxyPath(String cluster, String rest) {}

  /** The proxy path {@code path} (percent-decoded) addresses, if it is one. */
  public static Optional<ProxyPath> proxyPath(String path) {
    if (!path.startsWith(CLUSTERS)) {
      return Optional.empty();
    }
    String after = path.substring(CLUSTERS.length());
    int slash = after.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    String cluster = after.substring(0, slash);
    String tail = after.substring(slash);
    if (tail.equals("/proxy") || tail.equals("/proxy/")) {
      return Optional.of(new ProxyPath(cluster, "/"));
    }
    if (tail.startsWith("/proxy/")) {
      return Optional.of(new ProxyPath(cluster, tail.substring("/proxy".length())));
    }
    return Optional.empty();
  }

  /**
   * Refuses a member path that could leave the path it names: {@code .} or {@code ..} segments, backslashes, and
   * slashes that were encoded ({@code %2F}; the path arrives decoded once, so a literal {@code %2F} left in it was
   * double-encoded).
   *
   * @throws ApiException 400
   */
  public static String requireSafe(String path) {
    if (!path.startsWith("/")) {
      throw ApiException.badRequest("the path to forward must start with '/'");
    }
    if (path.indexOf('\\') >= 0) {
      throw ApiException.badRequest("the path to forward must not contain backslashes");
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")) {
      throw ApiException.badRequest("the path to forward must not contain encoded slashes, backslashes or dots");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw ApiException.badRequest("the path to forward must not contain '.' or '..' segments");
      }
      if (segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw ApiException.badRequest("the path to forward must not contain control characters");
      }
    }
    return path;
  }

  /**
   * The labelSelector without its requirement(s) on {@value #FORWARD_LABEL}, rebuilt from the remaining requirements
   * (sorted by key, as Clusterpedia rebuilds it); empty if the selector has no such requirement.
   */
  public static Optional<String> withoutForwardLabel(String labelSelector) {
    if (!labelSelector.contains(FORWARD_LABEL)) {
      return Optional.empty();
    }
    List<Requirement> requirements = LabelSelector.parse(labelSelector).requirements();
    if (requirements.stream().noneMatch(r -> r.key().equals(FORWARD_LABEL))) {
      return Optional.empty();
    }
    return Optional.of(new LabelSelector(
        requirements.stream().filter(r -> !r.key().equals(FORWARD_LABEL)).collect(Collectors.toList())).toString());
  }

  /** {@code a b/c} to {@code a%20b/c}: each segment percent-encoded as a URI path needs. */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
