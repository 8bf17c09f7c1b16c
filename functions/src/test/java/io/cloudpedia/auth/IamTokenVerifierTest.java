package io.cloudpedia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * IAM tokens against moto's STS (a real emulator, see {@link MotoSts}) and against loopback servers that record what
 * reaches them. moto 5.2.1 does not verify presigned (query-string) signatures: see
 * {@link #motoDoesNotCheckPresignedSignaturesSoOnlyRealStsRefusesAnotherDeploymentsToken()}.
 */
@EnabledIf("io.cloudpedia.auth.MotoSts#available")
class IamTokenVerifierTest {
  static final String CLUSTER_ID = "cloudpedia-test";
  static final String NO_SUCH_ROUTE = "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>";

  static MotoSts moto;

  final MutableClock clock = MutableClock.startingNow();

  @BeforeAll
  static void startMoto() {
    moto = MotoSts.start(Map.of());
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  IamTokenVerifier verifier(StsEndpoints endpoints) {
    return new IamTokenVerifier(CLUSTER_ID, endpoints, Duration.ofSeconds(5), clock);
  }

  AuthResult verify(IamTokenVerifier verifier, String token) {
    return verifier.verify(token, Fingerprint.of(token));
  }

  @Test
  void aTokenSignedForThisDeploymentIsTheCallerStsNames() {
    String token = IamTokens.token(moto.endpoint(), CLUSTER_ID, clock.instant());

    AuthResult result = verify(verifier(StsEndpoints.only(moto.endpoint())), token);

    // moto answers GetCallerIdentity for credentials it does not know with its default user.
    assertThat(result).isEqualTo(new AuthResult.Authenticated(
        "arn:aws:sts::123456789012:user/moto", AuthKind.AWS_IAM, Fingerprint.of(token)));
  }

  @Test
  void aTokenFourteenMinutesOldIsAcceptedAlthoughItsXAmzExpiresIsSixtySeconds() {
    String token = IamTokens.token(moto.endpoint(), CLUSTER_ID, clock.instant());
    clock.advance(Duration.ofMinutes(14));

    assertThat(verify(verifier(StsEndpoints.only(moto.endpoint())), token))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void aTokenOlderThanFifteenMinutesIsRefusedBeforeStsIsAsked() {
    try (RecordingServer sts = RecordingServer.answering(200, "")) {
      String token = IamTokens.token(sts.endpoint(), CLUSTER_ID, clock.instant());
      clock.advance(Duration.ofMinutes(15).plusSeconds(1));

      assertThat(verify(verifier(StsEndpoints.only(sts.endpoint())), token))
          .isEqualTo(new AuthResult.Denied(DenyReason.EXPIRED, Fingerprint.of(token)));
      assertThat(sts.received()).isEmpty();
    }
  }

  @Test
  void aTokenDatedMoreThanFiveMinutesAheadIsRefused() {
    String token = IamTokens.token(moto.endpoint(), CLUSTER_ID, clock.instant().plus(Duration.ofMinutes(6)));

    assertThat(verify(verifier(StsEndpoints.only(moto.endpoint())), token))
        .isEqualTo(new AuthResult.Denied(DenyReason.NOT_YET_VALID, Fingerprint.of(token)));
  }

  @Test
  void stsIsAskedWithThisDeploymentsIdAndNoOtherCredential() {
    try (RecordingServer sts = RecordingServer.answering(403, NO_SUCH_ROUTE)) {
      String token = IamTokens.token(sts.endpoint(), "another-deployment", clock.instant());

      AuthResult result = verify(verifier(StsEndpoints.only(sts.endpoint())), token);

      assertThat(result).isEqualTo(new AuthResult.Denied(DenyReason.STS_REJECTED, Fingerprint.of(token)));
      assertThat(sts.received()).hasSize(1);
      RecordingServer.Received request = sts.received().get(0);
      assertThat(request.method()).isEqualTo("GET");
      // Our id, not the one the token was signed for: STS checks the signature with what we send.
      assertThat(request.header("x-k8s-aws-id")).isEqualTo(CLUSTER_ID);
      assertThat(request.header("accept")).isEqualTo("application/json");
      assertThat(request.header("authorization")).isNull();
      assertThat(request.uri().getRawQuery())
          .isEqualTo(IamTokens.presignedUrl(sts.endpoint(), "another-deployment", clock.instant()).getRawQuery());
    }
  }

  @Test
  void aTokenPointingAnywhereButAnAllowedEndpointIsRefusedAndNothingIsSentThere() {
    try (RecordingServer allowed = RecordingServer.answering(403, NO_SUCH_ROUTE);
        RecordingServer elsewhere = RecordingServer.answering(200, "")) {
      URI signed = IamTokens.presignedUrl(elsewhere.endpoint(), CLUSTER_ID, clock.instant());
      String query = "?" + signed.getRawQuery();
      int port = elsewhere.endpoint().getPort();
      String allowedAuthority = allowed.endpoint().getRawAuthority();
      IamTokenVerifier verifier = verifier(StsEndpoints.only(allowed.endpoint()));

      // Each URL, if it were fetched, would reach the recording server "elsewhere" (all on loopback).
      List<String> urls = List.of(
          "http://127.0.0.1:" + port + "/" + query,
          "http://localhost:" + port + "/" + query,
          "http://" + allowedAuthority + "@127.0.0.1:" + port + "/" + query,
          "http://127.0.0.1:" + port + "/" + query + "#@" + allowedAuthority,
          "http://127.0.0.1:" + port + "\\@" + allowedAuthority + "/" + query,
          "http://[::ffff:127.0.0.1]:" + port + "/" + query,
          "http://2130706433:" + port + "/" + query,
          "https://127.0.0.1:" + port + "/" + query,
          "//127.0.0.1:" + port + "/" + query,
          "http://" + allowedAuthority + "/redirect?to=http://127.0.0.1:" + port + "/" + query.replace('?', '&'));
      for (String url : urls) {
        String token = IamTokens.encode(url);
        assertThat(verify(verifier, token))
            .as(url)
            .isInstanceOfSatisfying(AuthResult.Denied.class, d -> assertThat(d.reason()).isIn(
                DenyReason.STS_ENDPOINT_NOT_ALLOWED, DenyReason.MALFORMED_IAM_TOKEN));
      }
      assertThat(elsewhere.received()).isEmpty();
      assertThat(allowed.received()).isEmpty();

      // The control: the same kind of token, for the allowed endpoint, is sent there.
      verify(verifier, IamTokens.token(allowed.endpoint(), CLUSTER_ID, clock.instant()));
      assertThat(allowed.received()).hasSize(1);
    }
  }

  @Test
  void aQueryThatIsNotExactlyAPresignedGetCallerIdentityIsRefusedBeforeSending() {
    try (RecordingServer sts = RecordingServer.answering(200, "")) {
      String url = IamTokens.presignedUrl(sts.endpoint(), CLUSTER_ID, clock.instant()).toString();
      IamTokenVerifier verifier = verifier(StsEndpoints.only(sts.endpoint()));
      List<UnaryOperator<String>> changes = List.of(
          u -> u + "&Extra=1",
          u -> u + "&Action=GetCallerIdentity",
          u -> u.replace("Action=GetCallerIdentity", "Action=AssumeRole"),
          u -> u.replace("Action=GetCallerIdentity", "action=GetCallerIdentity"),
          u -> u.replace("Version=2011-06-15", "Version=2099-01-01"),
          u -> u.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"),
          u -> u.replace("X-Amz-Expires=60", "X-Amz-Expires=901"),
          u -> u.replace("X-Amz-Expires=60", "X-Amz-Expires=-1"),
          u -> u.replaceAll("&X-Amz-Date=[^&]*", ""),
          u -> u.replaceAll("X-Amz-Signature=[0-9a-f]*", "X-Amz-Signature=zz"),
          u -> u.replaceAll("\\?.*", "?"),
          u -> u.replaceAll("\\?.*", ""));
      for (UnaryOperator<String> change : changes) {
        String changed = change.apply(url);
        assertThat(verify(verifier, IamTokens.encode(changed)))
            .as(changed)
            .isInstanceOfSatisfying(AuthResult.Denied.class,
                d -> assertThat(d.reason()).isEqualTo(DenyReason.UNEXPECTED_QUERY));
      }
      String unsigned = url.replaceAll("X-Amz-SignedHeaders=[^&]*", "X-Amz-SignedHeaders=host");
      assertThat(verify(verifier, IamTokens.encode(unsigned)))
          .isInstanceOfSatisfying(AuthResult.Denied.class,
              d -> assertThat(d.reason()).isEqualTo(DenyReason.CLUSTER_ID_NOT_SIGNED));
      assertThat(sts.received()).isEmpty();
    }
  }

  @Test
  void tokensThatAreNotBase64UrlOfAUrlAreMalformed() {
    IamTokenVerifier verifier = verifier(StsEndpoints.only(moto.endpoint()));
    String valid = IamTokens.token(moto.endpoint(), CLUSTER_ID, clock.instant());
    for (String token : List.of("k8s-aws-v1.", "k8s-aws-v1.!!!", valid + "==", valid.replace('_', '/'),
        IamTokens.encode("not a url"), IamTokens.encode("http://127.0.0.1:1/\u0000"), "k8s-aws-v1.A")) {
      assertThat(verify(verifier, token)).as(token).isInstanceOf(AuthResult.Denied.class);
    }
    assertThat(verify(verifier, valid + "A".repeat(IamTokenVerifier.MAX_TOKEN_LENGTH)))
        .isEqualTo(new AuthResult.Denied(DenyReason.MALFORMED_TOKEN,
            Fingerprint.of(valid + "A".repeat(IamTokenVerifier.MAX_TOKEN_LENGTH))));
  }

  @Test
  void anStsThatCannotBeReachedIsUnavailableNotDenied() {
    URI closed;
    try (RecordingServer gone = RecordingServer.answering(200, "")) {
      closed = gone.endpoint();
    }
    String token = IamTokens.token(closed, CLUSTER_ID, clock.instant());

    assertThat(verify(verifier(StsEndpoints.only(closed)), token)).isInstanceOf(AuthResult.Unavailable.class);
  }

  /**
   * The finding, pinned: moto 5.2.1 does not verify query-string (presigned) signatures. Without IAM checks it answers
   * any presigned GetCallerIdentity, even one signed for another deployment id; with them
   * ({@code INITIAL_NO_AUTH_ACTION_COUNT=0}) it fails every presigned request with a 500, because its signature check
   * reads only the {@code Authorization} header. So the rejection of another deployment's token rests on real STS
   * (which recomputes the signature over the {@code x-k8s-aws-id} we send, tested above); what we test here is that we
   * fail closed on moto's 500. If this test starts failing, moto verifies presigned URLs: turn it into the real test.
   */
  @Test
  void motoDoesNotCheckPresignedSignaturesSoOnlyRealStsRefusesAnotherDeploymentsToken() {
    String foreign = IamTokens.token(moto.endpoint(), "another-deployment", clock.instant());
    assertThat(verify(verifier(StsEndpoints.only(moto.endpoint())), foreign))
        .isInstanceOf(AuthResult.Authenticated.class);

    try (MotoSts checking = MotoSts.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"))) {
      String token = IamTokens.token(checking.endpoint(), CLUSTER_ID, clock.instant());
      assertThat(verify(verifier(StsEndpoints.only(checking.endpoint())), token))
          .isEqualTo(new AuthResult.Unavailable("STS answered HTTP 500", Fingerprint.of(token)));
    }
  }
}
