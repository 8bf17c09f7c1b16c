package io.cloudpedia.registry.credentials;

import static io.cloudpedia.registry.credentials.TestPki.CA_PEM;
import static io.cloudpedia.registry.credentials.TestPki.CERT_PEM;
import static io.cloudpedia.registry.credentials.TestPki.KEY_PEM;
import static io.cloudpedia.registry.credentials.TestPki.b64;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.ClusterConditions;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Priority, combinations and messages, with secrets from a map; Secrets Manager itself in the moto tests. */
class CredentialResolverTest {
  private static final String TOKEN = "eyJhbGciOi.token-under-test.sig";
  private final MapSecretSource secrets = new MapSecretSource();
  private final CredentialResolver resolver = new CredentialResolver(secrets);

  // ---- inline ---------------------------------------------------------------------------------------------------

  @Test
  void apiserverWithCaAndToken() {
    ClusterCredentials c = resolved(spec().put("apiserver", "https://a:6443").put("caData", b64(CA_PEM))
        .put("tokenData", b64(TOKEN + "\n")));

    assertThat(c.server()).isEqualTo(URI.create("https://a:6443"));
    assertThat(c.caPem()).contains(CA_PEM);
    assertThat(c.token()).as("the newline of `echo token | base64` is dropped").contains(TOKEN);
    assertThat(c.certPem()).isEmpty();
    assertThat(c.insecureSkipTlsVerify()).isFalse();
  }

  @Test
  void apiserverWithCaCertAndKey() {
    ClusterCredentials c = resolved(spec().put("apiserver", "https://a:6443").put("caData", b64(CA_PEM))
        .put("certData", b64(CERT_PEM)).put("keyData", b64(KEY_PEM)));

    assertThat(c.certPem()).contains(CERT_PEM);
    assertThat(c.keyPem()).contains(KEY_PEM);
    assertThat(c.token()).isEmpty();
  }

  @Test
  void withoutACaTlsVerificationIsOffOnlyWhenAskedFor() {
    ObjectNode spec = spec().put("apiserver", "https://a:6443").put("tokenData", b64(TOKEN));

    assertThat(invalid(spec)).isEqualTo(
        "invalid cluster config: no CA is given (spec.caData) and spec.insecureSkipTLSVerify is not true: give the CA,"
            + " or set spec.insecureSkipTLSVerify: true to connect without verifying the server's certificate");

    spec.put("insecureSkipTLSVerify", true);
    assertThat(resolved(spec).insecureSkipTlsVerify()).isTrue();

    spec.put("caData", b64(CA_PEM));
    assertThat(invalid(spec)).contains("spec.caData and spec.insecureSkipTLSVerify: true are both set");
  }

  @Test
  void plainHttpNeedsNoCa() {
    ClusterCredentials c = resolved(spec().put("apiserver", "http://a:8080").put("tokenData", b64(TOKEN)));

    assertThat(c.caPem()).isEmpty();
    assertThat(c.insecureSkipTlsVerify()).isFalse();
  }

  @Test
  void inlineProblems() {
    assertThat(invalid(spec().put("tokenData", b64(TOKEN)))).isEqualTo(
        "invalid cluster config: spec.apiserver is required (or spec.kubeconfig, or spec.authenticationFrom): Cluster"
            + " APIServer Endpoint is required");
    assertThat(invalid(spec().put("apiserver", "https://a").put("caData", b64(CA_PEM)))).isEqualTo(
        "invalid cluster config: spec.tokenData, or spec.certData and spec.keyData, is required: Cluster APIServer's"
            + " Token or Cert is required");
    assertThat(invalid(spec().put("apiserver", "https://a").put("caData", b64(CA_PEM)).put("certData", b64(CERT_PEM))
        .put("tokenData", b64(TOKEN)))).isEqualTo("invalid cluster config: spec.certData is set without spec.keyData");
    assertThat(invalid(spec().put("apiserver", "https://a").put("caData", "not base64!").put("tokenData", b64(TOKEN))))
        .isEqualTo("invalid cluster config: spec.caData is not valid base64");
    assertThat(invalid(spec().put("apiserver", "https://a").put("caData", b64("not a certificate"))
        .put("tokenData", b64(TOKEN))))
        .isEqualTo("invalid cluster config: spec.caData is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
    assertThat(invalid(spec().put("apiserver", "https://a").put("caData", b64(CA_PEM)).put("certData", b64(CERT_PEM))
        .put("keyData", b64(CERT_PEM))))
        .isEqualTo("invalid cluster config: spec.keyData is not a PEM private key (-----BEGIN ... PRIVATE KEY-----)");
    assertThat(invalid(spec().put("apiserver", "https://a").put("caData", b64(CA_PEM))
        .put("tokenData", b64("two words")))).endsWith("spec.tokenData contains spaces, line breaks or other"
            + " characters a token cannot have");
    assertThat(invalid(spec().put("apiserver", "a:6443").put("caData", b64(CA_PEM)).put("tokenData", b64(TOKEN))))
        .startsWith("invalid cluster config: spec.apiserver must be");
  }

  // ---- kubeconfig -----------------------------------------------------------------------------------------------

  @Test
  void anInlineKubeconfigWinsOverEverythingElse() {
    ObjectNode spec = spec()
        .put("kubeconfig", b64(TestPki.tokenKubeconfig("https://kube:6443", TOKEN)))
        .put("apiserver", "https://ignored:6443")
        .put("tokenData", b64("ignored"));
    spec.putObject("authenticationFrom").putObject("token").put("name", "cp/ignored");

    ClusterCredentials c = resolved(spec);

    assertThat(c.server()).as("status.apiserver is the kubeconfig's server").isEqualTo(URI.create("https://kube:6443"));
    assertThat(c.token()).contains(TOKEN);
    assertThat(c.caPem()).contains(CA_PEM);
  }

  @Test
  void aKubeconfigWithAClientCertificate() {
    ClusterCredentials c =
        resolved(spec().put("kubeconfig", b64(TestPki.certificateKubeconfig("https://127.0.0.1:40000"))));

    assertThat(c.certPem()).contains(CERT_PEM);
    assertThat(c.keyPem()).contains(KEY_PEM);
    assertThat(c.token()).isEmpty();
    assertThat(c.server().getPort()).isEqualTo(40000);
  }

  @Test
  void aKubeconfigAsJson() {
    String json = """
        {"apiVersion": "v1", "kind": "Config", "current-context": "c",
         "clusters": [{"name": "k", "cluster": {"server": "https://j:6443", "insecure-skip-tls-verify": true}}],
         "contexts": [{"name": "c", "context": {"cluster": "k", "user": "u"}}],
         "users": [{"name": "u", "user": {"token": "%s"}}]}
        """.formatted(TOKEN);

    ClusterCredentials c = resolved(spec().put("kubeconfig", b64(json)));

    assertThat(c.insecureSkipTlsVerify()).isTrue();
    assertThat(c.caPem()).isEmpty();
  }

  @Test
  void kubeconfigProblemsNameWhatIsWrong() {
    assertThat(invalid(spec().put("kubeconfig", b64("apiVersion: v1\nkind: Config\n"))))
        .isEqualTo("invalid cluster config: spec.kubeconfig: the kubeconfig has no current-context");
    assertThat(invalid(spec().put("kubeconfig", b64(TestPki.tokenKubeconfig("https://a", TOKEN)
        .replace("current-context: prod", "current-context: nope")))))
        .isEqualTo("invalid cluster config: spec.kubeconfig: current-context \"nope\" names no context");
    assertThat(invalid(spec().put("kubeconfig", b64(TestPki.tokenKubeconfig("https://a", TOKEN)
        .replace("    token: " + TOKEN, "    exec:\n      command: aws\n      args: [eks, get-token]")))))
        .isEqualTo("invalid cluster config: spec.kubeconfig: user \"cloudpedia\" uses exec, which Cloudpedia does not"
            + " support: use a token or client-certificate-data and client-key-data");
    assertThat(invalid(spec().put("kubeconfig", b64(TestPki.tokenKubeconfig("https://a", TOKEN)
        .replaceFirst("certificate-authority-data: .*\n", "")))))
        .isEqualTo("invalid cluster config: spec.kubeconfig: cluster \"prod\" has neither certificate-authority-data"
            + " nor insecure-skip-tls-verify: true");
    assertThat(invalid(spec().put("kubeconfig", b64(TestPki.tokenKubeconfig("https://a", TOKEN)
        .replaceFirst("certificate-authority-data: .*\n", "certificate-authority: /etc/ca.crt\n")))))
        .contains("names a certificate-authority file");
    assertThat(invalid(spec().put("kubeconfig", b64(TestPki.tokenKubeconfig("https://a", TOKEN)
        .replace("    token: " + TOKEN, "    username: admin")))))
        .contains("uses username");
    assertThat(invalid(spec().put("kubeconfig", "%%%")))
        .isEqualTo("invalid cluster config: spec.kubeconfig is not valid base64");
    assertThat(invalid(spec().put("kubeconfig", b64("a: [" + TOKEN))))
        .isEqualTo("invalid cluster config: spec.kubeconfig: line 1: a flow sequence must close on the same line");
    assertThat(invalid(spec().put("kubeconfig", b64(b64(TestPki.tokenKubeconfig("https://a", TOKEN))))))
        .endsWith("(it looks base64-encoded: give the kubeconfig's text)");
  }

  // ---- secrets --------------------------------------------------------------------------------------------------

  @Test
  void secretsAreUsedOnlyWithoutInlineCredentials() {
    secrets.put("cp/token", "from-secret");
    ObjectNode spec = spec().put("apiserver", "https://a:6443").put("insecureSkipTLSVerify", true);
    spec.putObject("authenticationFrom").putObject("token").put("name", "cp/token");

    assertThat(resolved(spec).token()).contains("from-secret");

    spec.put("tokenData", b64("inline"));
    assertThat(resolved(spec).token()).as("inline credentials win").contains("inline");

    spec.remove("tokenData");
    spec.put("certData", b64(CERT_PEM)); // a certificate without its key is not inline credentials
    assertThat(resolved(spec).token()).contains("from-secret");
    assertThat(resolved(spec).certPem()).as("inline fields other than apiserver are not used").isEmpty();
  }

  @Test
  void aKubeconfigSecretWinsOverTheOtherReferencesAndTheApiserver() {
    secrets.put("cp/kubeconfig", TestPki.tokenKubeconfig("https://kube:6443", TOKEN));
    secrets.put("cp/token", "other");
    ObjectNode spec = spec().put("apiserver", "https://ignored:6443");
    ObjectNode from = spec.putObject("authenticationFrom");
    from.putObject("kubeconfig").put("name", "cp/kubeconfig");
    from.putObject("token").put("name", "cp/token");

    ClusterCredentials c = resolved(spec);

    assertThat(c.server()).isEqualTo(URI.create("https://kube:6443"));
    assertThat(c.token()).contains(TOKEN);
  }

  @Test
  void aKeyOfAJsonSecretOrTheWholeString() {
    secrets.put("cp/c1", Json.mapper().createObjectNode().put("ca.crt", CA_PEM).put("token", TOKEN).toString());
    secrets.put("cp/ca", CA_PEM);
    ObjectNode spec = spec().put("apiserver", "https://a:6443");
    ObjectNode from = spec.putObject("authenticationFrom");
    from.putObject("ca").put("name", "cp/c1").put("key", "ca.crt");
    from.putObject("token").put("name", "cp/c1").put("key", "token");

    assertThat(resolved(spec).caPem()).contains(CA_PEM);
    assertThat(resolved(spec).token()).contains(TOKEN);

    from.putObject("ca").put("name", "cp/ca");
    assertThat(resolved(spec).caPem()).contains(CA_PEM);
  }

  @Test
  void secretProblemsNameTheSecretAndKey() {
    secrets.put("cp/c1", "{\"token\": \"" + TOKEN + "\", \"n\": 5, \"blank\": \" \"}");
    secrets.put("cp/text", "plain " + TOKEN);
    ObjectNode spec = spec().put("apiserver", "https://a:6443").put("insecureSkipTLSVerify", true);
    ObjectNode token = spec.putObject("authenticationFrom").putObject("token");

    token.put("name", "cp/missing");
    assertThat(invalid(spec)).isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"cp/missing\""
        + " (authenticationFrom.token.name) is not found");
    token.put("name", "cp/c1").put("key", "tok");
    assertThat(invalid(spec)).isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"cp/c1\" has no"
        + " key \"tok\" (authenticationFrom.token.key)");
    token.put("key", "n");
    assertThat(invalid(spec)).contains("secret \"cp/c1\"'s key \"n\" is not a string");
    token.put("key", "blank");
    assertThat(invalid(spec)).contains("secret \"cp/c1\"'s key \"blank\" is empty");
    token.put("name", "cp/text").put("key", "token");
    assertThat(invalid(spec)).isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"cp/text\" is not"
        + " a JSON object, so it has no key \"token\" (authenticationFrom.token.key)");
  }

  @Test
  void secretCombinationsThatCannotWork() {
    secrets.put("cp/c", CERT_PEM).put("cp/k", KEY_PEM).put("cp/ca", CA_PEM).put("cp/t", TOKEN);
    ObjectNode spec = spec();
    ObjectNode from = spec.putObject("authenticationFrom");
    from.putObject("token").put("name", "cp/t");
    from.putObject("ca").put("name", "cp/ca");

    assertThat(invalid(spec)).as("token without apiserver").isEqualTo("invalid cluster config: Cluster Authentication"
        + " Error: spec.apiserver is required when authenticationFrom has no kubeconfig: Cluster APIServer Endpoint is"
        + " required");

    spec.put("apiserver", "https://a:6443");
    from.remove("token");
    from.putObject("cert").put("name", "cp/c");
    assertThat(invalid(spec)).as("cert without key").endsWith("authenticationFrom.cert is set without"
        + " authenticationFrom.key");

    from.putObject("key").put("name", "cp/k");
    assertThat(resolved(spec).hasClientCertificate()).isTrue();

    from.remove("ca");
    assertThat(invalid(spec)).as("no CA, no insecureSkipTLSVerify").contains("no CA is given (authenticationFrom.ca)");

    from.removeAll();
    assertThat(invalid(spec)).endsWith("authenticationFrom needs token, or cert and key (or kubeconfig): token or cert"
        + " is required");
  }

  @Test
  void aPemSecretWithTheWrongContentIsNamed() {
    secrets.put("cp/ca", TOKEN).put("cp/t", TOKEN);
    ObjectNode spec = spec().put("apiserver", "https://a:6443");
    ObjectNode from = spec.putObject("authenticationFrom");
    from.putObject("ca").put("name", "cp/ca");
    from.putObject("token").put("name", "cp/t");

    assertThat(invalid(spec)).isEqualTo("invalid cluster config: Cluster Authentication Error: secret \"cp/ca\""
        + " (authenticationFrom.ca) is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void aRefusedSecretIsInvalidConfig() {
    SecretSource refusing = name -> {
      throw new SecretAccessException("secret \"" + name + "\" is outside the allowed prefix \"cloudpedia/\"");
    };
    ObjectNode spec = spec().put("apiserver", "https://a:6443").put("insecureSkipTLSVerify", true);
    spec.putObject("authenticationFrom").putObject("token").put("name", "prod/db");

    Resolution resolution = new CredentialResolver(refusing).resolve(spec);

    assertThat(resolution).isEqualTo(new Resolution.Invalid("InvalidConfig", "invalid cluster config: Cluster"
        + " Authentication Error: secret \"prod/db\" is outside the allowed prefix \"cloudpedia/\""
        + " (authenticationFrom.token.name)"));
    assertThat(resolution.validation())
        .isEqualTo(new ClusterConditions.Validation.Invalid("InvalidConfig", ((Resolution.Invalid) resolution).message()));
  }

  @Test
  void nothingAtAllAsksForTheApiserver() {
    assertThat(invalid(spec())).startsWith("invalid cluster config: spec.apiserver is required");
    assertThat(resolver.resolve(Json.mapper().createArrayNode())).isInstanceOf(Resolution.Invalid.class);
  }

  @Test
  void referencedSecretsAreEveryNamedSecret() {
    ObjectNode spec = spec();
    ObjectNode from = spec.putObject("authenticationFrom");
    from.putObject("ca").put("name", "cp/b");
    from.putObject("token").put("name", "cp/a");
    from.putObject("key").put("name", "cp/a");

    assertThat(CredentialResolver.referencedSecrets(spec)).containsExactly("cp/a", "cp/b");
    assertThat(CredentialResolver.referencedSecrets(spec())).isEmpty();
  }

  @Test
  void toStringSaysWhichPartsArePresentOnly() {
    ClusterCredentials c = new ClusterCredentials(URI.create("https://a:6443"), Optional.of(CA_PEM),
        Optional.of(CERT_PEM), Optional.of(KEY_PEM), Optional.of(TOKEN), false);

    assertThat(c.toString()).isEqualTo("ClusterCredentials[server=https://a:6443, ca=present,"
        + " clientCertificate=present, clientKey=present, token=present, insecureSkipTlsVerify=false]");
    assertThat(new Resolution.Resolved(c).toString()).doesNotContain(TOKEN).doesNotContain("PRIVATE KEY");
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private static ObjectNode spec() {
    ObjectNode spec = Json.mapper().createObjectNode();
    spec.putArray("syncResources");
    return spec;
  }

  private ClusterCredentials resolved(JsonNode spec) {
    Resolution resolution = resolver.resolve(spec);
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    return ((Resolution.Resolved) resolution).credentials();
  }

  private String invalid(JsonNode spec) {
    Resolution resolution = resolver.resolve(spec);
    assertThat(resolution).isInstanceOf(Resolution.Invalid.class);
    Resolution.Invalid invalid = (Resolution.Invalid) resolution;
    assertThat(invalid.reason()).isEqualTo("InvalidConfig");
    assertThat(invalid.message()).doesNotContain(TOKEN).doesNotContain(TestPki.KEY_BODY);
    return invalid.message();
  }
}
