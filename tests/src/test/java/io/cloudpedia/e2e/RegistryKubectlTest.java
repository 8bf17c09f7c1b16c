package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.registry.DynamoClusterRegistry;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.testing.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster registry through the real kubectl: PediaClusters applied, read and deleted at the API root, their
 * status computed from what agents report through the real pipeline (SQS, IngestFunction, DynamoDB on the AWS API
 * emulator).
 */
class RegistryKubectlTest {
  static final Duration SYNC = Duration.ofSeconds(90);
  static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");

  static Pipeline pipeline;
  static LocalApiServer server;
  static Kubectl kubectl;
  static String root;
  @TempDir static Path home;

  @BeforeAll
  static void start() throws Exception {
    pipeline = Pipeline.start("registry");
    Clock clock = Clock.systemUTC();
    KubeApi api = new KubeApi(pipeline.store,
        new ClusterDirectory(pipeline.syncState, clock, Duration.ofSeconds(1), ClusterDirectory.DEFAULT_STALE_AFTER),
        ContinueTokens.withRandomKey(ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
        Optional.of(Registries.api(new DynamoClusterRegistry(pipeline.aws.dynamoDb(), pipeline.tables.syncState()),
            pipeline.store, pipeline.syncState, Optional.empty(), clock)));
    server = LocalApiServer.start(api, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty());
    root = server.url().toString();
    kubectl = Kubectl.against(server.url(), home, List.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /** kubectl against the API root, where the registry is served. */
  static Kubectl.Result control(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--server";
    all[1] = root;
    System.arraycopy(args, 0, all, 2, args.length);
    return kubectl.run(all);
  }

  static Kubectl.Result apply(String yaml) throws Exception {
    Path file = Files.createTempFile(home, "object", ".yaml");
    Files.writeString(file, yaml);
    return control("apply", "-f", file.toString());
  }

  static String pediaCluster(String name, String... resources) {
    return "apiVersion: cluster.clusterpedia.io/v1alpha2\nkind: PediaCluster\nmetadata:\n  name: " + name
        + "\nspec:\n  syncResources:\n  - group: \"\"\n    resources: [" + String.join(", ", resources) + "]\n";
  }

  static String condition(String name, String type) {
    return control("get", "pediacluster", name, "-o",
        "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].status}").ok().out().trim();
  }

  @Test
  void appliedClusterTurnsReadyOnceItsAgentReports() throws Exception {
    assertThat(apply(pediaCluster("reg-a", "pods")).ok().out()).contains("pediacluster.cluster.clusterpedia.io/reg-a created");
    assertThat(apply(pediaCluster("reg-a", "pods")).ok().out()).contains("unchanged");
    Kubectl.Result list = control("get", "pediaclusters");
    assertThat(list.ok().lines().get(0)).contains("NAME").contains("READY").contains("VERSION").contains("APISERVER");
    assertThat(list.out()).contains("reg-a");
    assertThat(condition("reg-a", "Ready")).isEqualTo("False");
    assertThat(control("get", "pediaclusters", "-o", "wide").ok().lines().get(0))
        .contains("VALIDATED").contains("SYNCHRORUNNING").contains("CLUSTERHEALTHY");

    try (MockCluster member = new MockCluster()) {
      Churn.createPod(member.client(), "default", "a-1", "web");
      SyncAgent agent = pipeline.startAgent("reg-a", member.server().createClient(), SyncResource.of("", "pods"));
      Pipeline.awaitSyncedAndWatching(agent, SYNC);
      Eventually.until(SYNC, "reg-a Ready", () -> condition("reg-a", "Ready").equals("True"));
      String yaml = control("get", "pediacluster", "reg-a", "-o", "yaml").ok().out();
      assertThat(yaml).contains("version: v1.32.1").contains("initialListPhase: false").contains("name: pods");
    }
  }

  @Test
  void changingThePediaClustersTypesReconfiguresItsRunningAgent() throws Exception {
    GroupVersionResource configMaps = GroupVersionResource.parse("v1/configmaps");
    try (MockCluster member = new MockCluster()) {
      Churn.createPod(member.client(), "default", "live-1", "web");
      Churn.createPod(member.client(), "default", "live-2", "web");
      Churn.createConfigMap(member.client(), "default", "settings", java.util.Map.of("k", "v"));
      apply(pediaCluster("reg-live", "pods")).ok();
      SyncAgent agent = pipeline.startAgent("reg-live", member.server().createClient(), SyncResource.of("", "pods"));
      Pipeline.awaitSyncedAndWatching(agent, SYNC);
      agent.watchRegistry(new io.cloudpedia.agent.config.RegistryConfig(java.net.URI.create(root), Optional.empty(),
          false, Optional.empty(), Duration.ofSeconds(1)));
      Eventually.until(SYNC, "pods stored", () -> pipeline.stored("reg-live", PODS).size() == 2);

      apply(pediaCluster("reg-live", "pods", "configmaps")).ok();
      Eventually.until(SYNC, "the added type synced", () -> pipeline.stored("reg-live", configMaps).size() == 1);

      apply(pediaCluster("reg-live", "configmaps")).ok();
      Eventually.until(SYNC, "the removed type's objects deleted", () -> pipeline.stored("reg-live", PODS).isEmpty());
      assertThat(pipeline.stored("reg-live", configMaps)).containsOnlyKeys("default/settings");
    }
  }

  @Test
  void initialListPhaseIsTrueUntilTheFirstListIsStored() throws Exception {
    apply(pediaCluster("reg-phase", "pods")).ok();
    String agentId = "reg-phase-0a1b2c";
    String relistId = agentId + "/v1/pods/1";
    send("reg-phase", agentId, "{\"op\":\"status\",\"observedAt\":\"" + java.time.Instant.now() + "\","
        + "\"clusterVersion\":\"v1.31.0\",\"healthy\":true,\"message\":\"\",\"resources\":[{\"gvr\":\"v1/pods\","
        + "\"kind\":\"Pod\",\"namespaced\":true,\"status\":\"Syncing\",\"reason\":\"\",\"message\":\"\","
        + "\"initialListPhase\":true,\"objects\":0,\"truncated\":0}]}",
        "{\"op\":\"relistBegin\",\"gvr\":\"v1/pods\",\"relistId\":\"" + relistId + "\",\"reason\":\"Initial\"}");
    Eventually.until(SYNC, "the agent's status is ingested",
        () -> control("get", "pediacluster", "reg-phase", "-o", "yaml").ok().out().contains("initialListPhase: true"));

    send("reg-phase", agentId, "{\"op\":\"relistEnd\",\"gvr\":\"v1/pods\",\"relistId\":\"" + relistId + "\","
        + "\"resourceVersion\":\"10\",\"count\":0,\"part\":0,\"parts\":1,\"keysGzip\":\"" + gzipBase64("") + "\"}");
    Eventually.until(SYNC, "the first list is stored",
        () -> control("get", "pediacluster", "reg-phase", "-o", "yaml").ok().out().contains("initialListPhase: false"));
  }

  @Test
  void deletingAClusterLeavesNothingOfItStored() throws Exception {
    try (MockCluster member = new MockCluster()) {
      for (int i = 0; i < 30; i++) {
        Churn.createPod(member.client(), "ns-" + (i % 3), "d-" + i, "web");
      }
      apply(pediaCluster("reg-del", "pods")).ok();
      SyncAgent agent = pipeline.startAgent("reg-del", member.server().createClient(), SyncResource.of("", "pods"));
      Pipeline.awaitSyncedAndWatching(agent, SYNC);
      Eventually.until(SYNC, "pods stored", () -> pipeline.stored("reg-del", PODS).size() == 30);
      // Like Clusterpedia, whoever deletes a cluster stops syncing it first.
      agent.close();
    }
    Kubectl.Result deleted = control("delete", "pediacluster", "reg-del");
    assertThat(deleted.ok().out()).contains("pediacluster.cluster.clusterpedia.io \"reg-del\" deleted");
    assertThat(pipeline.stored("reg-del", PODS)).isEmpty();
    assertThat(pipeline.syncState.clusters()).doesNotContain("reg-del");
    assertThat(control("get", "pediacluster", "reg-del").err()).contains("NotFound");
    assertThat(kubectl.run("get", "pods", "-A", "-l", "search.clusterpedia.io/clusters=reg-del").out())
        .doesNotContain("d-");
  }

  @Test
  void invalidObjectsAreRefusedWithFieldPaths() throws Exception {
    Kubectl.Result r = apply("apiVersion: cluster.clusterpedia.io/v1alpha2\nkind: PediaCluster\nmetadata:\n"
        + "  name: Bad_Name\nspec:\n  apiserver: ftp://nowhere\n  syncResources:\n  - group: \"\"\n    resources: []\n");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("is invalid").contains("metadata.name").contains("spec.apiserver")
        .contains("spec.syncResources[0].resources");
  }

  private static void send(String cluster, String agent, String... deltas) {
    String body = "{\"format\":\"cloudpedia.io/v1\",\"cluster\":\"" + cluster + "\",\"agent\":\"" + agent
        + "\",\"sentAt\":\"" + java.time.Instant.now() + "\",\"deltas\":[" + String.join(",", deltas) + "]}";
    pipeline.aws.sqs().sendMessage(b -> b.queueUrl(pipeline.queue.queueUrl()).messageBody(body));
  }

  private static String gzipBase64(String text) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
