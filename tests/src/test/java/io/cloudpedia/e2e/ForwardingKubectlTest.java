package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.forward.ForwardSettings;
import io.cloudpedia.api.forward.ForwardTargets;
import io.cloudpedia.api.forward.Forwarder;
import io.cloudpedia.api.forward.Forwarding;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.MapSecretSource;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl through a kubeconfig cluster entry ending in {@code /clusters/fw-1/proxy}: every request goes on to
 * the member cluster (a fabric8 mock) with the PediaCluster's own token (allowed by the setting), none with kubectl's.
 */
class ForwardingKubectlTest {
  static final String TOKEN = "member-token-3e9a7c";

  @TempDir Path home;

  @Test
  void aProxyEntryReachesTheMemberClusterWithItsCredentials() throws Exception {
    try (MockCluster member = new MockCluster()) {
      Churn.createPod(member.client(), "default", "pod-a", "x");
      member.server().expect().get().withPath("/api")
          .andReturn(200, new APIVersionsBuilder().withVersions("v1").build()).always();
      member.server().expect().get()
          .withPath("/api/v1/namespaces/default/pods/pod-a/log?container=main")
          .andReturn(200, "hello from pod-a\n").always();
      // fabric8's mock matches scripted paths with their query, and kubectl's discovery adds ?timeout=32s: script
      // the same documents under that query too.
      var http = java.net.http.HttpClient.newHttpClient();
      for (String path : List.of("/api", "/api/v1", "/apis", "/apis/apps/v1")) {
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(member.server().url(path)))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        member.server().expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
      }

      InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
      String server = member.server().url("/").replaceAll("/$", "");
      registry.create(RegistryKind.PEDIA_CLUSTER, (ObjectNode) Json.mapper().readTree(
          "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\",\"metadata\":"
              + "{\"name\":\"fw-1\"},\"spec\":{\"apiserver\":\"" + server + "\",\"tokenData\":\""
              + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8))
              + "\",\"syncResources\":[]}}"));
      Clock clock = Clock.systemUTC();
      InMemoryResourceStore store = new InMemoryResourceStore();
      InMemorySyncStateStore syncState = new InMemorySyncStateStore();
      ForwardSettings settings = ForwardSettings.from(Map.of("ENABLE_PROXY_PATH", "true",
          "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "true"));
      CredentialResolver resolver = new CredentialResolver(new MapSecretSource());
      KubeApi api = new KubeApi(store, new ClusterDirectory(syncState), ContinueTokens.withRandomKey(
          ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
          Optional.of(Registries.api(registry, store, syncState, Optional.of(resolver), clock)));
      api.withForwarding(new Forwarding(settings, new Forwarder(settings.timeout(), settings.followFor(),
          ApiConfig.DEFAULTS.pageByteBudget()), ForwardTargets.from(registry, resolver), resolver));
      try (LocalApiServer local = LocalApiServer.start(api, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          Optional.empty())) {
        Path kubeconfig = home.resolve("proxy-kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: fw-1\n  cluster:\n    server: "
            + local.url() + Kubectl.RESOURCES + "/clusters/fw-1/proxy\nusers:\n- name: me\n  user:\n    token: "
            + "kubectl-token\ncontexts:\n- name: fw-1\n  context:\n    cluster: fw-1\n    user: me\n"
            + "current-context: fw-1\n");
        Kubectl.Raw kubectl = Kubectl.Raw.withoutRequestTimeout(home, kubeconfig);

        assertThat(kubectl.run("get", "pods", "-n", "default", "-o", "name").ok().lines()).containsExactly("pod/pod-a");
        assertThat(kubectl.run("logs", "pod-a", "-n", "default").ok().out()).isEqualTo("hello from pod-a\n");

        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest r = member.server().takeRequest(200, TimeUnit.MILLISECONDS); r != null;
            r = member.server().takeRequest(200, TimeUnit.MILLISECONDS)) {
          requests.add(r);
        }
        List<RecordedRequest> forwarded = requests.stream()
            .filter(r -> r.getPath().contains("/pods")).filter(r -> r.getMethod().equals("GET")).toList();
        assertThat(forwarded).isNotEmpty().allSatisfy(r ->
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));

        // Forwarding needs a cluster in the path.
        Kubectl.Result noCluster = new Kubectl.Raw(home, Kubectl.against(local.url(), home.resolve("k2"), List.of())
            .kubeconfigPath()).run("get", "--raw",
            Kubectl.RESOURCES + "/api/v1/pods?labelSelector=search.clusterpedia.io%2Fforward");
        assertThat(noCluster.err()).contains("please specify the cluster name");
      }
    }
  }
}
