package io.cloudpedia.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * template.yaml through AWS SAM's own translator, offline: {@code .ci/sam-translate.py} (the {@code samtranslator}
 * Python package, what {@code sam validate} and CloudFormation's Serverless transform run), with no AWS credentials.
 */
final class Sam {
  static final Path SCRIPT = Tool.ROOT.resolve(".ci/sam-translate.py");
  static final Path TEMPLATE = Tool.ROOT.resolve("template.yaml");
  static final Path SAMCONFIG = Tool.ROOT.resolve("samconfig.toml");
  /** The bucket the script puts in place of local CodeUris; the S3 key is the local path. */
  static final String PLACEHOLDER_BUCKET = "cloudpedia-offline-translation";
  static final String INSTALL = "pip install aws-sam-translator (the samtranslator package; python3 >= 3.11 for tomllib)";
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param run the script's exit code and output (errors one per line, "error: ...")
   * @param template the translated CloudFormation template; missing if it failed
   * @param parameters the parameter values used: defaults, then the environment's overrides
   */
  record Translation(Tool.Result run, JsonNode template, Map<String, String> parameters) {

    /** The translated functions (AWS::Lambda::Function) by logical id. */
    Map<String, JsonNode> functions() {
      Map<String, JsonNode> functions = new java.util.TreeMap<>();
      template.path("Resources").fields().forEachRemaining(e -> {
        if ("AWS::Lambda::Function".equals(e.getValue().path("Type").asText())) {
          functions.put(e.getKey(), e.getValue().path("Properties"));
        }
      });
      return functions;
    }
  }

  private Sam() {}

  /** Translates template.yaml, with a samconfig environment's overrides and region unless it is null. */
  static Translation translate(Path scratch, String configEnv) {
    Path output = scratch.resolve("translated-" + configEnv + ".json");
    Path parameters = scratch.resolve("parameters-" + configEnv + ".json");
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), TEMPLATE.toString(),
        "--output", output.toString(), "--parameters-output", parameters.toString()));
    if (configEnv != null) {
      command.addAll(List.of("--samconfig", SAMCONFIG.toString(), "--config-env", configEnv));
    }
    Tool.Result run = Tool.run(command, Tool.ROOT, hermetic(scratch), Duration.ofSeconds(120), INSTALL);
    if (run.exitCode() != 0) {
      return new Translation(run, JSON.missingNode(), Map.of());
    }
    try {
      Map<String, String> values = new HashMap<>();
      JSON.readTree(parameters.toFile()).path("parameters").fields()
          .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
      return new Translation(run, JSON.readTree(output.toFile()), Map.copyOf(values));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** samconfig.toml as JSON, read by Python's tomllib (which also proves it is valid TOML). */
  static JsonNode samconfig(Path scratch) {
    Tool.Result run = Tool.run(List.of("python3", SCRIPT.toString(), "--samconfig-json", SAMCONFIG.toString()),
        Tool.ROOT, hermetic(scratch), Duration.ofSeconds(60), INSTALL);
    assertThat(run.exitCode()).as("samconfig.toml through tomllib:%n%s", run.output()).isZero();
    try {
      return JSON.readTree(run.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A default region, and no AWS configuration or credentials of the machine: the translation needs none. */
  private static Map<String, String> hermetic(Path scratch) {
    return Map.of(
        "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_CONFIG_FILE", scratch.resolve("no-aws-config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-aws-credentials").toString(),
        "AWS_EC2_METADATA_DISABLED", "true",
        "PYTHONDONTWRITEBYTECODE", "1");
  }
}
