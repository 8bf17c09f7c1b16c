package io.cloudpedia.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncAgentMainTest {

    @Test
    void aMissingConfigFileIsOneErrorLineAndExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SyncAgentMain.run(new String[] {"--config", "/nonexistent"}, new PrintStream(err, true,
                StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("sync-agent: invalid configuration /nonexistent: config file /nonexistent does not exist"
                        + System.lineSeparator());
    }

    @Test
    void aBadFieldIsNamedInTheErrorLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, String.join("\n",
                "apiVersion: cloudpedia.io/v1alpha1",
                "kind: SyncAgentConfig",
                "metadata: {name: cluster-1}",
                "spec:",
                "  syncResources: [{group: apps, resources: [deployments]}]",
                "  queue: {url: \"https://sqs.us-east-1.amazonaws.com/1/q\", maxMessageBytes: 5}"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SyncAgentMain.run(new String[] {"--config", config.toString()}, new PrintStream(err, true,
                StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .contains("spec.queue.maxMessageBytes: must be between 16384 and 1048576, not 5");
    }

    @Test
    void missingConfigOptionPrintsUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SyncAgentMain.run(new String[] {"--kubeconfig", "/x"}, new PrintStream(err, true,
                StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sync-agent: --config is required");
    }
}
