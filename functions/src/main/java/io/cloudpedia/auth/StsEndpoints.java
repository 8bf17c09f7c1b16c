package io.cloudpedia.auth;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The STS endpoints an IAM token's URL may point to: host pinning, so that the authorizer can never be made to send a
 * request anywhere else (SSRF). By default {@code https://sts.amazonaws.com} and {@code https://sts.REGION.amazonaws.com}
 * ({@code .amazonaws.com.cn} in the China regions); {@link #plus(URI)} adds one exact endpoint (scheme, host and port)
 * for local testing against moto or LocalStack. A URL matches only with the same scheme, host (ignoring case) and port,
 * no user info, and an empty or {@code /} path.
 */
public final class StsEndpoints {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");

  private final Set<Origin> origins;

  private record Origin(String scheme, String host, int port) {
    @Override
    public String toString() {
      return scheme + "://" + host + ":" + port;
    }
  }

  private StsEndpoints(Set<Origin> origins) {
    this.origins = Set.copyOf(origins);
  }

  /** The global endpoint and the given region's. */
  public static StsEndpoints aws(String region) {
    Objects.requireNonNull(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("'" + region + "' is not an AWS region name");
    }
    Set<Origin> origins = new LinkedHashSet<>();
    if (region.startsWith("cn-")) {
      origins.add(new Origin("https", "sts." + region + ".amazonaws.com.cn", 443));
    } else {
      origins.add(new Origin("https", "sts.amazonaws.com", 443));
      origins.add(new Origin("https", "sts." + region + ".amazonaws.com", 443));
    }
    return new StsEndpoints(origins);
  }

  /** The global endpoint only (no region configured). */
  public static StsEndpoints global() {
    return new StsEndpoints(Set.of(new Origin("https", "sts.amazonaws.com", 443)));
  }

  /** Exactly one endpoint and no AWS one (tests, and local runs that must never reach AWS). */
  public static StsEndpoints only(URI endpoint) {
    return new StsEndpoints(Set.of(origin(endpoint)));
  }

  /**
   * These and one more, exact endpoint: {@code http://127.0.0.1:5000} (moto). Only scheme, host and port; a path
   * other than {@code /}, a query, a fragment or user info is an error.
   */
  public StsEndpoints plus(URI endpoint) {
    Set<Origin> more = new LinkedHashSet<>(origins);
    more.add(origin(endpoint));
    return new StsEndpoints(more);
  }

  /** Whether a request to this URL goes to one of the endpoints (the query is not looked at here). */
  public boolean allows(URI url) {
    if (url == null || !url.isAbsolute() || url.isOpaque() || url.getScheme() == null || url.getHost() == null) {
      return false;
    }
    if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
      return false;
    }
    String path = url.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      return false;
    }
    // The authority must be exactly host[:port]: nothing java.net.URI might read one way and a server another.
    String host = url.getHost();
    String authority = url.getRawAuthority();
    String expectedAuthority = url.getPort() == -1 ? host : host + ":" + url.getPort();
    if (authority == null || !authority.equals(expectedAuthority) || !HOST.matcher(host).matches()) {
      return false;
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort() == -1 ? defaultPort(scheme) : url.getPort();
    return port > 0 && origins.contains(new Origin(scheme, host.toLowerCase(Locale.ROOT), port));
  }

  @Override
  public String toString() {
    return "StsEndpoints" + origins;
  }

  private static Origin origin(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("an STS endpoint must be http:// or https://: " + endpoint);
    }
    if (endpoint.getHost() == null || endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty() && !endpoint.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "an STS endpoint is scheme://host[:port] with no path, query or user info: " + endpoint);
    }
    int port = endpoint.getPort() == -1 ? defaultPort(scheme) : endpoint.getPort();
    return new Origin(scheme, endpoint.getHost().toLowerCase(Locale.ROOT), port);
  }

  private static int defaultPort(String scheme) {
    switch (scheme) {
      case "https":
        return 443;
      case "http":
        return 80;
      default:
        return -1;
    }
  }
}
