package io.cloudpedia.cli.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudpedia.cli.CliRun;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigCommandTest {

    private static final String PEDIA_CLUSTERS = "/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters";
    private static final String RESOURCES = "/apis/clusterpedia.io/v1beta1/resources";
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path home;

    private final List<KubernetesMockServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(KubernetesMockServer::destroy);
    }

    @Test
    void printsGlobalAndPerClusterEntries() throws IOException {
        CliRun run = CliRun.run(home, "kubeconfig", "--server", "https://search.example.com/prod/",
                "--cluster", "cluster-1", "--cluster", "cluster-2", "--tls-server-name", "api.example.com");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode config = YAML.readTree(run.out());
        assertThat(config.path("kind").asText()).isEqualTo("Config");
        assertThat(servers(config)).containsExactly(
                Map.entry("cloudpedia", "https://search.example.com/prod" + RESOURCES),
                Map.entry("cluster-1", "https://search.example.com/prod" + RESOURCES + "/clusters/cluster-1"),
                Map.entry("cluster-2", "https://search.example.com/prod" + RESOURCES + "/clusters/cluster-2"));
        assertThat(config.path("clusters")).allSatisfy(entry ->
                assertThat(entry.path("cluster").path("tls-server-name").asText()).isEqualTo("api.example.com"));
        // Without a token kubectl keeps the current user: no users, no contexts, no current-context.
        assertThat(config.has("users")).isFalse();
        assertThat(config.has("contexts")).isFalse();
        assertThat(config.has("current-context")).isFalse();
    }

    @Test
    void serverUrlEndingInResourcesPathIsNotDoubled() throws IOException {
        CliRun run = CliRun.run(home, "kubeconfig", "--server", "https://search.example.com" + RESOURCES + "/",
                "--cluster", "cluster-1", "--name", "search");

        assertThat(run.exitCode()).isZero();
        assertThat(servers(YAML.readTree(run.out()))).containsExactly(
                Map.entry("search", "https://search.example.com" + RESOURCES),
                Map.entry("cluster-1", "https://search.example.com" + RESOURCES + "/clusters/cluster-1"));
    }

    @Test
    void fetchesClustersFromServerWhenNoneGiven() throws IOException {
        KubernetesMockServer server = server(false);
        expectPediaClusters(server, "cluster-2", "cluster-1");

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server));

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(servers(YAML.readTree(run.out()))).containsExactly(
                Map.entry("cloudpedia", url(server) + RESOURCES),
                Map.entry("cluster-1", url(server) + RESOURCES + "/clusters/cluster-1"),
                Map.entry("cluster-2", url(server) + RESOURCES + "/clusters/cluster-2"));
    }

    @Test
    void sendsBearerToken() throws Exception {
        KubernetesMockServer server = server(false);
        expectPediaClusters(server, "cluster-1");

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server), "--token", "s3cret");

        assertThat(run.exitCode()).isZero();
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo(PEDIA_CLUSTERS);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer s3cret");
        JsonNode config = YAML.readTree(run.out());
        assertThat(config.path("users")).hasSize(1);
        assertThat(config.path("users").get(0).path("name").asText()).isEqualTo("cloudpedia");
        assertThat(config.path("users").get(0).path("user").path("token").asText()).isEqualTo("s3cret");
        assertThat(contexts(config)).containsExactly(
                Map.entry("cloudpedia", "cloudpedia/cloudpedia"), Map.entry("cluster-1", "cluster-1/cloudpedia"));
        assertThat(config.has("current-context")).isFalse();
    }

    @Test
    void readsTokenFromFile() throws Exception {
        KubernetesMockServer server = server(false);
        expectPediaClusters(server, "cluster-1");
        Path tokenFile = Files.writeString(home.resolve("token"), "from-file\n");

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server), "--token-file", tokenFile.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization")).isEqualTo("Bearer from-file");
        assertThat(YAML.readTree(run.out()).path("users").get(0).path("user").path("token").asText())
                .isEqualTo("from-file");
    }

    @Test
    void withoutTokenNoAuthorizationIsSent() throws Exception {
        KubernetesMockServer server = server(false);
        expectPediaClusters(server, "cluster-1");

        assertThat(CliRun.run(home, "kubeconfig", "--server", url(server)).exitCode()).isZero();

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization")).isNull();
    }

    @Test
    void serverNotFoundWritesOnlyGlobalEntry() throws IOException {
        KubernetesMockServer server = server(false);
        server.expect().get().withPath(PEDIA_CLUSTERS).andReturn(404, new StatusBuilder().withStatus("Failure")
                .withReason("NotFound").withCode(404).withMessage("the server could not find the requested resource")
                .build()).once();

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server));

        assertThat(run.exitCode()).isZero();
        assertThat(servers(YAML.readTree(run.out()))).containsExactly(
                Map.entry("cloudpedia", url(server) + RESOURCES));
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("cloudpedia: ").contains("404").contains("--cluster");
    }

    @Test
    void refusedRequestReportsTheStatusMessage() {
        KubernetesMockServer server = server(false);
        server.expect().get().withPath(PEDIA_CLUSTERS).andReturn(403, new StatusBuilder().withStatus("Failure")
                .withReason("Forbidden").withCode(403)
                .withMessage("pediaclusters.cluster.clusterpedia.io is forbidden: User \"bob\" cannot list")
                .build()).once();

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server), "--token", "s3cret");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("cloudpedia: ")
                .contains("HTTP 403")
                .contains("pediaclusters.cluster.clusterpedia.io is forbidden: User \"bob\" cannot list")
                .doesNotContain("s3cret");
    }

    @Test
    void unreachableServerIsOneLineError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        CliRun run = CliRun.run(home, "kubeconfig", "--server", "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .isEqualTo("cloudpedia: cannot reach http://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void missingServerIsUsageError() {
        CliRun run = CliRun.run(home, "kubeconfig", "--cluster", "cluster-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().startsWith("cloudpedia: ").contains("--server");
    }

    @Test
    void conflictingOptionsAreUsageErrors() {
        List<List<String>> conflicts = List.of(
                List.of("--token", "a", "--token-file", "b"),
                List.of("--certificate-authority", "ca.pem", "--insecure-skip-tls-verify"),
                List.of("--use-context"),
                List.of("--kubeconfig", "x"),
                List.of("--server", "ftp://search.example.com"),
                List.of("--cluster", "Not_A_Name"));
        for (List<String> conflict : conflicts) {
            List<String> args = new ArrayList<>(List.of("kubeconfig", "--server", "https://search.example.com"));
            args.addAll(conflict);
            CliRun run = CliRun.run(home, args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", conflict).isEqualTo(2);
            assertThat(run.errLines()).as("%s", conflict).singleElement().asString().startsWith("cloudpedia: ");
        }
    }

    @Test
    void noSubcommandIsUsageError() {
        CliRun run = CliRun.run(home);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("cloudpedia: ");
    }

    @Test
    void mergeReplacesOwnEntriesAndKeepsForeignOnes() throws IOException {
        String server = "https://search.example.com";
        Path file = home.resolve("merged.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                preferences:
                  colors: true
                current-context: prod
                clusters:
                - name: prod
                  cluster:
                    server: https://prod.example.com:6443
                    certificate-authority-data: QUJD
                    extensions:
                    - name: client.authentication.k8s.io/exec
                      extension:
                        audience: "1234"
                - name: cloudpedia
                  cluster:
                    server: https://search.example.com:443/apis/clusterpedia.io/v1beta1/resources
                    insecure-skip-tls-verify: true
                - name: cluster-1
                  cluster:
                    server: https://cluster-1.example.com:6443
                contexts:
                - name: prod
                  context:
                    cluster: prod
                    user: admin
                    namespace: "0123"
                users:
                - name: admin
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: aws
                      args: [eks, get-token, --cluster-name, prod]
                """);
        JsonNode before = YAML.readTree(file.toFile());

        CliRun run = CliRun.run(home, "kubeconfig", "--server", server, "--merge", "--kubeconfig", file.toString(),
                "--cluster", "cluster-1", "--cluster", "cluster-2", "--tls-server-name", "search.internal");

        assertThat(run.exitCode()).isZero();
        JsonNode after = YAML.readTree(file.toFile());
        assertThat(servers(after)).containsExactly(
                Map.entry("prod", "https://prod.example.com:6443"),
                Map.entry("cloudpedia", server + RESOURCES),
                Map.entry("cluster-1", "https://cluster-1.example.com:6443"),
                Map.entry("cluster-2", server + RESOURCES + "/clusters/cluster-2"));
        JsonNode replaced = after.path("clusters").get(1).path("cluster");
        assertThat(replaced.has("insecure-skip-tls-verify")).isFalse();
        assertThat(replaced.path("tls-server-name").asText()).isEqualTo("search.internal");
        // Everything else is as it was, down to strings that look like numbers.
        assertThat(after.path("clusters").get(0)).isEqualTo(before.path("clusters").get(0));
        assertThat(after.path("clusters").get(2)).isEqualTo(before.path("clusters").get(2));
        for (String key : List.of("preferences", "current-context", "contexts", "users", "apiVersion", "kind")) {
            assertThat(after.path(key)).as(key).isEqualTo(before.path(key));
        }
        assertThat(after.path("contexts").get(0).path("context").path("namespace").isTextual()).isTrue();
        assertThat(run.out().lines()).containsExactly(
                "replaced cluster cloudpedia", "added cluster cloudpedia-control", "added cluster cluster-2",
                "wrote " + file);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("cloudpedia: " + file + ": kept cluster \"cluster-1\"")
                .contains("https://cluster-1.example.com:6443");
    }

    @Test
    void mergeRemovesEntriesOfClustersNoLongerListed() throws IOException {
        KubernetesMockServer server = server(false);
        expectPediaClusters(server, "cluster-1");
        String resources = url(server) + RESOURCES;
        Path file = home.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: cloudpedia
                  cluster:
                    server: %1$s
                - name: cluster-1
                  cluster:
                    server: %1$s/clusters/cluster-1
                - name: cluster-old
                  cluster:
                    server: %1$s/clusters/cluster-old
                - name: cluster-old-proxy
                  cluster:
                    server: %1$s/clusters/cluster-old/proxy
                - name: my-alias
                  cluster:
                    server: %1$s/clusters/cluster-1
                - name: elsewhere-old
                  cluster:
                    server: https://other.example.com/apis/clusterpedia.io/v1beta1/resources/clusters/cluster-old
                contexts:
                - name: cluster-old
                  context:
                    cluster: cluster-old
                    user: cloudpedia
                - name: mine
                  context:
                    cluster: my-alias
                    user: cloudpedia
                users:
                - name: cloudpedia
                  user:
                    token: old
                """.formatted(resources));

        CliRun run = CliRun.run(Map.of("KUBECONFIG", file.toString()), home,
                "kubeconfig", "--server", url(server), "--merge", "--token", "new");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode after = YAML.readTree(file.toFile());
        assertThat(servers(after).keySet())
                .containsExactly("cloudpedia", "cluster-1", "my-alias", "elsewhere-old");
        assertThat(contexts(after)).containsExactly(
                Map.entry("mine", "my-alias/cloudpedia"),
                Map.entry("cloudpedia", "cloudpedia/cloudpedia"),
                Map.entry("cluster-1", "cluster-1/cloudpedia"));
        assertThat(after.path("users").get(0).path("user").path("token").asText()).isEqualTo("new");
        assertThat(run.out().lines()).contains(
                "removed cluster cluster-old (cluster cluster-old is no longer listed)",
                "removed cluster cluster-old-proxy (cluster cluster-old is no longer listed)",
                "removed context cluster-old",
                "replaced user cloudpedia",
                "wrote " + file);
    }

    @Test
    void mergeAfterNotFoundRemovesNothing() throws IOException {
        KubernetesMockServer server = server(false);
        String resources = url(server) + RESOURCES;
        Path file = Files.writeString(home.resolve("config"), """
                clusters:
                - name: cluster-1
                  cluster:
                    server: %s/clusters/cluster-1
                """.formatted(resources));

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server), "--merge", "--kubeconfig",
                file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(servers(YAML.readTree(file.toFile())).keySet()).containsExactly("cluster-1", "cloudpedia");
        assertThat(run.errLines()).singleElement().asString().contains("404");
    }

    @Test
    void mergeCreatesMissingFileWithMode600() throws IOException {
        CliRun run = CliRun.run(home, "kubeconfig", "--server", "https://search.example.com", "--merge",
                "--cluster", "cluster-1", "--token", "s3cret");

        assertThat(run.exitCode()).isZero();
        Path file = home.resolve(".kube").resolve("config");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        JsonNode config = YAML.readTree(file.toFile());
        assertThat(config.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(servers(config).keySet()).containsExactly("cloudpedia", "cluster-1");
        assertThat(contexts(config).keySet()).containsExactly("cloudpedia", "cluster-1");
        assertThat(config.has("current-context")).isFalse();
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
        assertThat(run.out()).doesNotContain("s3cret").endsWith("wrote " + file + System.lineSeparator());
    }

    @Test
    void mergeWritesFirstPathOfKubeconfigVariableAndKeepsItsMode() throws IOException {
        Path first = Files.writeString(home.resolve("first"), "apiVersion: v1\nkind: Config\n");
        Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-r-----"));
        Path second = Files.writeString(home.resolve("second"), "apiVersion: v1\nkind: Config\n");

        CliRun run = CliRun.run(Map.of("KUBECONFIG", first + java.io.File.pathSeparator + second), home,
                "kubeconfig", "--server", "https://search.example.com", "--merge", "--cluster", "cluster-1");

        assertThat(run.exitCode()).isZero();
        assertThat(servers(YAML.readTree(first.toFile())).keySet()).containsExactly("cloudpedia", "cluster-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rw-r-----");
        assertThat(Files.readString(second)).isEqualTo("apiVersion: v1\nkind: Config\n");
        assertThat(home.resolve(".kube")).doesNotExist();
    }

    @Test
    void mergeChangesCurrentContextOnlyWithUseContext() throws IOException {
        Path file = Files.writeString(home.resolve("config"), "current-context: prod\n");
        String[] args = {"kubeconfig", "--server", "https://search.example.com", "--merge", "--kubeconfig",
            file.toString(), "--cluster", "cluster-1", "--token", "t"};

        assertThat(CliRun.run(home, args).exitCode()).isZero();
        assertThat(YAML.readTree(file.toFile()).path("current-context").asText()).isEqualTo("prod");

        List<String> withUseContext = new ArrayList<>(Arrays.asList(args));
        withUseContext.add("--use-context");
        CliRun run = CliRun.run(home, withUseContext.toArray(String[]::new));
        assertThat(run.exitCode()).isZero();
        assertThat(YAML.readTree(file.toFile()).path("current-context").asText()).isEqualTo("cloudpedia");
        assertThat(run.out()).contains("set current-context to cloudpedia");
    }

    @Test
    void mergeTwiceLeavesTheFileAsItWas() throws IOException {
        String[] args = {"kubeconfig", "--server", "https://search.example.com", "--merge", "--cluster", "c1"};
        assertThat(CliRun.run(home, args).exitCode()).isZero();
        Path file = home.resolve(".kube").resolve("config");
        String first = Files.readString(file);

        CliRun again = CliRun.run(home, args);

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo(file + " is up to date" + System.lineSeparator());
        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void insecureSkipTlsVerifyReachesSelfSignedServer() throws IOException {
        KubernetesMockServer server = server(true);
        expectPediaClusters(server, "cluster-1");

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server), "--insecure-skip-tls-verify");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode config = YAML.readTree(run.out());
        assertThat(servers(config).keySet()).containsExactly("cloudpedia", "cluster-1");
        assertThat(config.path("clusters")).allSatisfy(entry ->
                assertThat(entry.path("cluster").path("insecure-skip-tls-verify").asBoolean()).isTrue());
    }

    @Test
    void untrustedCertificateIsOneLineError() {
        KubernetesMockServer server = server(true);
        expectPediaClusters(server, "cluster-1");

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("cloudpedia: cannot reach " + url(server)).contains("not trusted");
    }

    @Test
    void certificateAuthorityIsTrustedAndEmbedded() throws IOException {
        KubernetesMockServer server = server(true);
        expectPediaClusters(server, "cluster-1");
        Path ca = Path.of(server.getSelfSignedCertificate().certificatePath());

        CliRun run = CliRun.run(home, "kubeconfig", "--server", url(server), "--certificate-authority",
                ca.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode config = YAML.readTree(run.out());
        assertThat(servers(config).keySet()).containsExactly("cloudpedia", "cluster-1");
        String embedded = Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
        assertThat(config.path("clusters")).allSatisfy(entry ->
                assertThat(entry.path("cluster").path("certificate-authority-data").asText()).isEqualTo(embedded));
    }

    @Test
    void tlsServerNameIsTheNameTheCertificateMustCarry() throws IOException {
        String ca = server(true).getSelfSignedCertificate().certificatePath();
        KubernetesMockServer server = servers.get(0);
        expectPediaClusters(server, "cluster-1");

        CliRun matching = CliRun.run(home, "kubeconfig", "--server", url(server), "--certificate-authority", ca,
                "--tls-server-name", "localhost");
        CliRun other = CliRun.run(home, "kubeconfig", "--server", url(server), "--certificate-authority", ca,
                "--tls-server-name", "search.example.com");

        assertThat(matching.exitCode()).as(matching.err()).isZero();
        assertThat(YAML.readTree(matching.out()).path("clusters").get(0).path("cluster").path("tls-server-name")
                .asText()).isEqualTo("localhost");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.errLines()).singleElement().asString()
                .startsWith("cloudpedia: ").contains("--tls-server-name search.example.com");
    }

    private KubernetesMockServer server(boolean https) {
        KubernetesMockServer server = new KubernetesMockServer(https);
        server.init(InetAddress.getLoopbackAddress(), 0);
        servers.add(server);
        return server;
    }

    /** The server's URL by IP address: "localhost" may resolve to ::1 while the server listens on 127.0.0.1. */
    private static String url(KubernetesMockServer server) {
        return server.url("/").startsWith("https") ? "https://127.0.0.1:" + server.getPort()
                : "http://127.0.0.1:" + server.getPort();
    }

    private static void expectPediaClusters(KubernetesMockServer server, String... names) {
        GenericKubernetesResourceList list = new GenericKubernetesResourceList();
        list.setApiVersion("cluster.clusterpedia.io/v1alpha2");
        list.setKind("PediaClusterList");
        List<GenericKubernetesResource> items = Arrays.stream(names)
                .map(name -> new GenericKubernetesResourceBuilder()
                        .withApiVersion("cluster.clusterpedia.io/v1alpha2")
                        .withKind("PediaCluster")
                        .withNewMetadata().withName(name).endMetadata()
                        .build())
                .toList();
        list.setItems(items);
        server.expect().get().withPath(PEDIA_CLUSTERS).andReturn(200, list).always();
    }

    /**
     * Cluster entry name to server, in file order, without the control entries (checked on their own by
     * {@code writesAControlEntryForTheRegistryAtTheApiRoot}).
     */
    private static Map<String, String> servers(JsonNode config) {
        Map<String, String> servers = new LinkedHashMap<>();
        config.path("clusters").forEach(entry -> {
            if (!entry.path("name").asText().endsWith(KubeconfigEntries.CONTROL_SUFFIX)) {
                servers.put(entry.path("name").asText(), entry.path("cluster").path("server").asText());
            }
        });
        return servers;
    }

    /** Context name to "cluster/user", in file order, without the control entries. */
    private static Map<String, String> contexts(JsonNode config) {
        Map<String, String> contexts = new LinkedHashMap<>();
        config.path("contexts").forEach(entry -> {
            if (!entry.path("name").asText().endsWith(KubeconfigEntries.CONTROL_SUFFIX)) {
                contexts.put(entry.path("name").asText(), entry.path("context").path("cluster").asText() + "/"
                        + entry.path("context").path("user").asText());
            }
        });
        return contexts;
    }

    @Test
    void writesAControlEntryForTheRegistryAtTheApiRoot() throws Exception {
        CliRun run = CliRun.run(home, "kubeconfig", "--server", "https://search.example.com/prod/",
                "--cluster", "cluster-1", "--token", "t0ken");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode config = YAML.readTree(run.out());
        Map<String, String> all = new LinkedHashMap<>();
        config.path("clusters").forEach(e -> all.put(e.path("name").asText(), e.path("cluster").path("server").asText()));
        assertThat(all).containsEntry("cloudpedia-control", "https://search.example.com/prod");
        assertThat(config.path("contexts").toString()).contains("cloudpedia-control");
    }
}
