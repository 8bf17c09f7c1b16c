package io.cloudpedia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** STS answers, canonical ARNs, endpoint pinning and configuration: no network. */
class CallerIdentityTest {

  static java.util.Optional<String> arn(String body) {
    return CallerIdentity.arnFromResponse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theArnIsReadFromStsJsonOrXmlAnswers() {
    assertThat(arn("{\"GetCallerIdentityResponse\":{\"GetCallerIdentityResult\":{\"Account\":\"111122223333\","
        + "\"Arn\":\"arn:aws:iam::111122223333:user/alice\",\"UserId\":\"AIDA\"},\"ResponseMetadata\":{}}}"))
        .contains("arn:aws:iam::111122223333:user/alice");
    assertThat(arn("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/Dev/s1</Arn>"
        + "<Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"))
        .contains("arn:aws:sts::111122223333:assumed-role/Dev/s1");
    assertThat(arn("<ErrorResponse><Error><Arn>arn:aws:iam::111122223333:root</Arn></Error></ErrorResponse>"))
        .isEmpty();
    assertThat(arn("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><GetCallerIdentityResponse>"
        + "<GetCallerIdentityResult><Arn>&e;</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>"))
        .isEmpty();
    assertThat(arn("")).isEmpty();
    assertThat(arn("{not json")).isEmpty();
  }

  @Test
  void assumedRoleSessionsBecomeTheirRoleAndOtherArnsStay() {
    assertThat(CallerIdentity.canonicalArn("arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com"))
        .contains("arn:aws:iam::111122223333:role/Dev");
    assertThat(CallerIdentity.canonicalArn("arn:aws-cn:sts::111122223333:assumed-role/Dev/i-0abc"))
        .contains("arn:aws-cn:iam::111122223333:role/Dev");
    assertThat(CallerIdentity.canonicalArn("arn:aws:iam::111122223333:user/team/alice"))
        .contains("arn:aws:iam::111122223333:user/team/alice");
    assertThat(CallerIdentity.canonicalArn("arn:aws:iam::111122223333:root")).contains("arn:aws:iam::111122223333:root");
    assertThat(CallerIdentity.canonicalArn("arn:aws:s3:::bucket")).isEmpty();
    assertThat(CallerIdentity.canonicalArn("arn:aws:iam::1111:user/x")).isEmpty();
    assertThat(CallerIdentity.canonicalArn("arn:aws:iam::111122223333:user/a b")).isEmpty();
  }

  @Test
  void awsEndpointsAreTheGlobalAndTheRegionalOneOverHttpsOnly() {
    StsEndpoints endpoints = StsEndpoints.aws("eu-west-1");
    assertThat(endpoints.allows(URI.create("https://sts.amazonaws.com/?a"))).isTrue();
    assertThat(endpoints.allows(URI.create("https://STS.eu-west-1.amazonaws.com:443?a"))).isTrue();
    assertThat(endpoints.allows(URI.create("https://sts.us-east-1.amazonaws.com/?a"))).isFalse();
    assertThat(endpoints.allows(URI.create("http://sts.amazonaws.com/?a"))).isFalse();
    assertThat(endpoints.allows(URI.create("https://sts.amazonaws.com:8443/?a"))).isFalse();
    assertThat(endpoints.allows(URI.create("https://sts.amazonaws.com.example.org/?a"))).isFalse();
    assertThat(endpoints.allows(URI.create("https://x@sts.amazonaws.com/?a"))).isFalse();
    assertThat(endpoints.allows(URI.create("https://sts.amazonaws.com/x?a"))).isFalse();
    assertThat(StsEndpoints.aws("cn-north-1").allows(URI.create("https://sts.cn-north-1.amazonaws.com.cn/")))
        .isTrue();
    assertThat(StsEndpoints.aws("cn-north-1").allows(URI.create("https://sts.amazonaws.com/"))).isFalse();
    assertThat(endpoints.plus(URI.create("http://127.0.0.1:5000")).allows(URI.create("http://127.0.0.1:5000/?a")))
        .isTrue();
    assertThatThrownBy(() -> StsEndpoints.aws("eu-west-1.evil.com")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configurationComesFromTheEnvironmentWithDefaults() {
    AuthConfig config = AuthConfig.from(Map.of(AuthConfig.AUTH_IAM_CLUSTER_ID, "prod", "AWS_REGION", "eu-west-1",
        AuthConfig.AUTH_STS_ENDPOINT, "http://127.0.0.1:5000"));
    assertThat(config.tokensSecret()).isEmpty();
    assertThat(config.tokensTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.stsTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.stsEndpoints().allows(URI.create("https://sts.eu-west-1.amazonaws.com/"))).isTrue();
    assertThat(config.stsEndpoints().allows(URI.create("http://127.0.0.1:5000/"))).isTrue();

    assertThatThrownBy(() -> AuthConfig.from(Map.of()))
        .hasMessageContaining("no authentication method is configured");
    assertThatThrownBy(() -> AuthConfig.from(Map.of(AuthConfig.AUTH_IAM_CLUSTER_ID, "p",
        AuthConfig.AUTH_STS_ENDPOINT, "http://127.0.0.1:5000/path")))
        .hasMessageStartingWith("AUTH_STS_ENDPOINT: ");
    assertThatThrownBy(() -> AuthConfig.from(Map.of(AuthConfig.AUTH_IAM_CLUSTER_ID, "p",
        AuthConfig.AUTH_STS_TIMEOUT_SECONDS, "30")))
        .hasMessageContaining("API Gateway waits 10 s");
    assertThatThrownBy(() -> Authenticator.fromEnvironment(Map.of(AuthConfig.AUTH_TOKENS_TTL_SECONDS, "x",
        AuthConfig.AUTH_IAM_CLUSTER_ID, "p")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("AUTH_TOKENS_TTL_SECONDS must be a whole number of seconds, not 'x'");
  }
}
