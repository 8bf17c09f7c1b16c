package io.cloudpedia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.auth.source.InvalidDocumentException;
import io.cloudpedia.auth.source.SecretsManagerDocumentSource;
import io.cloudpedia.registry.credentials.CapturedLogs;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.MutableClock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Static bearer tokens from a real Secrets Manager (moto, LocalStack or AWS_ENDPOINT_URL). */
class StaticTokensTest {
  static final AwsTestEnvironment aws = AwsTestEnvironment.shared();
  static final Duration TTL = Duration.ofSeconds(60);
  static final String ALICE = "alice-token-3f9d2c1b7a6e5d4c3b2a19087f6e5d4c";
  static final String BOB = "bob-token-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

  final MutableClock clock = MutableClock.startingNow();

  static String sha256(String token) {
    return HexFormat.of().formatHex(Fingerprint.sha256(token));
  }

  static String table(Map<String, String> tokenToPrincipal) {
    StringBuilder json = new StringBuilder("{\"tokens\":[");
    tokenToPrincipal.forEach((token, principal) -> json.append(json.length() > 11 ? "," : "")
        .append("{\"principal\":\"").append(principal).append("\",\"sha256\":\"").append(sha256(token)).append("\"}"));
    return json.append("]}").toString();
  }

  String secret(String text) {
    String name = aws.uniqueName("auth-tokens");
    aws.secretsManager().createSecret(r -> r.name(name).secretString(text));
    return name;
  }

  StaticTokens tokens(String secret) throws InvalidDocumentException {
    return StaticTokens.load(new SecretsManagerDocumentSource(aws.secretsManager(), secret), TTL, clock);
  }

  @Test
  void aKnownTokenIsItsPrincipalAndAnyOtherIsUnknown() throws Exception {
    StaticTokens tokens = tokens(secret(table(Map.of(ALICE, "alice", BOB, "bob"))));

    assertThat(tokens.principalFor(ALICE)).contains("alice");
    assertThat(tokens.principalFor(BOB)).contains("bob");
    assertThat(tokens.principalFor(ALICE + "x")).isEmpty();
    assertThat(tokens.principalFor(ALICE.substring(1))).isEmpty();
    assertThat(tokens.principalFor(sha256(ALICE))).isEmpty();
  }

  @Test
  void aRevokedTokenWorksUntilTheTtlHasPassedAndNotAfter() throws Exception {
    String secret = secret(table(Map.of(ALICE, "alice", BOB, "bob")));
    StaticTokens tokens = tokens(secret);
    aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(table(Map.of(BOB, "bob"))));

    clock.advance(TTL.minusSeconds(1));
    assertThat(tokens.principalFor(ALICE)).contains("alice");

    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.principalFor(ALICE)).isEmpty();
    assertThat(tokens.principalFor(BOB)).contains("bob");
  }

  @Test
  void aRotatedInTokenWorksAfterTheTtlWithoutARedeploy() throws Exception {
    String secret = secret(table(Map.of(ALICE, "alice")));
    StaticTokens tokens = tokens(secret);
    String next = "alice-next-token-77e1c0d2b3a4958677e1c0d2b3a49586";
    aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(table(Map.of(ALICE, "alice", next,
        "alice"))));

    assertThat(tokens.principalFor(next)).isEmpty();
    clock.advance(TTL.plusSeconds(1));
    assertThat(tokens.principalFor(next)).contains("alice");
    assertThat(tokens.principalFor(ALICE)).contains("alice");
  }

  @Test
  void aBrokenNewVersionIsRefusedOnceInTheLogsAndTheLastGoodTableStays() throws Exception {
    String secret = secret(table(Map.of(ALICE, "alice")));
    StaticTokens tokens = tokens(secret);
    String broken = "{\"tokens\":[{\"principal\":\"arn:aws:iam::1:root\",\"sha256\":\"" + sha256(BOB) + "\"}]}";
    aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(broken));

    try (CapturedLogs logs = CapturedLogs.start()) {
      for (int i = 0; i < 3; i++) {
        clock.advance(TTL.plusSeconds(1));
        assertThat(tokens.principalFor(ALICE)).contains("alice");
        assertThat(tokens.principalFor(BOB)).isEmpty();
      }
      assertThat(logs.lines()).filteredOn(l -> l.contains(" ERROR ")).singleElement().asString()
          .contains("static bearer tokens", "secret " + secret, "tokens[0].principal", "still using version")
          .doesNotContain(sha256(BOB)).doesNotContain(sha256(ALICE));
    }
  }

  @Test
  void anInvalidTableAtStartIsAnErrorNamingTheProblemNotTheContent() {
    String secret = secret("{\"tokens\":[{\"principal\":\"alice\",\"sha256\":\"" + ALICE + "\"}]}");

    assertThatThrownBy(() -> tokens(secret))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("secret " + secret)
        .hasMessageContaining("tokens[0].sha256 must be 64 hex digits")
        .hasMessageNotContaining(ALICE);
  }

  @Test
  void theAuthenticatorNamesTheVariableWhenTheSecretIsMissing() {
    AuthConfig config = AuthConfig.from(Map.of(AuthConfig.AUTH_TOKENS_SECRET, aws.uniqueName("no-such-secret")));

    assertThatThrownBy(() -> Authenticator.from(config, aws.clients(), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AUTH_TOKENS_SECRET: secret ")
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void theAuthenticatorFromConfigurationAcceptsBearerTokens() {
    String secret = secret(table(Map.of(ALICE, "alice")));
    Authenticator authenticator = Authenticator.from(
        AuthConfig.from(Map.of(AuthConfig.AUTH_TOKENS_SECRET, secret)), aws.clients(), clock);

    assertThat(authenticator.authenticate(Optional.of("Bearer " + ALICE)))
        .isEqualTo(new AuthResult.Authenticated("alice", AuthKind.BEARER_TOKEN, Fingerprint.of(ALICE)));
    assertThat(authenticator.authenticate(Optional.of("bearer   " + ALICE + " ")))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(authenticator.authenticate(Optional.of("Bearer " + BOB)))
        .isEqualTo(new AuthResult.Denied(DenyReason.UNKNOWN_TOKEN, Fingerprint.of(BOB)));
    assertThat(authenticator.authenticate(Optional.of("Basic " + ALICE)))
        .isInstanceOfSatisfying(AuthResult.Denied.class, d -> assertThat(d.reason()).isEqualTo(DenyReason.NOT_BEARER));
    assertThat(authenticator.authenticate(Optional.empty()))
        .isEqualTo(new AuthResult.Denied(DenyReason.MISSING, Fingerprint.NONE));
    // IAM tokens are off in this configuration.
    assertThat(authenticator.authenticate(Optional.of("Bearer k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8")))
        .isInstanceOfSatisfying(AuthResult.Denied.class, d -> assertThat(d.reason()).isEqualTo(DenyReason.IAM_DISABLED));
  }
}
