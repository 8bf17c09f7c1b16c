package io.cloudpedia.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.api.ApiFunction;
import io.cloudpedia.ingest.IngestFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each handler's declared environment is what its settings parser really reads: the parser runs over a recording map,
 * so a variable read but not declared (or declared but no longer read) fails here, not in a deployment.
 */
class FunctionEnvironmentTest {
  static final Map<String, String> TABLES = Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s");

  static Set<String> names(List<EnvVariable> variables) {
    return variables.stream().map(EnvVariable::name).collect(Collectors.toSet());
  }

  @Test
  void ingestFunctionDeclaresExactlyWhatItsConfigReads() {
    Set<String> read = IngestFunction.ENVIRONMENT.parse(TABLES);

    assertThat(read).containsExactlyInAnyOrderElementsOf(names(IngestFunction.ENVIRONMENT.parsedVariables()));
    assertThat(names(IngestFunction.ENVIRONMENT.variables())).contains("POWERTOOLS_METRICS_NAMESPACE");
  }

  @Test
  void apiFunctionDeclaresExactlyWhatItsConfigReads() {
    Map<String, String> env = new java.util.HashMap<>(TABLES);
    env.put("CONTINUE_TOKEN_KEY", "k".repeat(32));

    Set<String> read = ApiFunction.ENVIRONMENT.parse(env);

    assertThat(read).containsExactlyInAnyOrderElementsOf(names(ApiFunction.ENVIRONMENT.parsedVariables()));
    assertThat(read).contains("CONTINUE_TOKEN_KEY_SECRET", "ALLOWED_PROXY_SUBRESOURCES", "FORWARD_TIMEOUT_SECONDS");
  }

  @Test
  void theContinueTokenKeyItselfIsLocalOnlyAndItsSecretIsForTheDeployment() {
    Map<String, EnvVariable.Setting> settings = ApiFunction.ENVIRONMENT.variables().stream()
        .collect(Collectors.toMap(EnvVariable::name, EnvVariable::setting));

    assertThat(settings).containsEntry("CONTINUE_TOKEN_KEY", EnvVariable.Setting.LOCAL_ONLY)
        .containsEntry("CONTINUE_TOKEN_KEY_SECRET", EnvVariable.Setting.DEPLOYMENT)
        .containsEntry("RESOURCES_TABLE", EnvVariable.Setting.DEPLOYMENT)
        .containsEntry("INDEXED_LABELS", EnvVariable.Setting.DEPLOYMENT);
  }

  @Test
  void parseFailsAsTheFunctionWouldAtStart() {
    assertThatThrownBy(() -> IngestFunction.ENVIRONMENT.parse(Map.of("SYNC_STATE_TABLE", "s")))
        .isInstanceOf(RuntimeException.class).hasMessageContaining("RESOURCES_TABLE");
  }

  @Test
  void readsAreRecordedWhetherTheVariableIsSetOrNotAndIterationCountsAsReadingAll() {
    FunctionEnvironment lookup = FunctionEnvironment.of(env -> env.get("A"), List.of(EnvVariable.defaulted("A")));
    FunctionEnvironment iterate = FunctionEnvironment.of(env -> env.forEach((k, v) -> { }), List.of());

    assertThat(lookup.parse(Map.of("B", "1"))).containsExactly("A");
    assertThat(iterate.parse(Map.of("B", "1", "C", "2"))).containsExactlyInAnyOrder("B", "C");
  }

  @Test
  void aVariableCannotBeDeclaredTwice() {
    assertThatThrownBy(() -> FunctionEnvironment.of(env -> { }, List.of(EnvVariable.defaulted("A")),
        EnvVariable.deployment("A"))).hasMessageContaining("declared twice: A");
  }
}
