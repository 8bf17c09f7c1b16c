package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudpedia local} as users run it: a separate process over two mock member clusters named by a kubeconfig,
 * then the real kubectl with the kubeconfig it wrote. Once with the embedded store, once through SQS and DynamoDB on
 * the AWS API emulator.
 */
class LocalModeTest {
  static final Duration START = Duration.ofSeconds(120);

  @TempDir Path home;

  @Test
  void embeddedLocalModeServesBothClustersToKubectl() throws Exception {
    run(Map.of());
  }

  @Test
  void localModeOverSqsAndDynamoDbServesBothClustersToKubectl() throws Exception {
    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    run(aws.environment(), "--aws-endpoint", aws.endpoint().toString(), "--aws-region", aws.region().id(),
        "--aws-prefix", aws.uniqueName("local"));
  }

  @Test
  void theReadmesFirstCommandThenThePrintedKubectlCommandListsDemoPods() throws Exception {
    // The README's command, from the checkout's root, with a port of its own so that tests can run side by side.
    Path script = Path.of("..", "cloudpedia").toAbsolutePath().normalize();
    try (LocalProcess local = LocalProcess.start(home, Map.of(),
        List.of(script.toString(), "local", "--demo", "--port", "0"))) {
      String ready = local.awaitReady(START);
      String command = ready.substring(ready.indexOf("Try: ") + "Try: ".length(), ready.indexOf("   (API"));
      assertThat(command).startsWith("kubectl --kubeconfig ").endsWith(" get pods -A");
      ProcessBuilder kubectl = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
      kubectl.environment().put("HOME", home.toString());
      Process p = kubectl.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      List<String> lines = out.lines().toList();
      assertThat(lines.get(0)).startsWith("NAMESPACE").contains("CLUSTER");
      assertThat(out).contains("demo-east").contains("demo-west").contains("demo-edge");
      assertThat(lines).hasSizeGreaterThan(50);
      local.stop();
    }
  }

  private void run(Map<String, String> environment, String... extra) throws Exception {
    try (MockCluster one = new MockCluster(); MockCluster two = new MockCluster()) {
      Churn.createPod(one.client(), "default", "one-a", "web");
      Churn.createPod(one.client(), "shop", "one-b", "web");
      Churn.createPod(two.client(), "default", "two-a", "db");
      Path kubeconfig = home.resolve("members.yaml");
      Files.writeString(kubeconfig, members(new java.util.TreeMap<>(Map.of("kind-one", one, "kind-two", two)),
          "kind-gone"));
      Path out = home.resolve("cloudpedia-kubeconfig");
      List<String> args = new java.util.ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "--port", "0",
          "--kubeconfig-out", out.toString(), "--resources", "pods,namespaces"));
      args.addAll(List.of(extra));
      try (LocalProcess local = LocalProcess.start(home, environment, args.toArray(String[]::new))) {
        String ready = local.awaitReady(START);
        // An unreachable cluster does not hold the others up; the display says why it is not syncing.
        assertThat(ready).contains("2 clusters searchable (kind-one, kind-two), not syncing: kind-gone")
            .contains("kubectl --kubeconfig");
        assertThat(local.output()).anyMatch(l -> l.contains("kind-gone  not syncing: ") && l.contains("retrying"));

        Kubectl.Raw kubectl = new Kubectl.Raw(home.resolve("kubectl-home"), out);
        Kubectl.Result pods = kubectl.run("get", "pods", "-A");
        assertThat(pods.ok().lines().get(0)).contains("CLUSTER");
        assertThat(pods.out()).contains("one-a").contains("one-b").contains("two-a");
        assertThat(kubectl.run("--context", "kind-two", "get", "pods", "-A", "--no-headers").ok().lines())
            .singleElement().asString().contains("two-a");
        // Every synced cluster is a PediaCluster with its status, at the control entry (the API root).
        Kubectl.Result clusters = kubectl.run("--context", "cloudpedia-control", "get", "pediaclusters");
        assertThat(clusters.ok().out()).contains("kind-one").contains("kind-two");
        assertThat(clusters.lines().get(0)).contains("READY").contains("VERSION");

        // A change in a member cluster is searchable within seconds.
        Churn.createPod(one.client(), "default", "one-new", "web");
        Eventually.until(Duration.ofSeconds(5), "the new pod through the API", () ->
            kubectl.run("get", "pods", "-A", "--no-headers").out().contains("one-new"));

        int exit = local.stop();
        assertThat(local.output()).as("output of cloudpedia local, exit code %d; its log:%n%s", exit,
            Files.readString(home.resolve(".config/cloudpedia/local/local.log"))).contains("Stopped.");
      }
    }
  }

  /**
   * A kubeconfig with one context per mock cluster, as kind or minikube write them, plus one whose server is gone (a
   * closed loopback port).
   */
  static String members(Map<String, MockCluster> clusters, String gone) throws java.io.IOException {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> servers = new java.util.TreeMap<>();
    clusters.forEach((name, c) -> servers.put(name, c.server().url("/").replaceAll("/$", "")));
    servers.put(gone, "http://127.0.0.1:" + closedPort);
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    servers.forEach((name, url) -> yaml.append("- name: ").append(name).append("\n  cluster:\n    server: ")
        .append(url).append('\n'));
    yaml.append("users:\n- name: admin\n  user:\n    token: admin-token\ncontexts:\n");
    servers.forEach((name, url) -> yaml.append("- name: ").append(name).append("\n  context:\n    cluster: ")
        .append(name).append("\n    user: admin\n"));
    yaml.append("current-context: ").append(clusters.keySet().iterator().next()).append('\n');
    return yaml.toString();
  }
}
