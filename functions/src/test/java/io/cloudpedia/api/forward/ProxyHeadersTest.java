package io.cloudpedia.api.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.api.status.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {
  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesBase64PemHeadersAndTakesTheTokenRaw() {
    ProxyHeaders.Supplied supplied = ProxyHeaders.credentials(Map.of(
        "x-clusterpedia-proxy-ca", b64("CA PEM"),
        "x-clusterpedia-proxy-client-cert", b64("CERT PEM"),
        "x-clusterpedia-proxy-client-key", b64("KEY PEM"),
        "x-clusterpedia-proxy-token", "raw-token"));
    assertThat(supplied.caPem()).contains("CA PEM");
    assertThat(supplied.certPem()).contains("CERT PEM");
    assertThat(supplied.keyPem()).contains("KEY PEM");
    assertThat(supplied.token()).contains("raw-token");
    assertThat(supplied.toString()).doesNotContain("raw-token").doesNotContain("PEM");
  }

  @Test
  void noHeadersMeansNoCredentials() {
    assertThat(ProxyHeaders.credentials(Map.of("accept", "application/json")).any()).isFalse();
  }

  @Test
  void badBase64IsBadRequestWithoutTheValue() {
    assertThatThrownBy(() -> ProxyHeaders.credentials(Map.of("x-clusterpedia-proxy-client-key", "not*base64!")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).contains("X-Clusterpedia-Proxy-Client-Key").doesNotContain("not*base64");
        });
  }

  @Test
  void proxyCredentialsAuthorizationAndHopByHopHeadersAreStripped() {
    Map<String, String> out = ProxyHeaders.outgoing(Map.of(
        "x-clusterpedia-proxy-token", "t",
        "x-clusterpedia-proxy-anything", "x",
        "x-clusterpedia-forward", "true",
        "authorization", "Bearer caller",
        "connection", "keep-alive",
        "upgrade", "SPDY/3.1",
        "transfer-encoding", "chunked",
        "host", "api.example.com",
        "accept", "application/json",
        "user-agent", "kubectl"));
    assertThat(out).containsOnlyKeys("accept", "user-agent");
  }
}
