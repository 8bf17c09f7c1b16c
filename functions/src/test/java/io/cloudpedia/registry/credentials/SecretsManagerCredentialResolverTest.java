package io.cloudpedia.registry.credentials;

import static io.cloudpedia.registry.credentials.TestPki.CA_PEM;
import static io.cloudpedia.registry.credentials.TestPki.CERT_PEM;
import static io.cloudpedia.registry.credentials.TestPki.KEY_BODY;
import static io.cloudpedia.registry.credentials.TestPki.KEY_PEM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials from Secrets Manager on moto or LocalStack ({@link AwsTestEnvironment}): each valid combination, each
 * invalid one, rotation, and that no secret value reaches a message, a log line or a {@code toString()}.
 */
class SecretsManagerCredentialResolverTest {
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final String TOKEN = "k8s-aws-v1.c2VjcmV0LXRva2VuLXVuZGVyLXRlc3Q";
  private static final String ROTATED_TOKEN = "rotated-token-0123456789abcdef";
  private static AwsTestEnvironment aws;

  private final MutableClock clock = MutableClock.startingNow();
  private final String prefix = aws.uniqueName("cloudpedia") + "/clusters/";
  private final CredentialResolver resolver =
      new CredentialResolver(new SecretsManagerSecretSource(aws.secretsManager(), prefix, TTL, clock));

  @BeforeAll
  static void environment() {
    aws = AwsTestEnvironment.shared();
  }

  @Test
  void aKubeconfigSecret() {
    create("c1", TestPki.tokenKubeconfig("https://c1.example:6443", TOKEN));

    ClusterCredentials c = resolved(spec(null, ref("kubeconfig", "c1", null)));

    assertThat(c.server()).isEqualTo(URI.create("https://c1.example:6443"));
    assertThat(c.token()).contains(TOKEN);
    assertThat(c.caPem()).contains(CA_PEM);
  }

  @Test
  void aKubeconfigUnderAKeyOfAJsonSecret() {
    create("c2", Json.mapper().createObjectNode()
        .put("kubeconfig", TestPki.certificateKubeconfig("https://c2.example:6443")).put("other", "x").toString());

    ClusterCredentials c = resolved(spec(null, ref("kubeconfig", "c2", "kubeconfig")));

    assertThat(c.certPem()).contains(CERT_PEM);
    assertThat(c.keyPem()).contains(KEY_PEM);
  }

  @Test
  void caCertAndKeyFromThreeWholeSecrets() {
    create("c3-ca", CA_PEM);
    create("c3-cert", CERT_PEM);
    create("c3-key", KEY_PEM);

    ClusterCredentials c = resolved(spec("https://c3.example:6443",
        ref("ca", "c3-ca", null), ref("cert", "c3-cert", null), ref("key", "c3-key", null)));

    assertThat(c.caPem()).contains(CA_PEM);
    assertThat(c.certPem()).contains(CERT_PEM);
    assertThat(c.keyPem()).contains(KEY_PEM);
    assertThat(c.token()).isEmpty();
    assertThat(c.insecureSkipTlsVerify()).isFalse();
  }

  @Test
  void caAndTokenFromKeysOfOneJsonSecret() {
    create("c4", Json.mapper().createObjectNode().put("ca.crt", CA_PEM).put("token", TOKEN).toString());

    ClusterCredentials c = resolved(spec("https://c4.example:6443", ref("ca", "c4", "ca.crt"), ref("token", "c4", "token")));

    assertThat(c.caPem()).contains(CA_PEM);
    assertThat(c.token()).contains(TOKEN);
  }

  @Test
  void aSecretReferencedByItsArn() {
    String arn = create("c5", TOKEN);
    create("c5-ca", CA_PEM);

    ClusterCredentials c = resolved(spec("https://c5.example:6443", ref("ca", "c5-ca", null), refByName("token", arn)));

    assertThat(c.token()).contains(TOKEN);
  }

  @Test
  void withoutACaTheSpecMustSayInsecure() {
    create("c6", TOKEN);
    ObjectNode spec = spec("https://c6.example:6443", ref("token", "c6", null));

    assertThat(invalid(spec)).contains("no CA is given (authenticationFrom.ca) and spec.insecureSkipTLSVerify is not"
        + " true");

    spec.put("insecureSkipTLSVerify", true);
    assertThat(resolved(spec).insecureSkipTlsVerify()).isTrue();
  }

  @Test
  void aTokenWithoutApiserverIsInvalid() {
    create("c7", TOKEN);

    assertThat(invalid(spec(null, ref("token", "c7", null))))
        .contains("spec.apiserver is required when authenticationFrom has no kubeconfig");
  }

  @Test
  void aCertificateWithoutKeyIsInvalid() {
    create("c8-ca", CA_PEM);
    create("c8-cert", CERT_PEM);

    assertThat(invalid(spec("https://c8.example:6443", ref("ca", "c8-ca", null), ref("cert", "c8-cert", null))))
        .endsWith("authenticationFrom.cert is set without authenticationFrom.key");
  }

  @Test
  void aMissingSecretIsInvalid() {
    assertThat(invalid(spec("https://c9.example:6443", ref("token", "c9-absent", null))))
        .isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"" + prefix + "c9-absent\""
            + " (authenticationFrom.token.name) is not found");
  }

  @Test
  void aMissingKeyOfAJsonSecretIsInvalid() {
    create("c10", "{\"token\": \"" + TOKEN + "\"}");

    assertThat(invalid(spec("https://c10.example:6443", ref("token", "c10", "bearer"))))
        .isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"" + prefix + "c10\" has no key"
            + " \"bearer\" (authenticationFrom.token.key)");
  }

  @Test
  void aNameOutsideThePrefixIsInvalid() {
    String elsewhere = aws.uniqueName("other") + "/db-password";
    aws.secretsManager().createSecret(r -> r.name(elsewhere).secretString(TOKEN));

    assertThat(invalid(spec("https://c11.example:6443", refByName("token", elsewhere))))
        .isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"" + elsewhere + "\" is outside the"
            + " allowed prefix \"" + prefix + "\": Cloudpedia reads only secrets whose names start with it"
            + " (authenticationFrom.token.name)");
  }

  @Test
  void aRotatedTokenIsUsedOnceTheCacheExpires() {
    create("c12-ca", CA_PEM);
    create("c12", TOKEN);
    ObjectNode spec = spec("https://c12.example:6443", ref("ca", "c12-ca", null), ref("token", "c12", null));
    assertThat(resolved(spec).token()).contains(TOKEN);

    aws.secretsManager().putSecretValue(r -> r.secretId(prefix + "c12").secretString(ROTATED_TOKEN));
    clock.advance(TTL.minusSeconds(1));
    assertThat(resolved(spec).token()).contains(TOKEN);

    clock.advance(Duration.ofSeconds(1));
    assertThat(resolved(spec).token()).contains(ROTATED_TOKEN);
  }

  @Test
  void noSecretValueAppearsInMessagesLogsOrToString() {
    create("leak-ca", CA_PEM);
    create("leak-kubeconfig", TestPki.tokenKubeconfig("https://leak.example:6443", TOKEN));
    create("leak-json", Json.mapper().createObjectNode().put("token", TOKEN).put("key", KEY_PEM).toString());
    create("leak-text", "not json " + TOKEN + " " + KEY_BODY);
    create("leak-broken-kubeconfig", "apiVersion: v1\nusers: [{name: u, user: {token: " + TOKEN + "}\n");
    create("leak-bad-key", TOKEN);
    List<ObjectNode> specs = List.of(
        spec(null, ref("kubeconfig", "leak-kubeconfig", null)),
        spec("https://leak.example:6443", ref("ca", "leak-ca", null), ref("token", "leak-json", "token")),
        spec("https://leak.example:6443", ref("ca", "leak-ca", null), ref("token", "leak-text", "token")),
        spec("https://leak.example:6443", ref("ca", "leak-ca", null), ref("cert", "leak-ca", null),
            ref("key", "leak-json", "token")),
        spec("https://leak.example:6443", ref("ca", "leak-json", "token"), ref("token", "leak-json", "token")),
        spec("https://leak.example:6443", ref("ca", "leak-json", "key"), ref("token", "leak-json", "token")),
        spec(null, ref("kubeconfig", "leak-broken-kubeconfig", null)),
        spec(null, ref("kubeconfig", "leak-text", null)),
        spec("https://leak.example:6443", ref("ca", "leak-ca", null), ref("cert", "leak-ca", null),
            ref("key", "leak-bad-key", null)),
        spec("https://leak.example:6443", refByName("token", "elsewhere/db")));
    List<String> said = new ArrayList<>();

    List<String> logged;
    try (CapturedLogs logs = CapturedLogs.start()) {
      for (ObjectNode spec : specs) {
        Resolution resolution = resolver.resolve(spec);
        said.add(resolution.toString());
        if (resolution instanceof Resolution.Resolved resolved) {
          said.add(resolved.credentials().toString());
        }
        if (resolution instanceof Resolution.Invalid invalid) {
          said.add(invalid.message());
        }
        said.add(resolution.validation().toString());
      }
      logged = logs.lines();
    }

    assertThat(said).as("messages and toString").noneMatch(SecretsManagerCredentialResolverTest::leaks);
    assertThat(logged).as("what was logged").noneMatch(SecretsManagerCredentialResolverTest::leaks);
    assertThat(logged).as("the capture saw the resolver's and the SDK's debug lines")
        .anyMatch(l -> l.startsWith(CredentialResolver.class.getName() + " DEBUG cluster config is invalid"))
        .anyMatch(l -> l.startsWith(SecretsManagerSecretSource.class.getName() + " DEBUG secret"))
        .anyMatch(l -> l.startsWith("software.amazon.awssdk"));
    assertThat(said.stream().filter(s -> s.startsWith("invalid cluster config")).count())
        .as("the invalid cases were invalid").isGreaterThanOrEqualTo(8);
  }

  private static boolean leaks(String text) {
    return text.contains(TOKEN) || text.contains(KEY_BODY) || text.contains("PRIVATE KEY-----\n");
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private String create(String name, String value) {
    return aws.secretsManager().createSecret(r -> r.name(prefix + name).secretString(value)).arn();
  }

  private record Ref(String source, String name, String key) {}

  private Ref ref(String source, String name, String key) {
    return new Ref(source, prefix + name, key);
  }

  private static Ref refByName(String source, String nameOrArn) {
    return new Ref(source, nameOrArn, null);
  }

  private static ObjectNode spec(String apiserver, Ref... refs) {
    ObjectNode spec = Json.mapper().createObjectNode();
    if (apiserver != null) {
      spec.put("apiserver", apiserver);
    }
    ObjectNode from = spec.putObject("authenticationFrom");
    for (Ref r : refs) {
      ObjectNode reference = from.putObject(r.source()).put("name", r.name());
      if (r.key() != null) {
        reference.put("key", r.key());
      }
    }
    spec.putArray("syncResources");
    return spec;
  }

  private ClusterCredentials resolved(ObjectNode spec) {
    Resolution resolution = resolver.resolve(spec);
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    return ((Resolution.Resolved) resolution).credentials();
  }

  private String invalid(ObjectNode spec) {
    Resolution resolution = resolver.resolve(spec);
    assertThat(resolution).isInstanceOf(Resolution.Invalid.class);
    String message = ((Resolution.Invalid) resolution).message();
    assertThat(message).startsWith("invalid cluster config: ").doesNotContain(TOKEN);
    return message;
  }
}
