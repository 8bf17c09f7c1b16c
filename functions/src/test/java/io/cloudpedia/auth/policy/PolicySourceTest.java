package io.cloudpedia.auth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.registry.credentials.CapturedLogs;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The policy in force, from a real Secrets Manager and SSM Parameter Store (moto, LocalStack or AWS_ENDPOINT_URL). */
class PolicySourceTest {
  static final AwsTestEnvironment aws = AwsTestEnvironment.shared();
  static final SsmClient ssm = aws.clients().configure(SsmClient.builder()).build();

  final MutableClock clock = MutableClock.startingNow();

  static String allow(String principal) {
    return "rules:\n  - principals: [" + principal + "]\n    clusters: ['*']\n    namespaces: ['*']\n"
        + "    resources: ['*']\n    actions: [read]\n";
  }

  static boolean reads(PolicySource source, String principal) {
    return source.current().allows(principal, new Request("c", "ns", "", "pods", Action.READ));
  }

  @Test
  void aPolicyInAnSsmParameterIsFollowedAfterTheTtl() {
    String name = "/" + aws.uniqueName("policy");
    ssm.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).value(allow("alice")));
    PolicySource source = PolicySource.from(Map.of(PolicySource.AUTH_POLICY_PARAMETER, name,
        PolicySource.AUTH_POLICY_TTL_SECONDS, "30"), aws.clients(), clock).orElseThrow();
    assertThat(source.version()).isEqualTo("1");
    assertThat(reads(source, "alice")).isTrue();

    ssm.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).overwrite(true).value(allow("bob")));
    clock.advance(Duration.ofSeconds(29));
    assertThat(reads(source, "alice")).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(reads(source, "alice")).isFalse();
    assertThat(reads(source, "bob")).isTrue();
    assertThat(source.version()).isEqualTo("2");
  }

  @Test
  void aBrokenNewPolicyIsRefusedWithOneClearLineAndTheLastGoodOneStays() {
    String secret = aws.uniqueName("policy");
    aws.secretsManager().createSecret(r -> r.name(secret).secretString(allow("alice")));
    PolicySource source = PolicySource.from(Map.of(PolicySource.AUTH_POLICY_SECRET, secret), aws.clients(), clock)
        .orElseThrow();
    aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(
        allow("bob").replace("[read]", "[reed]")));

    try (CapturedLogs logs = CapturedLogs.start()) {
      for (int i = 0; i < 5; i++) {
        clock.advance(PolicySource.DEFAULT_TTL.plusSeconds(1));
        assertThat(reads(source, "alice")).isTrue();
        assertThat(reads(source, "bob")).isFalse();
      }
      assertThat(logs.lines()).filteredOn(l -> l.contains(" ERROR ")).singleElement().asString()
          .contains("authorization policy", "secret " + secret, "is invalid and is not used",
              "rules[0].actions[0]: unknown action 'reed'");
    }

    aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(allow("bob")));
    clock.advance(PolicySource.DEFAULT_TTL.plusSeconds(1));
    assertThat(reads(source, "bob")).isTrue();
  }

  @Test
  void aStoreThatCannotBeReadKeepsTheLastGoodPolicyAndIsRetried() {
    String secret = aws.uniqueName("policy");
    aws.secretsManager().createSecret(r -> r.name(secret).secretString(allow("alice")));
    PolicySource source = PolicySource.from(Map.of(PolicySource.AUTH_POLICY_SECRET, secret), aws.clients(), clock)
        .orElseThrow();
    aws.secretsManager().deleteSecret(r -> r.secretId(secret).forceDeleteWithoutRecovery(true));

    try (CapturedLogs logs = CapturedLogs.start()) {
      for (int i = 0; i < 3; i++) {
        clock.advance(PolicySource.DEFAULT_TTL.plusSeconds(1));
        assertThat(reads(source, "alice")).isTrue();
      }
      assertThat(logs.lines()).filteredOn(l -> l.contains(" WARN ") && l.contains("authorization policy"))
          .singleElement().asString().contains("secret " + secret, "ResourceNotFoundException", "keeping version");
    }
  }

  @Test
  void anInvalidOrMissingPolicyAtStartIsAnErrorNamingTheVariable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, allow("alice").replace("clusters", "cluster"));

    assertThatThrownBy(() -> PolicySource.from(Map.of(PolicySource.AUTH_POLICY_FILE, file.toString()),
        aws.clients(), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AUTH_POLICY_FILE: authorization policy (file " + file)
        .hasMessageContaining("rules[0] has an unknown field \"cluster\"");
    assertThatThrownBy(() -> PolicySource.from(Map.of(PolicySource.AUTH_POLICY_PARAMETER,
        "/" + aws.uniqueName("none")), aws.clients(), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AUTH_POLICY_PARAMETER: parameter /")
        .hasMessageContaining("ParameterNotFound");
    assertThatThrownBy(() -> PolicySource.from(Map.of(PolicySource.AUTH_POLICY_FILE, file.toString(),
        PolicySource.AUTH_POLICY_SECRET, "x"), aws.clients(), clock))
        .hasMessage("set only one of AUTH_POLICY_SECRET, AUTH_POLICY_FILE");
    assertThat(PolicySource.from(Map.of(), aws.clients(), clock)).isEmpty();
  }

  @Test
  void aPolicyFileServesLocalRuns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, "{\"rules\":[{\"principals\":[\"alice\"],\"clusters\":[\"*\"],\"namespaces\":[\"*\"],"
        + "\"resources\":[\"core/pods\"],\"actions\":[\"read\"]}]}");

    PolicySource source = PolicySource.from(Map.of(PolicySource.AUTH_POLICY_FILE, file.toString()),
        aws.clients(), clock).orElseThrow();

    assertThat(reads(source, "alice")).isTrue();
  }
}
