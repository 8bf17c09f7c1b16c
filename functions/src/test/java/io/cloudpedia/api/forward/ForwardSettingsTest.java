package io.cloudpedia.api.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardSettingsTest {

  @Test
  void everythingIsOffByDefault() {
    ForwardSettings settings = ForwardSettings.from(Map.of());
    assertThat(settings.allowedSubresources()).isEmpty();
    assertThat(settings.proxyPath()).isFalse();
    assertThat(settings.allowUnsynced()).isFalse();
    assertThat(settings.pediaClusterCredentials()).isFalse();
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(settings.followFor()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void readsPairsBareSubresourcesAndFlags() {
    ForwardSettings settings = ForwardSettings.from(Map.of(
        ForwardSettings.ALLOWED_PROXY_SUBRESOURCES, " pods/log , proxy,exec",
        ForwardSettings.ENABLE_PROXY_PATH, "true",
        ForwardSettings.ALLOW_FORWARD_UNSYNCED, "TRUE",
        ForwardSettings.ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY, "1",
        ForwardSettings.FORWARD_LOG_FOLLOW_SECONDS, "5"));
    assertThat(settings.allowedSubresources())
        .containsExactlyInAnyOrder("pods/log", "pods/proxy", "services/proxy", "nodes/proxy", "pods/exec");
    assertThat(settings.allows("pods", "log")).isTrue();
    assertThat(settings.allows("services", "log")).isFalse();
    assertThat(settings.proxyPath()).isTrue();
    assertThat(settings.allowUnsynced()).isTrue();
    assertThat(settings.pediaClusterCredentials()).isTrue();
    assertThat(settings.followFor()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void oldSpellingPortfowrdIsPortforward() {
    assertThat(ForwardSettings.subresources("pods/portfowrd")).containsExactly("pods/portforward");
    assertThat(ForwardSettings.subresources("portfowrd")).containsExactly("pods/portforward");
  }

  @Test
  void unsupportedSubresourceIsRefusedNamingIt() {
    assertThatThrownBy(() -> ForwardSettings.from(Map.of(ForwardSettings.ALLOWED_PROXY_SUBRESOURCES, "pods/log,pods/*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ForwardSettings.ALLOWED_PROXY_SUBRESOURCES)
        .hasMessageContaining("'pods/*'");
    assertThatThrownBy(() -> ForwardSettings.subresources("deployments/log"))
        .hasMessageContaining("'deployments/log'");
    assertThatThrownBy(() -> ForwardSettings.subresources("status")).hasMessageContaining("'status'");
  }

  @Test
  void theFunctionConfigReadsThemAndStopsOnAnUnsupportedSubresource() {
    Map<String, String> env = new java.util.HashMap<>(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
        "CONTINUE_TOKEN_KEY", "0123456789abcdef0123456789abcdef", ForwardSettings.ALLOWED_PROXY_SUBRESOURCES,
        "pods/log"));
    assertThat(io.cloudpedia.api.ApiFunctionConfig.from(env).forward().allowedSubresources())
        .containsExactly("pods/log");
    env.put(ForwardSettings.ALLOWED_PROXY_SUBRESOURCES, "pods/status");
    assertThatThrownBy(() -> io.cloudpedia.api.ApiFunctionConfig.from(env))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pods/status'");
  }

  @Test
  void malformedFlagIsRefused() {
    assertThatThrownBy(() -> ForwardSettings.from(Map.of(ForwardSettings.ENABLE_PROXY_PATH, "yes please")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ForwardSettings.ENABLE_PROXY_PATH);
  }
}
