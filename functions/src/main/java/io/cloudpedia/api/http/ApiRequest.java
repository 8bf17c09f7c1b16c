package io.cloudpedia.api.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the API sees it, whoever carried it (API Gateway, the local server, a test).
 *
 * @param method upper case, e.g. {@code GET}
 * @param path the URL path, percent-decoded
 * @param query the URL query, decoded, each parameter with all its values in order
 * @param headers header names lower case; several values of one header joined by {@code ", "}
 * @param requestId an id that identifies this request in the logs
 * @param body the request body, empty for none
 * @param principal who sent it, as the carrier authenticated them (empty: not authenticated)
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    String requestId,
    byte[] body,
    Optional<String> principal) {

  /** Bodies larger than this are refused (413) before anything reads them: registry objects are small. */
  public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  public ApiRequest {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    TreeMap<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + ", " + b));
    headers = Map.copyOf(lower);
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(principal, "principal");
  }

  /** A request not (yet) authenticated. */
  public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
      String requestId, byte[] body) {
    this(method, path, query, headers, requestId, body, Optional.empty());
  }

  /** This request as sent by {@code principal}. */
  public ApiRequest withPrincipal(String principal) {
    return new ApiRequest(method, path, query, headers, requestId, body, Optional.of(principal));
  }

  /** A request without a body. */
  public ApiRequest(
      String method, String path, Map<String, List<String>> query, Map<String, String> headers, String requestId) {
    this(method, path, query, headers, requestId, new byte[0]);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The single value of a query parameter; the first if given several times. */
  public Optional<String> queryValue(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public boolean acceptsGzip() {
    return header("accept-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
  }
}
