package io.cloudpedia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.auth.source.SecretsManagerDocumentSource;
import io.cloudpedia.registry.credentials.CapturedLogs;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda authorizer as API Gateway calls it (payload 2.0 events as maps): static tokens from a real Secrets
 * Manager; IAM tokens whose STS is a recording loopback server answering 403, so that nothing in this class can reach
 * any other host.
 */
class AuthorizerFunctionTest {
  static final AwsTestEnvironment aws = AwsTestEnvironment.shared();
  static final String CLUSTER_ID = "cloudpedia-test";
  static final String ALICE = "alice-token-5b8e1f0c3d2a4b6c8d0e2f4a6b8c0d2e";
  static final String REVOKED = "revoked-token-9c7b5a3d1e2f4a6b8c0d2e4f6a8b0c2d";
  static final int FUZZ_CASES = 5_000;

  static RecordingServer sts;
  static String secret;
  final MutableClock clock = MutableClock.startingNow();

  @BeforeAll
  static void setUp() {
    sts = RecordingServer.answering(403,
        "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>");
    secret = aws.uniqueName("auth-authorizer");
    aws.secretsManager().createSecret(r -> r.name(secret).secretString(
        StaticTokensTest.table(Map.of(ALICE, "alice", REVOKED, "mallory"))));
  }

  @AfterAll
  static void tearDown() {
    sts.close();
  }

  AuthorizerFunction function() throws Exception {
    StaticTokens tokens = StaticTokens.load(
        new SecretsManagerDocumentSource(aws.secretsManager(), secret), Duration.ofSeconds(60), clock);
    IamTokenVerifier iam = new IamTokenVerifier(CLUSTER_ID, StsEndpoints.only(sts.endpoint()), Duration.ofSeconds(2),
        clock);
    return new AuthorizerFunction(new Authenticator(Optional.of(tokens), Optional.of(iam)));
  }

  /** An authorizer event as API Gateway sends it (identity source: the Authorization header). */
  static Map<String, Object> event(String authorization) {
    Map<String, Object> event = new HashMap<>();
    event.put("version", "2.0");
    event.put("type", "REQUEST");
    event.put("routeArn", "arn:aws:execute-api:us-east-1:123456789012:abc/$default/GET/api");
    event.put("rawPath", "/api/v1/pods");
    Map<String, String> headers = new HashMap<>();
    headers.put("host", "abc.execute-api.us-east-1.amazonaws.com");
    if (authorization != null) {
      headers.put("authorization", authorization);
      event.put("identitySource", List.of(authorization));
    }
    event.put("headers", headers);
    return event;
  }

  @Test
  void aKnownBearerTokenIsAuthorizedWithItsPrincipalInTheContext() throws Exception {
    Map<String, Object> response = function().handleRequest(event("Bearer " + ALICE), null);

    assertThat(response).isEqualTo(Map.of(
        "isAuthorized", true,
        "context", Map.of("principal", "alice", "authKind", "BEARER_TOKEN")));
  }

  @Test
  void missingWrongAndForgedCredentialsAreDenied() throws Exception {
    AuthorizerFunction function = function();
    String foreignIam = IamTokens.token(sts.endpoint(), "another-deployment", clock.instant());
    for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic " + ALICE, "Bearer " + ALICE + "x",
        "Bearer " + foreignIam, "Bearer k8s-aws-v1.", ALICE}) {
      assertThat(function.handleRequest(event(header), null)).as("%s", header)
          .isEqualTo(Map.of("isAuthorized", false));
    }
    assertThat(function.handleRequest(null, null)).isEqualTo(Map.of("isAuthorized", false));
    assertThat(function.handleRequest(Map.of("headers", Map.of("Authorization", "Bearer " + ALICE)), null))
        .containsEntry("isAuthorized", true);
    assertThat(function.handleRequest(Map.of("identitySource", List.of("Bearer " + ALICE)), null))
        .containsEntry("isAuthorized", true);
  }

  @Test
  void anStsThatFailsFailsTheInvocationSoThatNoDenialIsCached() throws Exception {
    try (RecordingServer failing = RecordingServer.answering(503, "")) {
      IamTokenVerifier iam = new IamTokenVerifier(CLUSTER_ID, StsEndpoints.only(failing.endpoint()),
          Duration.ofSeconds(2), clock);
      AuthorizerFunction function = new AuthorizerFunction(new Authenticator(Optional.empty(), Optional.of(iam)));
      String token = IamTokens.token(failing.endpoint(), CLUSTER_ID, clock.instant());

      assertThatThrownBy(() -> function.handleRequest(event("Bearer " + token), null))
          .isInstanceOf(AuthenticationUnavailableException.class)
          .hasMessage("STS answered HTTP 503");
    }
  }

  @Test
  void fiveThousandRandomAndMalformedHeadersAreAllDeniedAndNothingEscapes() throws Exception {
    long seed = Long.getLong("auth.fuzz.seed", System.nanoTime());
    System.out.println("AuthorizerFunctionTest fuzz seed: " + seed + " (rerun with -Dauth.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    AuthorizerFunction function = function();
    String signed = IamTokens.presignedUrl(sts.endpoint(), CLUSTER_ID, clock.instant()).toString();
    int stsRequestsBefore = sts.received().size();
    int sentToSts = 0;

    for (int i = 0; i < FUZZ_CASES; i++) {
      String header = fuzzHeader(random, signed);
      Map<String, Object> response;
      try {
        response = function.handleRequest(event(header), null);
      } catch (RuntimeException e) {
        throw new AssertionError("case " + i + " (seed " + seed + ") threw " + e, e);
      }
      assertThat(response).as("case %d (seed %d)", i, seed).isEqualTo(Map.of("isAuthorized", false));
      sentToSts = sts.received().size() - stsRequestsBefore;
    }
    // Mutations that kept the URL valid went to the one allowed endpoint (which refused them), and nowhere else.
    assertThat(sentToSts).isLessThan(FUZZ_CASES);
  }

  @Test
  void noTokenEverAppearsInALogLine() throws Exception {
    AuthorizerFunction function = function();
    String iamToken = IamTokens.token(sts.endpoint(), CLUSTER_ID, clock.instant());
    String expired = IamTokens.token(sts.endpoint(), CLUSTER_ID, clock.instant().minus(Duration.ofMinutes(20)));
    String elsewhere = IamTokens.encode(
        IamTokens.presignedUrl(java.net.URI.create("http://127.0.0.1:9"), CLUSTER_ID, clock.instant()).toString());
    List<String> tokens = List.of(ALICE, REVOKED, ALICE + "x", iamToken, expired, elsewhere, "k8s-aws-v1.!!notbase64");

    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      for (String token : tokens) {
        function.handleRequest(event("Bearer " + token), null);
        function.handleRequest(event("Basic " + token), null);
      }
      // Revoke one and let the table be re-read: the reload's lines are scanned too.
      aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(
          StaticTokensTest.table(Map.of(ALICE, "alice"))));
      clock.advance(Duration.ofSeconds(61));
      assertThat(function.handleRequest(event("Bearer " + REVOKED), null)).containsEntry("isAuthorized", false);
      aws.secretsManager().putSecretValue(r -> r.secretId(secret).secretString(
          StaticTokensTest.table(Map.of(ALICE, "alice", REVOKED, "mallory"))));
      lines = logs.lines();
    }

    assertThat(lines).anyMatch(l -> l.contains("authenticated alice by BEARER_TOKEN (token " + Fingerprint.of(ALICE)));
    assertThat(lines).anyMatch(l -> l.contains("denied: " + DenyReason.EXPIRED.message()));
    assertThat(lines).anyMatch(l -> l.contains("denied: " + DenyReason.STS_REJECTED.message()));
    String all = String.join("\n", lines);
    for (String token : tokens) {
      assertThat(all).as("the logs").doesNotContain(token);
      // Nor any long piece of it: the decoded URL's signature, the base64 body, the hash in the secret.
      String body = token.startsWith(IamTokenVerifier.PREFIX) ? token.substring(IamTokenVerifier.PREFIX.length()) : token;
      for (int from = 0; from + 16 <= body.length(); from += 16) {
        assertThat(all).doesNotContain(body.substring(from, from + 16));
      }
      assertThat(all).doesNotContain(StaticTokensTest.sha256(token));
    }
    String signature = iamUrl(iamToken).replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
    assertThat(signature).hasSize(64);
    assertThat(all).doesNotContain(signature).doesNotContain(IamTokens.ACCESS_KEY_ID);
  }

  static String iamUrl(String token) {
    return new String(Base64.getUrlDecoder().decode(token.substring(IamTokenVerifier.PREFIX.length())),
        StandardCharsets.UTF_8);
  }

  /** One random or malformed Authorization header value; never a valid credential. */
  static String fuzzHeader(Random random, String signedUrl) {
    switch (random.nextInt(10)) {
      case 0:
        return randomString(random, random.nextInt(64), 0, 0x10FFFF);
      case 1:
        return randomString(random, random.nextInt(200), 0x20, 0x7f);
      case 2:
        return "Bearer " + randomString(random, random.nextInt(100), 0x21, 0x7f);
      case 3:
        return (random.nextBoolean() ? "bearer" : "BEARER") + " ".repeat(random.nextInt(3))
            + randomString(random, random.nextInt(50), 0, 0x100);
      case 4:
        return "Bearer k8s-aws-v1." + randomString(random, random.nextInt(300), 0x21, 0x7f);
      case 5: {
        byte[] bytes = new byte[random.nextInt(400)];
        random.nextBytes(bytes);
        return "Bearer k8s-aws-v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      case 6:
        return "Bearer " + IamTokens.encode(mutate(random, signedUrl));
      case 7: {
        // Truncated, twice-mutated IAM tokens.
        String token = IamTokens.encode(mutate(random, mutate(random, signedUrl)));
        return "Bearer " + token.substring(0, Math.max(11, random.nextInt(token.length() + 1)));
      }
      case 8: {
        // Near misses of a valid static token (never the token itself).
        String near = "k8s-aws-v1.".substring(0, random.nextInt(12)) + ALICE.substring(random.nextInt(5))
            + (random.nextBoolean() ? "" : randomString(random, 1 + random.nextInt(3), 0x21, 0x7f));
        return "Bearer " + (near.equals(ALICE) ? ALICE.toUpperCase(java.util.Locale.ROOT) : near);
      }
      default:
        return "Bearer " + "A".repeat(random.nextInt(IamTokenVerifier.MAX_TOKEN_LENGTH * 2));
    }
  }

  /** One edit: a character replaced, removed or inserted, or a piece duplicated. */
  static String mutate(Random random, String text) {
    StringBuilder s = new StringBuilder(text);
    int at = random.nextInt(s.length());
    switch (random.nextInt(4)) {
      case 0:
        s.setCharAt(at, (char) (0x20 + random.nextInt(0x5f)));
        break;
      case 1:
        s.deleteCharAt(at);
        break;
      case 2:
        s.insert(at, (char) (0x20 + random.nextInt(0x5f)));
        break;
      default:
        int end = Math.min(s.length(), at + 1 + random.nextInt(40));
        s.insert(at, s.substring(at, end));
        break;
    }
    return s.toString();
  }

  static String randomString(Random random, int length, int fromCodePoint, int toCodePoint) {
    StringBuilder s = new StringBuilder();
    List<Integer> skip = new ArrayList<>();
    while (s.length() < length) {
      int cp = fromCodePoint + random.nextInt(toCodePoint - fromCodePoint);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        skip.add(cp);
        continue;
      }
      s.appendCodePoint(cp);
    }
    return s.toString();
  }
}
