package io.cloudpedia.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Requests as a carrier builds them ({@code path?query}, decoded as the carriers decode), and JSON answers. */
public final class TestRequests {
  private TestRequests() {}

  /** {@code method pathAndQuery} with {@code headers} given as name, value, name, value, ... */
  public static ApiRequest request(String method, String pathAndQuery, String... headers) {
    return request(method, pathAndQuery, new byte[0], headers);
  }

  public static ApiRequest request(String method, String pathAndQuery, byte[] body, String... headers) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return new ApiRequest(method, QueryStrings.decodePath(path), QueryStrings.parse(query), h, "req-1", body);
  }

  public static JsonNode json(ApiResponse response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
    }
  }
}
