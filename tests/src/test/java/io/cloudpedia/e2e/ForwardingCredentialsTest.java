package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.forward.ForwardSettings;
import io.cloudpedia.api.forward.Forwarding;
import io.cloudpedia.api.forward.MutualTlsFront;
import io.cloudpedia.api.forward.TestPki;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.InMemoryClusterRegistry;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.registry.credentials.CapturedLogs;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.SecretsManagerSecretSource;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a member cluster that checks credentials, as an apiserver does: fabric8's mock over HTTPS answering
 * 401 to any request without its token, and behind a mutual-TLS front that admits only client certificates of the
 * test CA and passes on the certificate's user ({@link MutualTlsFront}). Tokens and client certificates, from the
 * request's {@code X-Clusterpedia-Proxy-*} headers (raw HTTP: kubectl cannot set them) and from Secrets Manager (on the
 * AWS API emulator, with the real kubectl through proxy entries), each authenticate, wrong ones are refused, the
 * documented 4xx answers come back, and no credential appears in any answer or log line.
 */
class ForwardingCredentialsTest {
  static final String TOKEN = "member-tok-7d2f9a61c4e8";
  static final String WRONG_TOKEN = "wrong-tok-0b3e5c7a9d1f";
  /** The common name of {@link TestPki#RSA_CLIENT_CERT}: the only certificate user the member admits. */
  static final String CERT_USER = "rsa-user";
  static final String LOG_PATH = "/api/v1/namespaces/default/pods/pod-a/log?container=main";

  static MockCluster member;
  static MutualTlsFront front;
  static LocalApiServer local;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    member = MockCluster.secured(TOKEN, CERT_USER);
    Churn.createNamespace(member.client(), "default");
    Churn.createNamespace(member.client(), "team-b");
    Churn.createPod(member.client(), "default", "pod-a", "x");
    Churn.createPod(member.client(), "default", "pod-c", "y");
    Churn.createPod(member.client(), "team-b", "pod-b", "x");
    member.server().expect().get().withPath(LOG_PATH).andReturn(200, "hello from pod-a\n").always();
    front = MutualTlsFront.start(member.url(), member.caPem());

    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    String prefix = aws.uniqueName("cloudpedia") + "/";
    var secrets = aws.secretsManager();
    secrets.createSecret(b -> b.name(prefix + "tok").secretString(json(Map.of("ca", member.caPem(), "token", TOKEN))));
    secrets.createSecret(b -> b.name(prefix + "tls").secretString(json(Map.of("ca", TestPki.CA,
        "cert", TestPki.RSA_CLIENT_CERT, "key", TestPki.RSA_CLIENT_KEY))));

    InMemoryClusterRegistry registry = new InMemoryClusterRegistry();
    // Registered with a server and its CA only: requests bring their own credentials in headers.
    registry.create(RegistryKind.PEDIA_CLUSTER, pediaCluster("hdr", member.url(),
        "\"caData\":\"" + b64(member.caPem()) + "\""));
    registry.create(RegistryKind.PEDIA_CLUSTER, pediaCluster("hdr-front", front.url(),
        "\"caData\":\"" + b64(TestPki.CA) + "\""));
    // Credentials in Secrets Manager.
    registry.create(RegistryKind.PEDIA_CLUSTER, pediaCluster("sm-tok", member.url(), "\"authenticationFrom\":{"
        + "\"ca\":{\"name\":\"" + prefix + "tok\",\"key\":\"ca\"},"
        + "\"token\":{\"name\":\"" + prefix + "tok\",\"key\":\"token\"}}"));
    registry.create(RegistryKind.PEDIA_CLUSTER, pediaCluster("sm-cert", front.url(), "\"authenticationFrom\":{"
        + "\"ca\":{\"name\":\"" + prefix + "tls\",\"key\":\"ca\"},"
        + "\"cert\":{\"name\":\"" + prefix + "tls\",\"key\":\"cert\"},"
        + "\"key\":{\"name\":\"" + prefix + "tls\",\"key\":\"key\"}}"));

    Clock clock = Clock.systemUTC();
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    CredentialResolver resolver = new CredentialResolver(
        new SecretsManagerSecretSource(secrets, prefix, Duration.ofSeconds(30), clock));
    ForwardSettings settings = ForwardSettings.from(Map.of("ENABLE_PROXY_PATH", "true",
        "ALLOWED_PROXY_SUBRESOURCES", "pods/log", "ALLOW_FORWARD_UNSYNCED", "true",
        "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY", "true"));
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState), ContinueTokens.withRandomKey(
        ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock,
        Optional.of(Registries.api(registry, store, syncState, Optional.of(resolver), clock)));
    api.withForwarding(Forwarding.over(settings, registry, resolver, ApiConfig.DEFAULTS.pageByteBudget()));
    local = LocalApiServer.start(api, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty());
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
    if (front != null) {
      front.close();
    }
    if (member != null) {
      member.close();
    }
  }

  @Test
  void aTokenFromTheHeadersAuthenticatesAndAWrongOneIsRefusedByTheMember() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      HttpResponse<String> ok = send("GET", "/clusters/hdr/api/v1/namespaces/default/pods",
          "X-Clusterpedia-Forward", "true", "X-Clusterpedia-Proxy-Token", TOKEN);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(names(ok.body())).containsExactly("pod-a", "pod-c");

      HttpResponse<String> wrong = send("GET", "/clusters/hdr/api/v1/namespaces/default/pods",
          "X-Clusterpedia-Forward", "true", "X-Clusterpedia-Proxy-Token", WRONG_TOKEN);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(status(wrong).path("reason").asText()).isEqualTo("Unauthorized");

      assertNoSecretIn(logs.lines(), ok.body(), wrong.body());
    }
  }

  @Test
  void aClientCertificateFromTheHeadersAuthenticatesAndAnotherUserIsRefused() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      HttpResponse<String> ok = send("GET", "/clusters/hdr-front/api/v1/namespaces/team-b/pods",
          "X-Clusterpedia-Forward", "true",
          "X-Clusterpedia-Proxy-Client-Cert", b64(TestPki.RSA_CLIENT_CERT),
          "X-Clusterpedia-Proxy-Client-Key", b64(TestPki.RSA_CLIENT_KEY));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(names(ok.body())).containsExactly("pod-b");

      // ec-user's certificate is valid (same CA) but the member does not know that user.
      HttpResponse<String> otherUser = send("GET", "/clusters/hdr-front/api/v1/namespaces/team-b/pods",
          "X-Clusterpedia-Forward", "true",
          "X-Clusterpedia-Proxy-Client-Cert", b64(TestPki.EC_CLIENT_CERT),
          "X-Clusterpedia-Proxy-Client-Key", b64(TestPki.EC_CLIENT_KEY));
      assertThat(otherUser.statusCode()).isEqualTo(401);

      // A CA in the headers that did not sign the member's certificate: TLS fails, 502 naming the cluster.
      HttpResponse<String> wrongCa = send("GET", "/clusters/hdr-front/api/v1/namespaces/team-b/pods",
          "X-Clusterpedia-Forward", "true", "X-Clusterpedia-Proxy-CA", b64(TestPki.OTHER_CA),
          "X-Clusterpedia-Proxy-Client-Cert", b64(TestPki.RSA_CLIENT_CERT),
          "X-Clusterpedia-Proxy-Client-Key", b64(TestPki.RSA_CLIENT_KEY));
      assertThat(wrongCa.statusCode()).isEqualTo(502);
      assertThat(status(wrongCa).path("message").asText()).contains("hdr-front");

      // A token alone does not pass the front: the handshake needs a client certificate.
      HttpResponse<String> tokenOnly = send("GET", "/clusters/hdr-front/api/v1/namespaces/team-b/pods",
          "X-Clusterpedia-Forward", "true", "X-Clusterpedia-Proxy-Token", TOKEN);
      assertThat(tokenOnly.statusCode()).isEqualTo(502);
      assertThat(status(tokenOnly).path("message").asText()).contains("hdr-front");

      assertNoSecretIn(logs.lines(), ok.body(), otherUser.body(), wrongCa.body(), tokenOnly.body());
    }
  }

  @Test
  void credentialsFromSecretsManagerAuthenticateKubectlThroughProxyEntries() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      List<String> outputs = new ArrayList<>();
      for (String cluster : List.of("sm-tok", "sm-cert")) {
        Kubectl.Raw kubectl = Kubectl.Raw.withoutRequestTimeout(home, proxyEntry(cluster));
        Kubectl.Result pods = kubectl.run("get", "pods", "-A", "-o", "name").ok();
        Kubectl.Result namespaces = kubectl.run("get", "ns", "-o", "name").ok();
        Kubectl.Result log = kubectl.run("logs", "pod-a", "-n", "default").ok();
        outputs.addAll(List.of(pods.out(), pods.err(), namespaces.out(), namespaces.err(), log.out(), log.err()));
        assertThat(pods.lines()).as(cluster).containsExactlyInAnyOrder("pod/pod-a", "pod/pod-b", "pod/pod-c");
        assertThat(namespaces.lines()).as(cluster).contains("namespace/default", "namespace/team-b");
        assertThat(log.out()).as(cluster).isEqualTo("hello from pod-a\n");
      }
      // The forward label on a search path, with the token from Secrets Manager: the rest of the selector stays.
      HttpResponse<String> labelled = send("GET", "/clusters/sm-tok/api/v1/namespaces/default/pods?labelSelector="
          + "search.clusterpedia.io%2Fforward%2Capp%3Dx");
      assertThat(labelled.statusCode()).as(labelled.body()).isEqualTo(200);
      assertThat(names(labelled.body())).containsExactly("pod-a");
      outputs.add(labelled.body());
      assertNoSecretIn(logs.lines(), outputs.toArray(String[]::new));
    }
  }

  @Test
  void refusedRequestsAnswerTheDocumentedClientErrors() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      // A cluster that is not registered: no host to forward to.
      HttpResponse<String> unregistered = send("GET", "/clusters/ghost/proxy/api/v1/pods",
          "X-Clusterpedia-Proxy-Token", TOKEN);
      assertThat(unregistered.statusCode()).isEqualTo(400);
      assertThat(status(unregistered).path("message").asText()).contains("ghost").contains("not registered");

      // Paths that would leave the path they name, plainly and encoded.
      for (String escape : List.of("/clusters/hdr/proxy/api/v1/../../../healthz",
          "/clusters/hdr/proxy/api/v1/namespaces/%2e%2e/%2e%2e/secrets",
          "/clusters/hdr/proxy/api/v1/namespaces%2F..%2F..%2Fsecrets",
          "/clusters/hdr/proxy/api/v1/namespaces/a%252Fb/pods")) {
        HttpResponse<String> r = send("GET", escape, "X-Clusterpedia-Proxy-Token", TOKEN);
        assertThat(r.statusCode()).as(escape).isEqualTo(400);
        assertThat(status(r).path("message").asText()).as(escape).startsWith("the path to forward must not");
      }

      // Credentials that are not standard base64.
      HttpResponse<String> badBase64 = send("GET", "/clusters/hdr-front/proxy/api/v1/pods",
          "X-Clusterpedia-Proxy-Client-Cert", "not base64!", "X-Clusterpedia-Proxy-Client-Key", b64("k"));
      assertThat(badBase64.statusCode()).isEqualTo(400);
      assertThat(status(badBase64).path("message").asText()).contains("X-Clusterpedia-Proxy-Client-Cert")
          .contains("base64");

      // Forwarding needs a cluster in the path.
      HttpResponse<String> noCluster = send("GET", "/api/v1/pods", "X-Clusterpedia-Forward", "true",
          "X-Clusterpedia-Proxy-Token", TOKEN);
      assertThat(noCluster.statusCode()).isEqualTo(400);
      assertThat(status(noCluster).path("message").asText())
          .isEqualTo("please specify the cluster name when using proxy model.");

      assertNoSecretIn(logs.lines(), unregistered.body(), badBase64.body(), noCluster.body());
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private Path proxyEntry(String cluster) throws Exception {
    Path kubeconfig = home.resolve(cluster + "-kubeconfig");
    Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: " + cluster + "\n  cluster:\n"
        + "    server: " + local.url() + Kubectl.RESOURCES + "/clusters/" + cluster + "/proxy\nusers:\n- name: me\n"
        + "  user:\n    token: kubectl-token\ncontexts:\n- name: " + cluster + "\n  context:\n    cluster: " + cluster
        + "\n    user: me\ncurrent-context: " + cluster + "\n");
    return kubeconfig;
  }

  /** A raw request to {@code Kubectl.RESOURCES + path}, sent as written (no normalisation). */
  static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(local.url() + Kubectl.RESOURCES + path))
        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<String> names(String listBody) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode item : Json.mapper().readTree(listBody).path("items")) {
      names.add(item.path("metadata").path("name").asText());
    }
    return names;
  }

  static JsonNode status(HttpResponse<String> response) throws Exception {
    JsonNode status = Json.mapper().readTree(response.body());
    assertThat(status.path("kind").asText()).as(response.body()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).isEqualTo(response.statusCode());
    return status;
  }

  static void assertNoSecretIn(List<String> logLines, String... outputs) {
    String everything = String.join("\n", logLines) + "\n" + String.join("\n", outputs);
    for (String secret : List.of(TOKEN, WRONG_TOKEN, keyLine(TestPki.RSA_CLIENT_KEY), keyLine(TestPki.EC_CLIENT_KEY),
        b64(TestPki.RSA_CLIENT_KEY), b64(TestPki.EC_CLIENT_KEY))) {
      assertThat(everything).as("a credential in an answer or a log line").doesNotContain(secret);
    }
  }

  private static String keyLine(String pem) {
    return pem.strip().split("\n")[1].strip();
  }

  static ObjectNode pediaCluster(String name, String server, String credentials) throws Exception {
    return (ObjectNode) Json.mapper().readTree(
        "{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\",\"metadata\":"
            + "{\"name\":\"" + name + "\"},\"spec\":{\"apiserver\":\"" + server + "\"," + credentials
            + ",\"syncResources\":[]}}");
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String json(Map<String, String> fields) {
    return Json.mapper().valueToTree(fields).toString();
  }
}
