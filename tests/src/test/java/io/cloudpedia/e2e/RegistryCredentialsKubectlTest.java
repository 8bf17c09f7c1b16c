package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.registry.credentials.CapturedLogs;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.SecretsManagerSecretSource;
import io.cloudpedia.registry.credentials.TestPki;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster credentials from Secrets Manager (on the AWS API emulator), as PediaClusters applied with the real kubectl
 * reference them: each valid combination validates, each invalid one says why in {@code Validated=False}, and no
 * secret value appears in any response or log line.
 */
class RegistryCredentialsKubectlTest {
  static final String TOKEN_IN_KUBECONFIG = "kc-token-5f0c9e1d7a2b4c8e";
  static final String TOKEN = "tok-9c2e7b1f4d6a8e3c5b7d";

  @TempDir Path home;

  @Test
  void eachCombinationResolvesFromSecretsManagerAndNoSecretLeaks() throws Exception {
    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    String prefix = aws.uniqueName("cloudpedia") + "/";
    var secrets = aws.secretsManager();
    secrets.createSecret(b -> b.name(prefix + "kc").secretString(
        TestPki.tokenKubeconfig("https://10.1.0.1:6443", TOKEN_IN_KUBECONFIG)));
    secrets.createSecret(b -> b.name(prefix + "tls").secretString("{\"ca\":" + json(TestPki.CA_PEM) + ",\"cert\":"
        + json(TestPki.CERT_PEM) + ",\"key\":" + json(TestPki.KEY_PEM) + "}"));
    secrets.createSecret(b -> b.name(prefix + "tok").secretString("{\"ca\":" + json(TestPki.CA_PEM) + ",\"token\":"
        + json(TOKEN) + "}"));

    Clock clock = Clock.systemUTC();
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    CredentialResolver resolver = new CredentialResolver(
        new SecretsManagerSecretSource(secrets, prefix, Duration.ofSeconds(30), clock));
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState), ContinueTokens.withRandomKey(
        ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
        Optional.of(Registries.api(new InMemoryClusterRegistry(), store, syncState, Optional.of(resolver), clock)));
    List<String> outputs = new ArrayList<>();
    try (CapturedLogs logs = CapturedLogs.start();
        LocalApiServer server = LocalApiServer.start(api, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional.empty())) {
      Kubectl kubectl = Kubectl.against(server.url(), home, List.of());
      String root = server.url().toString();

      apply(kubectl, root, "by-kubeconfig", "  authenticationFrom:\n    kubeconfig:\n      name: " + prefix + "kc\n");
      apply(kubectl, root, "by-cert", "  apiserver: https://10.1.0.2:6443\n  authenticationFrom:\n"
          + "    ca: {name: " + prefix + "tls, key: ca}\n    cert: {name: " + prefix + "tls, key: cert}\n"
          + "    key: {name: " + prefix + "tls, key: key}\n");
      apply(kubectl, root, "by-token", "  apiserver: https://10.1.0.3:6443\n  authenticationFrom:\n"
          + "    ca: {name: " + prefix + "tok, key: ca}\n    token: {name: " + prefix + "tok, key: token}\n");
      apply(kubectl, root, "no-ca", "  apiserver: https://10.1.0.4:6443\n  authenticationFrom:\n"
          + "    token: {name: " + prefix + "tok, key: token}\n");
      apply(kubectl, root, "missing-secret", "  apiserver: https://10.1.0.5:6443\n  authenticationFrom:\n"
          + "    ca: {name: " + prefix + "nope, key: ca}\n    token: {name: " + prefix + "nope, key: token}\n");
      apply(kubectl, root, "missing-key", "  apiserver: https://10.1.0.6:6443\n  authenticationFrom:\n"
          + "    ca: {name: " + prefix + "tok, key: ca}\n    token: {name: " + prefix + "tok, key: tokn}\n");

      for (String valid : List.of("by-kubeconfig", "by-cert", "by-token")) {
        Kubectl.Result r = kubectl.run("--server", root, "get", "pediacluster", valid, "-o",
            "jsonpath={.status.conditions[?(@.type==\"Validated\")].status} {.status.apiserver}");
        outputs.add(r.ok().out());
        assertThat(r.out()).as(valid).startsWith("True https://10.1.0.");
      }
      assertThat(validated(kubectl, root, "no-ca", outputs)).contains("False").contains("InvalidConfig")
          .contains("insecureSkipTLSVerify");
      assertThat(validated(kubectl, root, "missing-secret", outputs)).contains("False").contains(prefix + "nope");
      assertThat(validated(kubectl, root, "missing-key", outputs)).contains("False").contains("tokn");

      Kubectl.Result all = kubectl.run("--server", root, "get", "pediaclusters", "-o", "yaml");
      outputs.add(all.ok().out());
      String everything = String.join("\n", outputs) + "\n" + String.join("\n", logs.lines());
      for (String secret : List.of(TOKEN, TOKEN_IN_KUBECONFIG, keyBody())) {
        assertThat(everything).as("a secret value in a response or a log line").doesNotContain(secret);
      }
    }
  }

  private static String keyBody() {
    String[] lines = TestPki.KEY_PEM.split("\n");
    return lines[1];
  }

  private static String validated(Kubectl kubectl, String root, String name, List<String> outputs) {
    Kubectl.Result r = kubectl.run("--server", root, "get", "pediacluster", name, "-o",
        "jsonpath={.status.conditions[?(@.type==\"Validated\")].status} "
            + "{.status.conditions[?(@.type==\"Validated\")].reason} "
            + "{.status.conditions[?(@.type==\"Validated\")].message}");
    outputs.add(r.ok().out());
    return r.out();
  }

  private void apply(Kubectl kubectl, String root, String name, String spec) throws Exception {
    Path file = Files.createTempFile(home, name, ".yaml");
    Files.writeString(file, "apiVersion: cluster.clusterpedia.io/v1alpha2\nkind: PediaCluster\nmetadata:\n  name: "
        + name + "\nspec:\n  syncResources: []\n" + spec);
    kubectl.run("--server", root, "apply", "-f", file.toString()).ok();
  }

  private static String json(String text) {
    return io.cloudpedia.json.Json.mapper().getNodeFactory().textNode(text).toString();
  }
}
