package io.cloudpedia.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String FULL = String.join("\n",
            "apiVersion: cloudpedia.io/v1alpha1",
            "kind: SyncAgentConfig",
            "metadata:",
            "  name: cluster-1",
            "spec:",
            "  syncResources:",
            "  - group: apps",
            "    versions: []",
            "    resources: [\"deployments\"]",
            "  - group: \"\"",
            "    resources: [\"pods\", \"configmaps\"]",
            "  queue:",
            "    url: https://sqs.us-east-1.amazonaws.com/123/cloudpedia-deltas",
            "    region: us-east-1",
            "    endpoint: http://127.0.0.1:5000",
            "    maxMessageBytes: 262144",
            "    compressAboveBytes: 4096",
            "  pageSize: 500",
            "  statusIntervalSeconds: 60",
            "  healthPort: 8081",
            "");

    @Test
    void theDocumentedExampleParses() {
        Config config = ConfigLoader.parse(FULL);

        assertThat(config.clusterName()).isEqualTo("cluster-1");
        assertThat(config.syncResources()).containsExactly(
                new SyncResource("apps", List.of(), List.of("deployments")),
                new SyncResource("", List.of(), List.of("pods", "configmaps")));
        assertThat(config.queue().url()).isEqualTo("https://sqs.us-east-1.amazonaws.com/123/cloudpedia-deltas");
        assertThat(config.queue().region()).isEqualTo("us-east-1");
        assertThat(config.queue().endpoint()).contains(URI.create("http://127.0.0.1:5000"));
        assertThat(config.queue().maxMessageBytes()).isEqualTo(262_144);
        assertThat(config.pageSize()).isEqualTo(500);
        assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.healthPort()).isEqualTo(8081);
    }

    @Test
    void omittedFieldsTakeTheDocumentedDefaultsAndTheRegionComesFromTheQueueUrl() {
        Config config = ConfigLoader.parse(String.join("\n",
                "apiVersion: cloudpedia.io/v1alpha1",
                "kind: SyncAgentConfig",
                "metadata: {name: edge-7}",
                "spec:",
                "  syncResources: [{resources: [\"*\"]}]",
                "  queue: {url: \"https://sqs.eu-west-2.amazonaws.com/1/q\"}"));

        assertThat(config.syncResources()).containsExactly(new SyncResource("", List.of(), List.of("*")));
        assertThat(config.queue().region()).isEqualTo("eu-west-2");
        assertThat(config.queue().endpoint()).isEmpty();
        assertThat(config.queue().maxMessageBytes()).isEqualTo(262_144);
        assertThat(config.queue().compressAboveBytes()).isEqualTo(4096);
        assertThat(config.pageSize()).isEqualTo(500);
        assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.healthPort()).isEqualTo(8081);
        assertThat(config.healthAddress()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name: cluster-1|name: Cluster_1|metadata.name",
        "url: https://sqs.us-east-1.amazonaws.com/123/cloudpedia-deltas|url: ftp://x|spec.queue.url",
        "maxMessageBytes: 262144|maxMessageBytes: 2000000|spec.queue.maxMessageBytes",
        "pageSize: 500|pageSize: 0|spec.pageSize",
        "pageSize: 500|pageSize: lots|spec.pageSize: must be an integer",
        "healthPort: 8081|healthPort: 70000|spec.healthPort",
        "healthPort: 8081|helthPort: 8081|spec.helthPort: unknown field",
        "resources: [\"deployments\"]|resources: []|spec.syncResources[0].resources",
        "kind: SyncAgentConfig|kind: PediaCluster|kind",
        "region: us-east-1|region: 7|spec.queue.region: must be a string",
    })
    void aBadFieldIsNamedInOneLine(String good, String bad, String expected) {
        String yaml = FULL.replace(good, bad);
        assertThat(yaml).isNotEqualTo(FULL);

        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(expected).doesNotContain("\n"));
    }

    @Test
    void aMissingQueueUrlIsRequired() {
        String yaml = FULL.replace("    url: https://sqs.us-east-1.amazonaws.com/123/cloudpedia-deltas\n", "");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml)).hasMessage("spec.queue.url: required");
    }

    @Test
    void aRegionThatCannotBeDerivedIsRequired() {
        String yaml = FULL.replace("    region: us-east-1\n", "")
                .replace("https://sqs.us-east-1.amazonaws.com/123/cloudpedia-deltas", "http://localhost:4566/0/q");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .hasMessage("spec.queue.region: required when it cannot be read from spec.queue.url");
    }

    @Test
    void theConfigsShippedWithTheManifestsAreValid() {
        // deploy/agent.yaml becomes the base's ConfigMap; the example overlay replaces it with its own.
        for (String file : List.of("deploy/agent.yaml", "examples/cluster-overlay/agent.yaml")) {
            Config config = ConfigLoader.load(Path.of(file));

            assertThat(config.healthAddress()).as(file).isEqualTo("0.0.0.0");
            assertThat(config.healthPort()).as(file).isEqualTo(Config.DEFAULT_HEALTH_PORT);
            assertThat(config.syncResources()).as(file).isNotEmpty();
        }
    }

    @Test
    void configLoaderReadsTheRegistryBlock(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
        Config config = ConfigLoader.parse(FULL + String.join("\n",
                "  registry:",
                "    url: https://api.example.com/prod",
                "    tokenFile: /var/run/secrets/cloudpedia/token",
                "    caFile: " + ca,
                "    pollInterval: 1m30s",
                ""));

        RegistryConfig registry = config.registry().orElseThrow();
        assertThat(registry.url()).isEqualTo(URI.create("https://api.example.com/prod"));
        assertThat(registry.tokenFile()).contains(Path.of("/var/run/secrets/cloudpedia/token"));
        assertThat(registry.caFile()).contains(ca);
        assertThat(registry.insecureSkipTLSVerify()).isFalse();
        assertThat(registry.pollInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.syncResources()).as("the local list, used until the registry was read").hasSize(2);
    }

    @Test
    void theRegistryBlockIsOptionalAndDefaultsAreDocumented() {
        assertThat(ConfigLoader.parse(FULL).registry()).isEmpty();

        RegistryConfig registry = ConfigLoader.parse(FULL + String.join("\n",
                "  registry: {url: \"http://127.0.0.1:8080\", insecureSkipTLSVerify: true}", "")).registry()
                .orElseThrow();

        assertThat(registry.tokenFile()).isEmpty();
        assertThat(registry.caFile()).isEmpty();
        assertThat(registry.insecureSkipTLSVerify()).isTrue();
        assertThat(registry.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{tokenFile: /t}|spec.registry.url: required",
        "{url: ftp://x}|spec.registry.url: must be an http(s) URL",
        "{url: \"https://a.example\", pollInterval: 30}|spec.registry.pollInterval: must be a string",
        "{url: \"https://a.example\", pollInterval: 30 s}|spec.registry.pollInterval: must be a duration",
        "{url: \"https://a.example\", pollInterval: 100ms}|spec.registry.pollInterval: must be between 1s and 24h",
        "{url: \"https://a.example\", insecureSkipTLSVerify: yes please}|spec.registry.insecureSkipTLSVerify",
        "{url: \"https://a.example\", caFile: /nonexistent/ca.crt}|spec.registry.caFile: cannot read",
        "{url: \"https://a.example\", insecureSkipTLSVerify: true, caFile: /x}|spec.registry.caFile: must not",
        "{url: \"https://a.example\", pollIntervall: 30s}|spec.registry.pollIntervall: unknown field",
    })
    void aBadRegistryFieldIsNamed(String registry, String expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(FULL + "  registry: " + registry + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void invalidYamlAndMissingFilesAreReportedClearly() {
        assertThatThrownBy(() -> ConfigLoader.parse("spec: [unclosed"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not valid YAML");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/agent.yaml")))
                .hasMessage("config file /nonexistent/agent.yaml does not exist");
    }
    private static String withSyncResources(String... lines) {
        return String.join("\n", "apiVersion: cloudpedia.io/v1alpha1", "kind: SyncAgentConfig", "metadata: {name: c1}",
                "spec:", "  queue: {url: \"https://sqs.eu-west-2.amazonaws.com/1/q\"}", "  syncResources:",
                String.join("\n", lines));
    }

    @Test
    void configLoaderReadsEventsInvolvedResourcesIncludingWithWildcardResources() {
        Config config = ConfigLoader.parse(withSyncResources(
                "  - group: \"\"",
                "    resources: [pods, configmaps]",
                "    eventsInvolvedResources: [Pods]",
                "  - group: apps",
                "    resources: [\"*\"]",
                "    eventsInvolvedResources: [deployments]",
                "  - group: batch",
                "    resources: [jobs]",
                "    eventsInvolvedResources: [\"*\"]",
                "  - group: policy",
                "    resources: [poddisruptionbudgets]"));

        assertThat(config.syncResources()).containsExactly(
                new SyncResource("", List.of(), List.of("pods", "configmaps"), List.of("Pods")),
                new SyncResource("apps", List.of(), List.of("*"), List.of("deployments")),
                new SyncResource("batch", List.of(), List.of("jobs"), List.of("*")),
                new SyncResource("policy", List.of(), List.of("poddisruptionbudgets"), List.of()));
    }

    @Test
    void anUnknownEventsInvolvedResourceIsAConfigError() {
        String yaml = withSyncResources(
                "  - group: \"\"",
                "    resources: [pods]",
                "    eventsInvolvedResources: [pods, services]");

        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("spec.syncResources[0].eventsInvolvedResources: \"services\" is not among this entry's "
                        + "resources [pods]")
                .extracting(e -> ((ConfigException) e).field())
                .isEqualTo("spec.syncResources[0].eventsInvolvedResources");
    }
}
