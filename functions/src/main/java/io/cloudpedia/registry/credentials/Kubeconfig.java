package io.cloudpedia.registry.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.registry.PediaClusters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a kubeconfig's current context says about reaching its cluster, as client-go's {@code ClientConfig} reads it:
 * the context's cluster (server, CA data, insecure-skip-tls-verify) and user (token, client certificate and key).
 * Whatever needs a file, a command or a plugin (certificate-authority, client-certificate, tokenFile, exec,
 * auth-provider) cannot work in a Lambda function and is refused, as are settings Cloudpedia would otherwise ignore
 * (proxy-url, tls-server-name, impersonation, basic auth).
 */
final class Kubeconfig {
  private static final List<String> UNSUPPORTED_CLUSTER_FIELDS = List.of("proxy-url", "tls-server-name");
  private static final List<String> FILE_USER_FIELDS = List.of("client-certificate", "client-key", "tokenFile");
  private static final List<String> UNSUPPORTED_USER_FIELDS =
      List.of("exec", "auth-provider", "username", "password", "as", "as-uid", "as-groups", "as-user-extra");

  private Kubeconfig() {}

  /**
   * @param server the cluster's {@code server}
   * @param caPem the PEM of {@code certificate-authority-data}
   */
  record Target(
      String context,
      String cluster,
      String user,
      String server,
      Optional<String> caPem,
      boolean insecureSkipTlsVerify,
      Optional<String> token,
      Optional<String> certPem,
      Optional<String> keyPem) {}

  /** The current context's target; {@link KubeconfigException} (naming what is wrong, never a value) otherwise. */
  static Target currentTarget(String text) throws KubeconfigException {
    JsonNode root = read(text);
    if (!root.isObject()) {
      throw new KubeconfigException("the kubeconfig is not a mapping");
    }
    String current = text(root, "current-context");
    if (current.isEmpty()) {
      throw new KubeconfigException("the kubeconfig has no current-context");
    }
    JsonNode context = named(root, "contexts", current, "context")
        .orElseThrow(() -> new KubeconfigException("current-context \"" + current + "\" names no context"));
    String clusterName = text(context, "cluster");
    if (clusterName.isEmpty()) {
      throw new KubeconfigException("context \"" + current + "\" names no cluster");
    }
    JsonNode cluster = named(root, "clusters", clusterName, "cluster")
        .orElseThrow(() -> new KubeconfigException("context \"" + current + "\" names cluster \"" + clusterName
            + "\", which the kubeconfig does not have"));
    String userName = text(context, "user");
    JsonNode user = userName.isEmpty()
        ? Json.mapper().createObjectNode()
        : named(root, "users", userName, "user").orElse(Json.mapper().createObjectNode());

    String where = "cluster \"" + clusterName + "\"";
    String server = text(cluster, "server");
    if (server.isEmpty()) {
      throw new KubeconfigException(where + " has no server");
    }
    Optional<String> serverProblem = PediaClusters.serverUrlProblem(server);
    if (serverProblem.isPresent()) {
      throw new KubeconfigException("the server of " + where + " " + serverProblem.get());
    }
    if (present(cluster, "certificate-authority")) {
      throw new KubeconfigException(
          where + " names a certificate-authority file, which is not available here: use certificate-authority-data");
    }
    for (String field : UNSUPPORTED_CLUSTER_FIELDS) {
      if (present(cluster, field)) {
        throw new KubeconfigException(where + " sets " + field + ", which Cloudpedia does not support");
      }
    }
    Optional<String> ca = data(cluster, "certificate-authority-data", where);
    boolean insecure = bool(cluster, "insecure-skip-tls-verify", where);

    String who = "user \"" + userName + "\"";
    for (String field : FILE_USER_FIELDS) {
      if (present(user, field)) {
        throw new KubeconfigException(
            who + " names a " + field + " file, which is not available here: use token or client-certificate-data"
                + " and client-key-data");
      }
    }
    for (String field : UNSUPPORTED_USER_FIELDS) {
      if (present(user, field)) {
        throw new KubeconfigException(
            who + " uses " + field + ", which Cloudpedia does not support: use a token or client-certificate-data and"
                + " client-key-data");
      }
    }
    Optional<String> token = Optional.of(text(user, "token")).filter(t -> !t.isEmpty());
    Optional<String> cert = data(user, "client-certificate-data", who);
    Optional<String> key = data(user, "client-key-data", who);
    return new Target(current, clusterName, userName, server, ca, insecure, token, cert, key);
  }

  private static JsonNode read(String text) throws KubeconfigException {
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) {
      try {
        return Json.mapper().readTree(trimmed);
      } catch (Exception e) {
        // The parser's message quotes the text near the error: never pass it on.
        throw new KubeconfigException("the kubeconfig is not valid JSON");
      }
    }
    return KubeconfigYaml.parse(text);
  }

  /** The {@code field} of the entry of list {@code list} whose {@code name} is {@code name}. */
  private static Optional<JsonNode> named(JsonNode root, String list, String name, String field)
      throws KubeconfigException {
    JsonNode entries = root.get(list);
    if (entries == null || entries.isNull()) {
      return Optional.empty();
    }
    if (!entries.isArray()) {
      throw new KubeconfigException("the kubeconfig's " + list + " is not a list");
    }
    for (JsonNode entry : entries) {
      if (name.equals(entry.path("name").asText(null))) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
          return Optional.of(Json.mapper().createObjectNode());
        }
        if (!value.isObject()) {
          throw new KubeconfigException("the " + field + " of \"" + name + "\" is not a mapping");
        }
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : "";
  }

  private static boolean present(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull() && !(value.isTextual() && value.textValue().isEmpty());
  }

  /** A boolean as YAML 1.1 (which kubectl's YAML reader follows) spells it. */
  private static boolean bool(JsonNode node, String field, String where) throws KubeconfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    switch (value.asText()) {
      case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y":
        return true;
      case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N":
        return false;
      default:
        throw new KubeconfigException("the " + field + " of " + where + " is not a boolean");
    }
  }

  /** A {@code *-data} field: base64 of the PEM text. */
  private static Optional<String> data(JsonNode node, String field, String where) throws KubeconfigException {
    String value = text(node, field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(PediaClusters.decodeBase64(value.strip()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new KubeconfigException("the " + field + " of " + where + " is not valid base64");
    }
  }
}
