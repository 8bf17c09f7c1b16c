package io.cloudpedia.registry.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.PediaClusters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out how to reach a member cluster from its PediaCluster spec, in Clusterpedia's order of priority
 * ({@code BuildClusterRestConfig}):
 *
 * <ol>
 *   <li>{@code spec.authenticationFrom}, but only when the spec has no inline credentials at all (no
 *       {@code kubeconfig}, no {@code tokenData}, not both {@code certData} and {@code keyData}). Within it a
 *       {@code kubeconfig} wins; otherwise {@code spec.apiserver} is required, with {@code token}, or {@code cert} and
 *       {@code key}, and an optional {@code ca}. Each reference names a Secrets Manager secret (name or ARN) and
 *       optionally a {@code key} of the JSON object the secret holds; without a key the whole secret string is the
 *       value.
 *   <li>{@code spec.kubeconfig} (base64), its current context; every other field is ignored, the server included.
 *   <li>{@code spec.apiserver} with {@code tokenData} (base64 of the token), or {@code certData} and {@code keyData},
 *       and an optional {@code caData}.
 * </ol>
 *
 * <p>Unlike Clusterpedia, a missing CA does not silently turn TLS verification off: an https server without a CA
 * needs {@code spec.insecureSkipTLSVerify: true} (in a kubeconfig, the cluster's {@code insecure-skip-tls-verify}),
 * and a CA together with it is refused, as client-go refuses it. A certificate without its key (or the reverse) is an
 * error rather than ignored.
 *
 * <p>Problems are {@link Resolution.Invalid} with reason {@value #INVALID_CONFIG} and a message "invalid cluster
 * config: ..." that names the field, secret and key, never their content; failures that may pass (Secrets Manager
 * throttling) are thrown as {@link SecretUnavailableException} instead, so that the cluster is tried again rather than
 * marked invalid.
 */
public final class CredentialResolver {
  /** The Validated reason of an unusable configuration. */
  public static final String INVALID_CONFIG = "InvalidConfig";
  /** Clusterpedia's prefix of condition messages of an unusable configuration. */
  public static final String MESSAGE_PREFIX = "invalid cluster config: ";
  /** Clusterpedia's prefix of problems with referenced secrets. */
  static final String SECRETS_PREFIX = "Cluster Authentication Error: ";

  private static final Logger LOG = LoggerFactory.getLogger(CredentialResolver.class);
  private static final List<String> SOURCES = List.of("kubeconfig", "ca", "cert", "key", "token");

  private final SecretSource secrets;

  public CredentialResolver(SecretSource secrets) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  /** A problem with the configuration, its message safe to show (no secret material). */
  private static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The credentials of the cluster that {@code spec} describes.
   *
   * @throws SecretUnavailableException when a secret could not be read for a reason that may pass
   */
  public Resolution resolve(JsonNode spec) {
    Objects.requireNonNull(spec, "spec");
    try {
      ClusterCredentials credentials = credentials(spec);
      LOG.debug("cluster credentials resolved: {}", credentials);
      return new Resolution.Resolved(credentials);
    } catch (Problem problem) {
      String message = MESSAGE_PREFIX + problem.getMessage();
      LOG.debug("cluster config is invalid: {}", message);
      return new Resolution.Invalid(INVALID_CONFIG, message);
    }
  }

  /**
   * The secrets {@code spec.authenticationFrom} names (whether or not they are used), so that whoever caches a
   * cluster's credentials can renew them when one of these changes.
   */
  public static SortedSet<String> referencedSecrets(JsonNode spec) {
    SortedSet<String> names = new TreeSet<>();
    JsonNode from = spec.path("authenticationFrom");
    for (String source : SOURCES) {
      JsonNode name = from.path(source).path("name");
      if (name.isTextual() && !name.textValue().isEmpty()) {
        names.add(name.textValue());
      }
    }
    return names;
  }

  private ClusterCredentials credentials(JsonNode spec) throws Problem {
    if (!spec.isObject()) {
      throw new Problem("spec is not an object");
    }
    boolean inlineKubeconfig = has(spec, "kubeconfig");
    boolean inlineToken = has(spec, "tokenData");
    boolean inlineCertAndKey = has(spec, "certData") && has(spec, "keyData");
    JsonNode from = spec.get("authenticationFrom");
    boolean fromSecrets = from != null && from.isObject();
    if (!inlineKubeconfig && !inlineToken && !inlineCertAndKey && fromSecrets) {
      try {
        return fromSecrets(spec, from);
      } catch (Problem problem) {
        throw new Problem(SECRETS_PREFIX + problem.getMessage());
      }
    }
    if (inlineKubeconfig) {
      String text = new String(bytes(spec, "kubeconfig"), StandardCharsets.UTF_8);
      return fromKubeconfig(text, "spec.kubeconfig");
    }
    return inline(spec);
  }

  private static ClusterCredentials inline(JsonNode spec) throws Problem {
    String apiserver = text(spec, "apiserver");
    if (apiserver.isEmpty()) {
      throw new Problem(
          "spec.apiserver is required (or spec.kubeconfig, or spec.authenticationFrom): Cluster APIServer Endpoint is"
              + " required");
    }
    boolean cert = has(spec, "certData");
    boolean key = has(spec, "keyData");
    if (cert != key) {
      throw new Problem(cert ? "spec.certData is set without spec.keyData" : "spec.keyData is set without spec.certData");
    }
    if (!has(spec, "tokenData") && !cert) {
      throw new Problem(
          "spec.tokenData, or spec.certData and spec.keyData, is required: Cluster APIServer's Token or Cert is"
              + " required");
    }
    Optional<String> ca = optionalText(spec, "caData");
    Optional<String> token = optionalText(spec, "tokenData");
    Optional<String> certPem = optionalText(spec, "certData");
    Optional<String> keyPem = optionalText(spec, "keyData");
    return finish(
        server(apiserver, "spec.apiserver"),
        ca,
        insecure(spec),
        token,
        certPem,
        keyPem,
        new Names("spec.caData", "spec.certData", "spec.keyData", "spec.tokenData"),
        "no CA is given (spec.caData) and spec.insecureSkipTLSVerify is not true: give the CA, or set"
            + " spec.insecureSkipTLSVerify: true to connect without verifying the server's certificate",
        "spec.caData and spec.insecureSkipTLSVerify: true are both set: give one or the other");
  }

  private ClusterCredentials fromSecrets(JsonNode spec, JsonNode from) throws Problem {
    JsonNode kubeconfig = from.get("kubeconfig");
    if (present(kubeconfig)) {
      String text = secretValue(kubeconfig, "authenticationFrom.kubeconfig");
      return fromKubeconfig(text, describe(kubeconfig, "authenticationFrom.kubeconfig"));
    }
    String apiserver = text(spec, "apiserver");
    if (apiserver.isEmpty()) {
      throw new Problem(
          "spec.apiserver is required when authenticationFrom has no kubeconfig: Cluster APIServer Endpoint is"
              + " required");
    }
    boolean token = present(from.get("token"));
    boolean cert = present(from.get("cert"));
    boolean key = present(from.get("key"));
    if (cert != key) {
      throw new Problem(
          cert
              ? "authenticationFrom.cert is set without authenticationFrom.key"
              : "authenticationFrom.key is set without authenticationFrom.cert");
    }
    if (!token && !cert) {
      throw new Problem("authenticationFrom needs token, or cert and key (or kubeconfig): token or cert is required");
    }
    URI server = server(apiserver, "spec.apiserver");
    Optional<String> ca = present(from.get("ca"))
        ? Optional.of(secretValue(from.get("ca"), "authenticationFrom.ca"))
        : Optional.empty();
    Optional<String> certPem = cert
        ? Optional.of(secretValue(from.get("cert"), "authenticationFrom.cert"))
        : Optional.empty();
    Optional<String> keyPem = key
        ? Optional.of(secretValue(from.get("key"), "authenticationFrom.key"))
        : Optional.empty();
    Optional<String> tokenText = token
        ? Optional.of(secretValue(from.get("token"), "authenticationFrom.token"))
        : Optional.empty();
    return finish(
        server,
        ca,
        insecure(spec),
        tokenText,
        certPem,
        keyPem,
        new Names(
            describe(from.get("ca"), "authenticationFrom.ca"),
            describe(from.get("cert"), "authenticationFrom.cert"),
            describe(from.get("key"), "authenticationFrom.key"),
            describe(from.get("token"), "authenticationFrom.token")),
        "no CA is given (authenticationFrom.ca) and spec.insecureSkipTLSVerify is not true: give the CA, or set"
            + " spec.insecureSkipTLSVerify: true to connect without verifying the server's certificate",
        "authenticationFrom.ca and spec.insecureSkipTLSVerify: true are both set: give one or the other");
  }

  /** A kubeconfig's current context: its server, CA or insecure flag, and its user's credentials. */
  private static ClusterCredentials fromKubeconfig(String text, String where) throws Problem {
    Kubeconfig.Target target;
    try {
      target = Kubeconfig.currentTarget(text);
    } catch (KubeconfigException e) {
      throw new Problem(where + ": " + e.getMessage() + looksEncoded(text));
    }
    if (target.token().isEmpty() && target.certPem().isEmpty()) {
      throw new Problem(
          where + ": user \"" + target.user() + "\" of current-context \"" + target.context()
              + "\" has no token or client-certificate-data and client-key-data");
    }
    if (target.certPem().isPresent() != target.keyPem().isPresent()) {
      throw new Problem(
          where + ": user \"" + target.user() + "\" has client-certificate-data without client-key-data, or the"
              + " reverse");
    }
    String cluster = where + ": cluster \"" + target.cluster() + "\"";
    String user = where + ": user \"" + target.user() + "\"";
    return finish(
        server(target.server(), where + ": the server of cluster \"" + target.cluster() + "\""),
        target.caPem(),
        target.insecureSkipTlsVerify(),
        target.token(),
        target.certPem(),
        target.keyPem(),
        new Names(
            cluster + "'s certificate-authority-data",
            user + "'s client-certificate-data",
            user + "'s client-key-data",
            user + "'s token"),
        cluster + " has neither certificate-authority-data nor insecure-skip-tls-verify: true",
        cluster + " has both certificate-authority-data and insecure-skip-tls-verify: true: give one or the other");
  }

  /** Where each part came from, for messages. */
  private record Names(String ca, String cert, String key, String token) {}

  /** The checks every source shares: TLS settings, PEM shapes, the token's characters. */
  private static ClusterCredentials finish(
      URI server,
      Optional<String> ca,
      boolean insecure,
      Optional<String> token,
      Optional<String> cert,
      Optional<String> key,
      Names names,
      String noCa,
      String caAndInsecure)
      throws Problem {
    boolean tls = server.getScheme().equalsIgnoreCase("https");
    if (tls && ca.isEmpty() && !insecure) {
      throw new Problem(noCa);
    }
    if (ca.isPresent() && insecure) {
      throw new Problem(caAndInsecure);
    }
    if (ca.isPresent()) {
      Optional<String> problem = Pem.certificatesProblem(ca.get());
      if (problem.isPresent()) {
        throw new Problem(names.ca() + " " + problem.get());
      }
    }
    if (cert.isPresent()) {
      Optional<String> problem = Pem.certificatesProblem(cert.get());
      if (problem.isPresent()) {
        throw new Problem(names.cert() + " " + problem.get());
      }
    }
    if (key.isPresent()) {
      Optional<String> problem = Pem.privateKeyProblem(key.get());
      if (problem.isPresent()) {
        throw new Problem(names.key() + " " + problem.get());
      }
    }
    Optional<String> bearer = token.map(String::strip);
    if (bearer.isPresent()) {
      if (bearer.get().isEmpty()) {
        throw new Problem(names.token() + " is empty");
      }
      if (!bearer.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new Problem(names.token() + " contains spaces, line breaks or other characters a token cannot have");
      }
    }
    return new ClusterCredentials(server, ca, cert, key, bearer, insecure && tls);
  }

  // ---- secrets ------------------------------------------------------------------------------------------------

  /**
   * The value a reference names: the secret's string, or the string at {@code key} of the JSON object it holds.
   * Messages name the secret, key and field; a secret's content never reaches them (nor does a JSON parser's message,
   * which would quote it).
   */
  private String secretValue(JsonNode reference, String field) throws Problem {
    String name = reference.path("name").asText("");
    if (name.isEmpty()) {
      throw new Problem(field + ".name is required");
    }
    Optional<String> secret;
    try {
      secret = secrets.secretString(name);
    } catch (SecretAccessException e) {
      throw new Problem(e.getMessage() + " (" + field + ".name)");
    }
    if (secret.isEmpty()) {
      throw new Problem("secret \"" + name + "\" (" + field + ".name) is not found");
    }
    JsonNode keyNode = reference.get("key");
    if (keyNode == null || keyNode.isNull() || keyNode.asText("").isEmpty()) {
      if (secret.get().isBlank()) {
        throw new Problem("secret \"" + name + "\" (" + field + ") is empty");
      }
      return secret.get();
    }
    String key = keyNode.asText();
    JsonNode json;
    try {
      json = Json.mapper().readTree(secret.get());
    } catch (Exception e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw new Problem(
          "secret \"" + name + "\" is not a JSON object, so it has no key \"" + key + "\" (" + field + ".key)");
    }
    JsonNode value = json.get(key);
    if (value == null || value.isNull()) {
      throw new Problem("secret \"" + name + "\" has no key \"" + key + "\" (" + field + ".key)");
    }
    if (!value.isTextual()) {
      throw new Problem("secret \"" + name + "\"'s key \"" + key + "\" is not a string (" + field + ".key)");
    }
    if (value.textValue().isBlank()) {
      throw new Problem("secret \"" + name + "\"'s key \"" + key + "\" is empty (" + field + ".key)");
    }
    return value.textValue();
  }

  /** {@code secret "n" key "k" (authenticationFrom.ca)}, or without key, for messages about the value. */
  private static String describe(JsonNode reference, String field) {
    if (!present(reference)) {
      return field;
    }
    String name = reference.path("name").asText("");
    String key = reference.path("key").asText("");
    return "secret \"" + name + "\"" + (key.isEmpty() ? "" : " key \"" + key + "\"") + " (" + field + ")";
  }

  // ---- spec fields --------------------------------------------------------------------------------------------

  /** Whether a byte field is set: non-empty, as Clusterpedia's {@code len(field) != 0}. */
  private static boolean has(JsonNode spec, String field) {
    JsonNode value = spec.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty();
  }

  private static byte[] bytes(JsonNode spec, String field) throws Problem {
    try {
      return PediaClusters.decodeBase64(spec.get(field).textValue());
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: leave it out.
      throw new Problem("spec." + field + " is not valid base64");
    }
  }

  /** A byte field's text (PEM or token), if set. */
  private static Optional<String> optionalText(JsonNode spec, String field) throws Problem {
    return has(spec, field)
        ? Optional.of(new String(bytes(spec, field), StandardCharsets.UTF_8))
        : Optional.empty();
  }

  private static String text(JsonNode spec, String field) {
    JsonNode value = spec.get(field);
    return value != null && value.isTextual() ? value.textValue() : "";
  }

  private static boolean insecure(JsonNode spec) {
    return spec.path("insecureSkipTLSVerify").asBoolean(false);
  }

  private static boolean present(JsonNode reference) {
    return reference != null && reference.isObject();
  }

  private static URI server(String url, String field) throws Problem {
    Optional<String> problem = PediaClusters.serverUrlProblem(url);
    if (problem.isPresent()) {
      throw new Problem(field + " " + problem.get());
    }
    return URI.create(url);
  }

  /** A hint for the common mistake of storing a kubeconfig base64-encoded where its text is expected. */
  private static String looksEncoded(String text) {
    String t = text.strip();
    return !t.isEmpty() && t.indexOf(':') < 0 && t.matches("[A-Za-z0-9+/=\\s]+")
        ? " (it looks base64-encoded: give the kubeconfig's text)"
        : "";
  }
}
