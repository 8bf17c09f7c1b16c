package io.cloudpedia.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.cli.CliRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code cloudpedia local} says when it cannot start: one line naming the problem and what to do. */
class LocalCommandTest {
  @TempDir Path home;

  private static void assertOneLineFailure(CliRun run, String... fragments) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().startsWith("cloudpedia: ").contains(fragments);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void aPortInUseIsOneLineSayingWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.run(home, "local", "--demo", "--http", "--port", Integer.toString(taken.getLocalPort()));
      assertOneLineFailure(run, "127.0.0.1:" + taken.getLocalPort() + " is in use", "--port");
    }
  }

  @Test
  void aMissingKubeconfigIsOneLineSuggestingTheDemo() {
    CliRun run = CliRun.run(home, "local", "--kubeconfig", home.resolve("nope.yaml").toString());
    assertOneLineFailure(run, "no kubeconfig at", "--demo");
  }

  @Test
  void anUnreadableKubeconfigIsOneLine() throws Exception {
    Path broken = home.resolve("broken.yaml");
    Files.writeString(broken, "clusters: [unclosed\n  - : :\n");
    CliRun run = CliRun.run(home, "local", "--kubeconfig", broken.toString());
    assertOneLineFailure(run, "cannot read the kubeconfig", broken.toString());
  }

  @Test
  void anUnknownContextNamesTheOnesThereAre() throws Exception {
    Path config = home.resolve("config.yaml");
    Files.writeString(config, "apiVersion: v1\nkind: Config\ncontexts:\n- name: prod\n  context: {cluster: p}\n");
    CliRun run = CliRun.run(home, "local", "--kubeconfig", config.toString(), "--context", "staging");
    assertOneLineFailure(run, "no context \"staging\"", "prod");
  }

  @Test
  void anAwsEndpointThatIsDownIsOneLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    CliRun run = CliRun.run(home, "local", "--demo", "--http", "--port", "0",
        "--aws-endpoint", "http://127.0.0.1:" + closedPort, "--aws-region", "us-east-1");
    assertOneLineFailure(run, "cannot reach the AWS endpoint http://127.0.0.1:" + closedPort, "is it running");
  }

  @Test
  void demoTakesNoKubeconfig() {
    CliRun run = CliRun.run(home, "local", "--demo", "--context", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--demo");
  }

  @Test
  void contextNamesBecomeClusterNames() {
    assertThat(MemberCluster.nameOf("arn:aws:eks:eu-west-1:123456789012:cluster/Prod"))
        .isEqualTo("arn-aws-eks-eu-west-1-123456789012-cluster-prod");
    assertThat(MemberCluster.nameOf("kind-kind")).isEqualTo("kind-kind");
    assertThat(MemberCluster.nameOf("@@@")).isEqualTo("cluster");
  }
}
