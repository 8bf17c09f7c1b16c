package io.cloudpedia.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.env.FunctionEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samconfig.toml deploys: it is TOML (read by Python's tomllib), each environment has its own stack, the capabilities
 * the template needs and an artifact bucket, its parameter overrides name template parameters with values they allow
 * (checked by {@code .ci/sam-translate.py}), it translates with SAM's translator, and the functions start with the
 * values it gives them.
 */
class SamconfigTest {
  /** Lambda's invoke payload limit: a batch of SQS messages must fit. */
  static final long LAMBDA_PAYLOAD_BYTES = 6L * 1024 * 1024;

  @TempDir static Path scratch;
  static JsonNode samconfig;
  static List<String> environments;

  @BeforeAll
  static void read() {
    samconfig = Sam.samconfig(scratch);
    environments = new ArrayList<>();
    samconfig.fieldNames().forEachRemaining(name -> {
      if (!name.equals("version")) {
        environments.add(name);
      }
    });
  }

  /** A command's parameter, else the environment's global one. */
  static JsonNode setting(String environment, String command, String key) {
    JsonNode specific = samconfig.path(environment).path(command).path("parameters").path(key);
    return specific.isMissingNode() ? samconfig.path(environment).path("global").path("parameters").path(key)
        : specific;
  }

  @Test
  void hasADefaultAndAProductionEnvironment() {
    assertThat(samconfig.path("version").asDouble()).isEqualTo(0.1);
    assertThat(environments).contains("default", "prod");
  }

  @Test
  void everyEnvironmentDeploysItsOwnStackWithTheCapabilitiesAndBucketItNeeds() {
    Set<String> stacks = new HashSet<>();
    for (String environment : environments) {
      String stack = setting(environment, "deploy", "stack_name").asText();
      assertThat(stack).as("[%s] stack_name", environment).matches("[A-Za-z][A-Za-z0-9-]{0,127}");
      assertThat(stacks.add(stack)).as("[%s] has a stack of its own, not %s", environment, stack).isTrue();
      List<String> capabilities = List.of(setting(environment, "deploy", "capabilities").asText().split("\\s+"));
      assertThat(capabilities).as("[%s] capabilities", environment)
          .contains("CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND");
      boolean bucket = setting(environment, "deploy", "resolve_s3").asBoolean(false)
          || !setting(environment, "deploy", "s3_bucket").asText().isEmpty();
      assertThat(bucket).as("[%s] resolve_s3 or s3_bucket: where sam deploy uploads the jar", environment).isTrue();
    }
  }

  @Test
  void theDefaultEnvironmentTakesItsRegionFromTheCallerAndProductionPinsOne() {
    assertThat(setting("default", "deploy", "region").isMissingNode())
        .as("[default] region: left to --region, AWS_REGION or the profile").isTrue();
    assertThat(setting("prod", "deploy", "region").asText()).matches("[a-z]{2}(-[a-z]+)+-[0-9]");
  }

  @Test
  void everyEnvironmentsOverridesAreValidParametersTheFunctionsStartWith() {
    for (String environment : environments) {
      Sam.Translation translation = Sam.translate(scratch, environment);
      assertThat(translation.run().exitCode()).as("[%s] overrides and translation:%n%s", environment,
          translation.run().output()).isZero();
      Map<String, String> parameters = translation.parameters();
      int batchSize = Integer.parseInt(parameters.get("BatchSize"));
      if (batchSize > 10) {
        assertThat(Integer.parseInt(parameters.get("MaximumBatchingWindowInSeconds")))
            .as("[%s] Lambda needs a batching window of at least 1 s for BatchSize %d", environment, batchSize)
            .isPositive();
      }
      assertThat((long) batchSize * QueueConfig.DEFAULT_MAX_MESSAGE_BYTES)
          .as("[%s] a batch of the agents' (default) largest messages fits Lambda's invoke payload", environment)
          .isLessThanOrEqualTo(LAMBDA_PAYLOAD_BYTES);
      for (Map.Entry<String, JsonNode> function : translation.functions().entrySet()) {
        FunctionEnvironment declared = SamTemplateTest.environmentOf(function.getKey(), function.getValue());
        try {
          declared.parse(SamTemplateTest.resolve(function.getValue().at("/Environment/Variables"), parameters));
        } catch (RuntimeException e) {
          fail("[%s] %s would not start: %s", environment, function.getKey(), e.getMessage());
        }
      }
    }
  }
}
