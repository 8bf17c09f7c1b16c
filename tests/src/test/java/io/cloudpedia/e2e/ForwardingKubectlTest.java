package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.forward.ForwardSettings;
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
 * The real kubectl against member clusters that, as apiservers do, serve HTTPS and refuse requests without their token
 * ({@link MockCluster#secured}): through a kubeconfig cluster entry ending in {@code /clusters/fw-1/proxy}, every
 * request goes on to the member with the PediaCluster's own token (allowed by the setting), none with kubectl's; and
 * through the search entries, {@code kubectl logs} and the forward label.
 */
class ForwardingKubectlTest {
  static final String TOKEN = "member-token-3e9a7c";

  @TempDir Path home;

  @Test
  void aProxyEntryReachesTheMemberClusterWithItsCredentials() throws Exception {
    try (MockCluster member = MockCluster.secured(TOKEN, null)) {
      Churn.createPod(member.client(), "default", "pod-a", "x");
      member.server().expect().get()
          .withPath("/api/v1/namespaces/default/pods/pod-a/log?container=main")
          .andReturn(200, "hello from pod-a\n").always();

      InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
      registry.create(RegistryKind.PEDIA_CLUSTER, pediaCluster("fw-1", member, TOKEN));
      Clock clock = Clock.systemUTC();
      InMemoryResourceStore store = new InMemoryResourceStore();
      InMemorySyncStateStore syncState = new InMemorySyncStateStore();
      ForwardSettings settings = ForwardSettings.from(Map.of("ENABLE_PROXY_PATH", "true",
          "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "true"));
      CredentialResolver resolver = new CredentialResolver(new MapSecretSource());
      KubeApi api = new KubeApi(store, new ClusterDirectory(syncState), ContinueTokens.withRandomKey(
          ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
          Optional.of(Registries.api(registry, store, syncState, Optional.of(resolver), clock)));
      api.withForwarding(Forwarding.over(settings, registry, resolver, ApiConfig.DEFAULTS.pageByteBudget()));
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

  @Test
  void logsAndTheForwardLabelThroughTheSearchEntryUseTheClustersToken() throws Exception {
    try (Pipeline pipeline = Pipeline.start("forwarding"); MockCluster member = MockCluster.secured(TOKEN, null)) {
      Churn.createPod(member.client(), "default", "pod-a", "x");
      Churn.createPod(member.client(), "default", "pod-b", "y");
      member.server().expect().get().withPath("/api/v1/namespaces/default/pods/pod-a/log?container=main")
          .andReturn(200, "hello from pod-a\n").always();
      io.cloudpedia.agent.SyncAgent agent = pipeline.startAgent("fw-2",
          member.server().createClient(b -> b.editOrNewConfig().withOauthToken(TOKEN).endConfig()),
          io.cloudpedia.agent.config.SyncResource.of("", "pods"));
      Pipeline.awaitSyncedAndWatching(agent, Duration.ofSeconds(90));
      io.cloudpedia.testing.Eventually.until(Duration.ofSeconds(90), "pods stored",
          () -> pipeline.stored("fw-2", io.cloudpedia.store.GroupVersionResource.parse("v1/pods")).size() == 2);

      InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
      registry.create(RegistryKind.PEDIA_CLUSTER, pediaCluster("fw-2", member, TOKEN));
      Clock clock = Clock.systemUTC();
      ForwardSettings settings = ForwardSettings.from(Map.of("ALLOWED_PROXY_SUBRESOURCES", "pods/log",
          "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "true"));
      CredentialResolver resolver = new CredentialResolver(new MapSecretSource());
      KubeApi api = new KubeApi(pipeline.store,
          new ClusterDirectory(pipeline.syncState, clock, Duration.ofSeconds(1), ClusterDirectory.DEFAULT_STALE_AFTER),
          ContinueTokens.withRandomKey(ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
          Optional.of(Registries.api(registry, pipeline.store, pipeline.syncState, Optional.of(resolver), clock)));
      api.withForwarding(Forwarding.over(settings, registry, resolver, ApiConfig.DEFAULTS.pageByteBudget()));
      try (io.cloudpedia.registry.credentials.CapturedLogs logs = io.cloudpedia.registry.credentials.CapturedLogs.start();
          LocalApiServer local = LocalApiServer.start(api, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          Optional.empty())) {
        Kubectl.Raw kubectl = Kubectl.Raw.withoutRequestTimeout(home,
            Kubectl.against(local.url(), home.resolve("search"), List.of("fw-2")).kubeconfigPath());

        assertThat(kubectl.run("--cluster", "fw-2", "logs", "pod-a", "-n", "default").ok().out())
            .isEqualTo("hello from pod-a\n");
        assertThat(kubectl.run("--cluster", "fw-2", "get", "pods", "-n", "default", "-l",
            "search.clusterpedia.io/forward,app=x", "-o", "name").ok().lines()).containsExactly("pod/pod-a");
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest r = member.server().takeRequest(200, TimeUnit.MILLISECONDS); r != null;
            r = member.server().takeRequest(200, TimeUnit.MILLISECONDS)) {
          requests.add(r);
        }
        RecordedRequest list = requests.stream().filter(r -> r.getPath().startsWith("/api/v1/namespaces/default/pods?"))
            .reduce((a, b) -> b).orElseThrow();
        assertThat(java.net.URLDecoder.decode(list.getPath(), StandardCharsets.UTF_8)).contains("labelSelector=app=x")
            .doesNotContain("clusterpedia");

        // A wrong token is refused by the member cluster, and its answer comes back unchanged.
        var stored = registry.get(RegistryKind.PEDIA_CLUSTER, "fw-2").orElseThrow();
        ObjectNode wrong = pediaCluster("fw-2", member, "not-the-token");
        ((ObjectNode) wrong.get("metadata")).put("resourceVersion", Long.toString(stored.resourceVersion()));
        registry.update(RegistryKind.PEDIA_CLUSTER, wrong);
        Kubectl.Result refused = kubectl.run("--cluster", "fw-2", "logs", "pod-a", "-n", "default");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("Unauthorized").doesNotContain("not-the-token").doesNotContain(TOKEN);
        // Without pods/log allowed, kubectl says what to enable.
        KubeApi noLogs = new KubeApi(pipeline.store, new ClusterDirectory(pipeline.syncState), ContinueTokens
            .withRandomKey(ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock, Optional.empty());
        noLogs.withForwarding(Forwarding.over(ForwardSettings.from(Map.of(
            "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "true")), registry, resolver, 1 << 20));
        try (LocalApiServer other = LocalApiServer.start(noLogs, new InetSocketAddress(InetAddress.getLoopbackAddress(),
            0), Optional.empty())) {
          Kubectl.Result notAllowed = Kubectl.Raw.withoutRequestTimeout(home.resolve("other"),
              Kubectl.against(other.url(), home.resolve("other"), List.of("fw-2")).kubeconfigPath())
              .run("--cluster", "fw-2", "logs", "pod-a", "-n", "default");
          assertThat(notAllowed.exitCode()).isNotZero();
          assertThat(notAllowed.err()).contains("Error from server (NotFound): pods/log is not served from the index:"
              + " it is forwarded to the member cluster when ALLOWED_PROXY_SUBRESOURCES lists it");
        }
        // The forwarding was logged, the credentials were not.
        assertThat(logs.lines()).anyMatch(l -> l.contains("forward to fw-2"))
            .noneMatch(l -> l.contains(TOKEN) || l.contains("not-the-token"));
      }
    }
  }

  /** A PediaCluster for {@code member} with its CA and {@code token}. */
  static ObjectNode pediaCluster(String name, MockCluster member, String token) throws Exception {
    return (ObjectNode) Json.mapper().readTree(
        "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\",\"metadata\":"
            + "{\"name\":\"" + name + "\"},\"spec\":{\"apiserver\":\"" + member.url() + "\",\"caData\":\""
            + Base64.getEncoder().encodeToString(member.caPem().getBytes(StandardCharsets.UTF_8)) + "\",\"tokenData\":\""
            + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
            + "\",\"syncResources\":[]}}");
  }

}
