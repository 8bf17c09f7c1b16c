package io.cloudpedia.api.forward;

import io.cloudpedia.api.status.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Clusterpedia's proxy credential headers, and which request headers may go on to the member cluster.
 *
 * <p>{@code X-Clusterpedia-Proxy-CA}, {@code -Client-Cert}, {@code -Client-Key} hold the standard base64 of PEM;
 * {@code -Token} is the raw bearer token. Values never appear in messages or logs.
 */
public final class ProxyHeaders {
  public static final String PREFIX = "x-clusterpedia-proxy-";
  public static final String FORWARD = "x-clusterpedia-forward";

  /** Hop-by-hop headers (RFC 9110 7.6.1), those HttpClient sets itself, and the caller's own credentials. */
  private static final Set<String> STRIPPED = Set.of(
      "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
      "transfer-encoding", "upgrade", "http2-settings", "host", "content-length", "expect", "authorization", "cookie",
      // The member's body is returned as it is; the carrier compresses.
      "accept-encoding", FORWARD);

  private ProxyHeaders() {}

  /** The credentials a request carries, all parts optional. */
  public record Supplied(
      Optional<String> caPem, Optional<String> certPem, Optional<String> keyPem, Optional<String> token) {
    public boolean any() {
      return caPem.isPresent() || certPem.isPresent() || keyPem.isPresent() || token.isPresent();
    }

    @Override
    public String toString() {
      return "Supplied[ca=" + caPem.isPresent() + ", cert=" + certPem.isPresent() + ", key=" + keyPem.isPresent()
          + ", token=" + token.isPresent() + "]";
    }
  }

  /** Whether the request carries {@code X-Clusterpedia-Forward: true}. */
  public static boolean asksToForward(io.cloudpedia.api.http.ApiRequest request) {
    return request.header(FORWARD).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
  }

  /**
   * Reads the proxy credential headers ({@code headers} names lower case).
   *
   * @throws ApiException 400 if a base64 header is not base64
   */

  public static Supplied credentials(Map<String, String> headers) {
    return new Supplied(
        pem(headers, "ca"), pem(headers, "client-cert"), pem(headers, "client-key"),
        Optional.ofNullable(headers.get(PREFIX + "token")).map(String::strip).filter(t -> !t.isEmpty()));
  }

  /** The headers that may go to the member cluster: without proxy credentials, hop-by-hop and restricted ones. */
  public static Map<String, String> outgoing(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!STRIPPED.contains(lower) && !lower.startsWith(PREFIX) && !lower.startsWith("x-amzn-")
          && !lower.startsWith("x-forwarded-")) {
        out.put(name, value);
      }
    });
    return out;
  }

  private static Optional<String> pem(Map<String, String> headers, String part) {
    String value = headers.get(PREFIX + part);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(Base64.getDecoder().decode(value.strip()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: leave it out.
      throw ApiException.badRequest("header X-Clusterpedia-Proxy-" + capitalised(part)
          + " is not valid standard base64 (it must hold the base64 of the PEM)");
    }
  }

  private static String capitalised(String part) {
    return part.equals("ca") ? "CA" : part.equals("client-cert") ? "Client-Cert" : "Client-Key";
  }
}
