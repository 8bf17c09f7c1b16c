package io.cloudpedia.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response of the API: status code, headers and the whole body. Carriers (API Gateway, the local server)
 * add transport concerns such as compression.
 *
 * @param headers header name to values (a name may repeat, e.g. {@code Warning})
 */
public record ApiResponse(int code, Map<String, List<String>> headers, byte[] body) {
  public static final String JSON = "application/json";

  public ApiResponse {
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
    Objects.requireNonNull(body, "body");
  }

  public static ApiResponse json(int code, byte[] body) {
    return new ApiResponse(code, Map.of("Content-Type", List.of(JSON)), body);
  }

  public static ApiResponse of(int code, String contentType, byte[] body, List<String> warnings) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(contentType));
    if (!warnings.isEmpty()) {
      headers.put("Warning", warnings);
    }
    return new ApiResponse(code, headers, body);
  }

  public String contentType() {
    List<String> values = headers.get("Content-Type");
    return values == null || values.isEmpty() ? JSON : values.get(0);
  }
}
