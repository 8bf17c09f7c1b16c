package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.access.AccessControl;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.forward.TestPki;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.auth.Authenticator;
import io.cloudpedia.auth.StaticTokens;
import io.cloudpedia.auth.policy.PolicySource;
import io.cloudpedia.auth.source.SecretsManagerDocumentSource;
import io.cloudpedia.aws.AwsClients;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.registry.credentials.CapturedLogs;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against an API that authenticates bearer tokens (SHA-256 hashes in Secrets Manager, on the AWS API
 * emulator) and authorizes with a policy file: valid, missing, wrong and revoked tokens; a principal scoped to one
 * cluster and namespace sees only those pods across three clusters, is refused a pod elsewhere and a PediaCluster
 * change; no token appears in any log line or output.
 */
class AuthorizationKubectlTest {
  static final String ADMIN_TOKEN = "adm-7e1c9a3f5b2d4e6a8c0b";
  static final String READER_TOKEN = "rdr-2b4d6f8a0c1e3a5c7e9b";
  static final String REVOKED_TOKEN = "rvk-9f7d5b3a1c8e6a4c2e0b";
  static final List<String> CLUSTERS = List.of("c1", "c2", "c3");

  static final Optional<String> CA = Optional.of(TestPki.CA);

  @TempDir Path home;

  @Test
  void tokensAuthenticateAndThePolicyScopesWhatEachPrincipalSees() throws Exception {
    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    String secret = aws.uniqueName("auth-tokens");
    aws.secretsManager().createSecret(b -> b.name(secret).secretString(table(Map.of(ADMIN_TOKEN, "admin",
        READER_TOKEN, "team-a-reader", REVOKED_TOKEN, "leaver"))));
    Path policy = home.resolve("policy.yaml");
    Files.writeString(policy, """
        rules:
          - principals: [admin]
            clusters: ["*"]
            namespaces: ["*"]
            resources: ["*"]
            actions: [read, admin]
          - principals: [team-a-reader, leaver]
            clusters: [c1]
            namespaces: [team-a]
            resources: [core/pods, core/events]
            actions: [read]
        """);

    Clock clock = Clock.systemUTC();
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    Seeder seed = new Seeder(store, syncState);
    for (String c : CLUSTERS) {
      seed.standardCluster(c);
      for (String ns : List.of("team-a", "team-b")) {
        seed.putPod(c, ns, "pod-" + ns, Map.of("app", "web"));
      }
    }
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO,
        ClusterDirectory.DEFAULT_STALE_AFTER), ContinueTokens.withRandomKey(ContinueTokens.DEFAULT_TTL, clock),
        ApiConfig.DEFAULTS, clock, Optional.of(Registries.api(new InMemoryClusterRegistry(), store, syncState,
        Optional.empty(), clock)));
    api.withAccessControl(AccessControl.of(PolicySource.Settings.from(Map.of("AUTH_POLICY_FILE", policy.toString()))
        .orElseThrow().open(AwsClients.defaults(), clock)));
    // The token table is re-read every second, so a revocation shows within the test.
    Authenticator authenticator = new Authenticator(Optional.of(StaticTokens.load(
        new SecretsManagerDocumentSource(aws.secretsManager(), secret), Duration.ofSeconds(1), clock)),
        Optional.empty());

    List<String> outputs = new ArrayList<>();
    try (CapturedLogs logs = CapturedLogs.start();
        LocalApiServer server = LocalApiServer.serve(api, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional.of(TestPki.serverContext()), Optional.of(authenticator::authenticate))) {
      Kubectl admin =
          Kubectl.against(server.url(), home.resolve("admin"), CLUSTERS, Optional.of(ADMIN_TOKEN), CA);
      Kubectl.Result all = admin.run("get", "pods", "-A", "--no-headers").ok();
      outputs.add(all.out());
      assertThat(all.lines()).hasSize(6);

      // No token: 401 with a Status, as a Kubernetes apiserver answers (kubectl itself, given no credentials for an
      // HTTPS server, prompts for a username before sending anything).
      java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newBuilder()
          .sslContext(TestPki.clientContext()).build().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(server.url() + Kubectl.RESOURCES + "/api/v1/pods")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).contains("\"reason\":\"Unauthorized\"");
      // A wrong token: kubectl says so.
      Kubectl.Result refused = Kubectl.against(server.url(), home.resolve("wrong"), CLUSTERS,
          Optional.of("not-a-token"), CA).run("get", "pods", "-A");
      outputs.add(refused.err());
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("error: You must be logged in to the server");

      // The scoped reader: only c1/team-a across the three clusters.
      Kubectl reader =
          Kubectl.against(server.url(), home.resolve("reader"), CLUSTERS, Optional.of(READER_TOKEN), CA);
      Kubectl.Result mine = reader.run("get", "pods", "-A", "--no-headers").ok();
      outputs.add(mine.out());
      assertThat(mine.lines()).hasSize(1);
      assertThat(mine.lines().get(0).split("\\s+")).startsWith("team-a", "c1", "pod-team-a");
      Kubectl.Result other = reader.run("--cluster", "c1", "get", "pod", "-n", "team-b", "pod-team-b");
      outputs.add(other.err());
      assertThat(other.exitCode()).isNotZero();
      assertThat(other.err()).contains("Error from server (Forbidden)").contains("team-a-reader")
          .contains("team-b");
      // Types it can see nothing of are not served to it.
      Kubectl.Result nodes = reader.run("get", "nodes");
      assertThat(nodes.exitCode()).isNotZero();
      assertThat(nodes.err()).contains("the server doesn't have a resource type \"nodes\"");

      Path cluster = home.resolve("pc.yaml");
      Files.writeString(cluster, "apiVersion: cluster.clusterpedia.io/v1alpha2\nkind: PediaCluster\nmetadata:\n"
          + "  name: c4\nspec:\n  apiserver: https://10.0.0.4:6443\n  syncResources: []\n");
      String root = server.url().toString();
      Kubectl.Result apply = reader.run("--server", root, "apply", "-f", cluster.toString());
      outputs.add(apply.err());
      assertThat(apply.exitCode()).isNotZero();
      assertThat(apply.err()).contains("Forbidden");
      assertThat(admin.run("--server", root, "apply", "-f", cluster.toString()).ok().out())
          .contains("pediacluster.cluster.clusterpedia.io/c4 created");

      // A revoked token stops working once the table is re-read.
      Kubectl leaver =
          Kubectl.against(server.url(), home.resolve("leaver"), CLUSTERS, Optional.of(REVOKED_TOKEN), CA);
      assertThat(leaver.run("get", "pods", "-A", "--no-headers").ok().lines()).hasSize(1);
      aws.secretsManager().putSecretValue(b -> b.secretId(secret).secretString(table(Map.of(ADMIN_TOKEN, "admin",
          READER_TOKEN, "team-a-reader"))));
      Eventually.until(Duration.ofSeconds(20), "the revoked token refused",
          () -> leaver.run("get", "pods", "-A").err().contains("You must be logged in to the server"));

      String everything = String.join("\n", outputs) + "\n" + String.join("\n", logs.lines());
      for (String token : List.of(ADMIN_TOKEN, READER_TOKEN, REVOKED_TOKEN)) {
        assertThat(everything).as("a token in an output or a log line").doesNotContain(token);
      }
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String table(Map<String, String> tokenToPrincipal) {
    StringBuilder json = new StringBuilder("{\"tokens\":[");
    String sep = "";
    for (Map.Entry<String, String> e : tokenToPrincipal.entrySet()) {
      json.append(sep).append("{\"principal\":\"").append(e.getValue()).append("\",\"sha256\":\"")
          .append(sha256(e.getKey())).append("\"}");
      sep = ",";
    }
    return json.append("]}").toString();
  }
}
