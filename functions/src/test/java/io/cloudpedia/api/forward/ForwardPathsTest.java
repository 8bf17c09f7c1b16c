package io.cloudpedia.api.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.api.status.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardPathsTest {
  static final String C = "/apis/clusterpedia.io/v1beta1/resources/clusters/";

  @Test
  void proxyPathGivesTheClusterAndTheRest() {
    assertThat(ForwardPaths.proxyPath(C + "c1/proxy/api/v1/pods"))
        .contains(new ForwardPaths.ProxyPath("c1", "/api/v1/pods"));
    assertThat(ForwardPaths.proxyPath(C + "c1/proxy")).contains(new ForwardPaths.ProxyPath("c1", "/"));
    assertThat(ForwardPaths.proxyPath(C + "c1/api/v1/pods")).isEmpty();
    assertThat(ForwardPaths.proxyPath(C + "c1/proxyx/api")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/../../etc", "/api/v1/..", "/./api", "/api/v1%2F..%2Fx", "/api/v1%2fx",
      "/api\\v1", "/api/%2e%2e/x"})
  void pathsThatEscapeAreRefused(String path) {
    assertThatThrownBy(() -> ForwardPaths.requireSafe(path))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void ordinaryPathsAreKept() {
    assertThat(ForwardPaths.requireSafe("/api/v1/namespaces/default/pods/p..q/log"))
        .isEqualTo("/api/v1/namespaces/default/pods/p..q/log");
  }

  @Test
  void forwardLabelIsRemovedKeepingSetRequirements() {
    assertThat(ForwardPaths.withoutForwardLabel("app in (a,b),search.clusterpedia.io/forward,tier!=db"))
        .contains("app in (a,b),tier!=db");
    assertThat(ForwardPaths.withoutForwardLabel("search.clusterpedia.io/forward=true,app=x")).contains("app=x");
    assertThat(ForwardPaths.withoutForwardLabel("search.clusterpedia.io/forward")).contains("");
  }

  @Test
  void selectorWithoutTheForwardLabelIsNotForwarded() {
    assertThat(ForwardPaths.withoutForwardLabel("app=x")).isEmpty();
    assertThat(ForwardPaths.withoutForwardLabel("search.clusterpedia.io/forwarded=1")).isEmpty();
  }

  @Test
  void segmentsAreEncoded() {
    assertThat(ForwardPaths.encodePath("/api/v1/a b/ü")).isEqualTo("/api/v1/a%20b/%C3%BC");
  }
}
