package io.cloudpedia.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.status.StatusCause;
import io.cloudpedia.json.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PediaClustersTest {

  @Test
  void aCompleteClusterIsValid() {
    assertThat(PediaClusters.validate(json("""
        {"apiVersion": "cluster.clusterpedia.io/v1alpha2", "kind": "PediaCluster",
         "metadata": {"name": "cluster-1.eu", "labels": {"env": "prod"}, "finalizers": []},
         "spec": {
           "apiserver": "https://10.0.0.1:6443/k8s/clusters/c-1",
           "caData": "%s", "tokenData": "dG9rZW4=", "certData": "%s", "keyData": "%s", "kubeconfig": "YQ==",
           "insecureSkipTLSVerify": false, "syncAllCustomResources": true,
           "syncResourcesRefName": "shared-list", "shardingName": "shard-a",
           "authenticationFrom": {
             "kubeconfig": {"name": "cloudpedia/clusters/c1", "key": "kubeconfig"},
             "ca": {"name": "arn:aws:secretsmanager:us-east-1:123456789012:secret:cloudpedia/c1-AbCdEf"},
             "cert": {"name": "cloudpedia/c1", "key": "cert"}, "key": {"name": "cloudpedia/c1", "key": "key"},
             "token": {"name": "cloudpedia/c1", "key": "token"}},
           "syncResources": [
             {"group": "", "versions": ["v1"], "resources": ["pods", "ConfigMaps"],
              "eventsInvolvedResources": ["Pods"]},
             {"group": "apps", "resources": ["*"], "eventsInvolvedResources": ["*"]},
             {"group": "*", "resources": ["*"]}]},
         "status": {"conditions": []}}
        """.formatted(b64("ca"), b64("cert"), b64("key"))))).isEmpty();
  }

  @Test
  void anEmptySyncListIsValid() {
    assertThat(PediaClusters.validate(minimal())).isEmpty();
  }

  @Test
  void typeMetaMustBeThisGroupVersionAndKind() {
    ObjectNode o = minimal();
    o.put("apiVersion", "cluster.clusterpedia.io/v1beta1");
    o.put("kind", "Cluster");
    assertThat(messages(PediaClusters.validate(o))).containsExactly(
        "apiVersion: Unsupported value: \"cluster.clusterpedia.io/v1beta1\": supported values:"
            + " \"cluster.clusterpedia.io/v1alpha2\"",
        "kind: Unsupported value: \"Cluster\": supported values: \"PediaCluster\"");

    o.remove("apiVersion");
    o.remove("kind");
    assertThat(messages(PediaClusters.validate(o))).containsExactly("apiVersion: Required value", "kind: Required value");
  }

  @Test
  void theNameMustBeADnsSubdomain() {
    ObjectNode o = minimal();
    o.withObjectProperty("metadata").put("name", "Cluster_1");
    List<StatusCause> causes = PediaClusters.validate(o);
    assertThat(causes).singleElement().satisfies(c -> {
      assertThat(c.field()).isEqualTo("metadata.name");
      assertThat(c.reason()).isEqualTo("FieldValueInvalid");
      assertThat(c.message()).startsWith("Invalid value: \"Cluster_1\": a lowercase RFC 1123 subdomain must consist");
    });

    o.withObjectProperty("metadata").put("name", "a".repeat(254));
    assertThat(messages(PediaClusters.validate(o)))
        .singleElement().asString().endsWith(": must be no more than 253 characters");

    o.withObjectProperty("metadata").put("name", "a".repeat(253));
    assertThat(PediaClusters.validate(o)).isEmpty();

    o.withObjectProperty("metadata").remove("name");
    assertThat(PediaClusters.validate(o)).extracting(StatusCause::field, StatusCause::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("metadata.name", "FieldValueRequired"));
  }

  @Test
  void specAndItsSyncResourcesAreRequired() {
    ObjectNode o = minimal();
    o.remove("spec");
    assertThat(messages(PediaClusters.validate(o))).containsExactly("spec: Required value");

    o.putObject("spec");
    assertThat(messages(PediaClusters.validate(o))).containsExactly("spec.syncResources: Required value");

    o.withObjectProperty("spec").put("syncResources", "pods");
    assertThat(messages(PediaClusters.validate(o))).containsExactly(
        "spec.syncResources: Invalid value: \"string\": spec.syncResources in body must be of type array: \"string\"");
  }

  @Test
  void eachSyncResourcesItemIsChecked() {
    ObjectNode o = minimal();
    o.withObjectProperty("spec").set("syncResources", json("""
        [{"resources": ["pods"]},
         {"group": "", "resources": []},
         {"group": "", "resources": ["pods", ""]},
         {"group": "Apps", "versions": ["V1", "*", 2], "resources": ["deployments"]},
         {"group": "*", "resources": ["pods"]},
         {"group": "", "resources": ["pods"], "eventsInvolvedResources": ["PODS", "services", "*"]},
         {"group": "", "resources": ["*"], "eventsInvolvedResources": ["pods"]},
         {"group": "", "resources": ["pods"], "version": ["v1"]}]
        """));

    assertThat(PediaClusters.validate(o)).extracting(StatusCause::field).containsExactly(
        "spec.syncResources[0].group",
        "spec.syncResources[1].resources",
        "spec.syncResources[2].resources[1]",
        "spec.syncResources[3].group",
        "spec.syncResources[3].versions[2]",
        "spec.syncResources[3].versions[0]",
        "spec.syncResources[4].group",
        "spec.syncResources[5].eventsInvolvedResources[1]",
        "spec.syncResources[6].eventsInvolvedResources[0]",
        "spec.syncResources[7].version");
    assertThat(messages(PediaClusters.validate(o))).contains(
        "spec.syncResources[0].group: Required value",
        "spec.syncResources[1].resources: Invalid value: \"\": must have at least 1 item",
        "spec.syncResources[4].group: Invalid value: \"*\": the group wildcard \"*\" is only allowed with resources"
            + " [\"*\"]",
        "spec.syncResources[5].eventsInvolvedResources[1]: Invalid value: \"services\": must be \"*\" or one of this"
            + " entry's resources",
        "spec.syncResources[7].version: unknown field \"spec.syncResources[7].version\"");
  }

  @Test
  void unknownFieldsAreErrorsNamingTheField() {
    ObjectNode o = minimal();
    o.withObjectProperty("spec").put("apiServer", "https://a");
    o.withObjectProperty("spec").putObject("authenticationFrom").putObject("token").put("name", "cp/t")
        .put("namespace", "x");
    o.withObjectProperty("metadata").put("nmae", "x");
    o.put("extra", 1);

    assertThat(PediaClusters.validate(o)).extracting(StatusCause::field).containsExactlyInAnyOrder(
        "extra", "metadata.nmae", "spec.apiServer", "spec.authenticationFrom.token.namespace");
    assertThat(messages(PediaClusters.validate(o))).contains("spec.apiServer: unknown field \"spec.apiServer\"");
  }

  @Test
  void theApiserverMustBeAnHttpUrl() {
    for (String bad : List.of("10.0.0.1:6443", "ftp://a", "https://", "https://a?x=1")) {
      ObjectNode o = minimal();
      o.withObjectProperty("spec").put("apiserver", bad);
      assertThat(PediaClusters.validate(o)).as(bad).singleElement()
          .satisfies(c -> assertThat(c.field()).isEqualTo("spec.apiserver"));
    }
    ObjectNode withPassword = minimal();
    withPassword.withObjectProperty("spec").put("apiserver", "https://admin:hunter2@a:6443");
    assertThat(messages(PediaClusters.validate(withPassword))).singleElement().asString()
        .doesNotContain("hunter2").contains("user information");

    ObjectNode plain = minimal();
    plain.withObjectProperty("spec").put("apiserver", "http://a:8080");
    assertThat(PediaClusters.validate(plain)).isEmpty();
  }

  @Test
  void byteFieldsMustBeBase64AndAreNeverEchoed() {
    ObjectNode o = minimal();
    o.withObjectProperty("spec").put("tokenData", "my-secret-token!").put("keyData", "-----BEGIN").put("caData", "YQ")
        .put("certData", "YWJj\nZGVm").put("kubeconfig", 42);

    List<StatusCause> causes = PediaClusters.validate(o);

    assertThat(causes).extracting(StatusCause::field)
        .containsExactly("spec.kubeconfig", "spec.keyData", "spec.tokenData");
    assertThat(messages(causes)).noneMatch(m -> m.contains("my-secret-token") || m.contains("BEGIN"));
    assertThat(messages(causes)).contains("spec.tokenData: Invalid value: must be base64-encoded (standard alphabet)");
  }

  @Test
  void authenticationReferencesNeedANameAndAllowAKey() {
    ObjectNode o = minimal();
    ObjectNode from = o.withObjectProperty("spec").putObject("authenticationFrom");
    from.putObject("ca").put("key", "ca.crt");
    from.putObject("cert").put("name", "");
    from.putObject("key").put("name", "bad name!");
    from.putObject("token").put("name", "cp/t").put("key", "");
    from.put("kubeconfig", "cp/k");

    assertThat(messages(PediaClusters.validate(o))).containsExactly(
        "spec.authenticationFrom.kubeconfig: Invalid value: \"string\": spec.authenticationFrom.kubeconfig in body"
            + " must be of type object: \"string\"",
        "spec.authenticationFrom.ca.name: Required value",
        "spec.authenticationFrom.cert.name: Required value",
        "spec.authenticationFrom.key.name: Invalid value: \"bad name!\": must be a Secrets Manager secret name"
            + " (1-512 letters, digits and /_+=.@-) or a secret's ARN",
        "spec.authenticationFrom.token.key: Invalid value: \"\": must not be empty: omit key to use the whole secret"
            + " string");
  }

  @Test
  void credentialCombinationsAreNotCheckedHere() {
    ObjectNode o = minimal();
    o.withObjectProperty("spec").put("certData", b64("cert")); // no key, no apiserver: decided at resolution
    assertThat(PediaClusters.validate(o)).isEmpty();
  }

  @Test
  void booleansAndNamesHaveTheirTypes() {
    ObjectNode o = minimal();
    o.withObjectProperty("spec").put("insecureSkipTLSVerify", "true").put("syncResourcesRefName", "Shared_List")
        .put("shardingName", 3);

    assertThat(PediaClusters.validate(o)).extracting(StatusCause::field)
        .containsExactly("spec.insecureSkipTLSVerify", "spec.syncResourcesRefName", "spec.shardingName");
  }

  @Test
  void labelsAndAnnotationsAreMapsOfStrings() {
    ObjectNode o = minimal();
    o.withObjectProperty("metadata").putObject("labels").put("ok", "yes").put("n", 1);
    o.withObjectProperty("metadata").put("annotations", "x");
    o.withObjectProperty("metadata").putArray("finalizers").add("clusterpedia.io/cluster-synchro-controller").add(2);

    assertThat(PediaClusters.validate(o)).extracting(StatusCause::field)
        .containsExactly("metadata.labels.n", "metadata.annotations", "metadata.finalizers[1]");
  }

  @Test
  void clusterSyncResourcesAreValidatedWithTheSameItemRules() {
    JsonNode valid = json("""
        {"apiVersion": "cluster.clusterpedia.io/v1alpha2", "kind": "ClusterSyncResources",
         "metadata": {"name": "shared"}, "spec": {"syncResources": [{"group": "apps", "resources": ["deployments"]}]}}
        """);
    assertThat(PediaClusters.validateSyncResources(valid)).isEmpty();
    assertThat(PediaClusters.validate(RegistryKind.CLUSTER_SYNC_RESOURCES, valid)).isEmpty();

    JsonNode invalid = json("""
        {"apiVersion": "cluster.clusterpedia.io/v1alpha2", "kind": "PediaCluster",
         "metadata": {"name": "shared"}, "spec": {"apiserver": "https://a", "syncResources": [{"group": ""}]},
         "status": {}}
        """);
    assertThat(messages(PediaClusters.validateSyncResources(invalid))).containsExactly(
        "status: unknown field \"status\"",
        "kind: Unsupported value: \"PediaCluster\": supported values: \"ClusterSyncResources\"",
        "spec.apiserver: unknown field \"spec.apiserver\"",
        "spec.syncResources[0].resources: Required value");
  }

  @Test
  void notAnObjectAtAll() {
    assertThat(messages(PediaClusters.validate(json("[]"))))
        .containsExactly("Invalid value: \"array\": body must be of type object: \"array\"");
  }

  @Test
  void normalizeLowerCasesResourceNamesAndDropsTheNamespace() {
    ObjectNode o = minimal();
    o.remove("kind");
    o.withObjectProperty("metadata").put("namespace", "default");
    o.withObjectProperty("spec").set("syncResources", json("""
        [{"group": "", "resources": ["Pods", "*"], "eventsInvolvedResources": ["PODS"]}]
        """));

    ObjectNode normalized = PediaClusters.normalize(RegistryKind.PEDIA_CLUSTER, o);

    assertThat(normalized.get("kind").asText()).isEqualTo("PediaCluster");
    assertThat(normalized.get("metadata").has("namespace")).isFalse();
    assertThat(normalized.get("spec").get("syncResources").get(0)).isEqualTo(json("""
        {"group": "", "resources": ["pods", "*"], "eventsInvolvedResources": ["pods"]}
        """));
    assertThat(o.get("metadata").has("namespace")).as("the argument is left alone").isTrue();
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private static ObjectNode minimal() {
    return (ObjectNode) json("""
        {"apiVersion": "cluster.clusterpedia.io/v1alpha2", "kind": "PediaCluster", "metadata": {"name": "c1"},
         "spec": {"syncResources": []}}
        """);
  }

  /** Each cause as {@code field: message}, as Kubernetes prints them. */
  static List<String> messages(List<StatusCause> causes) {
    return causes.stream()
        .map(c -> c.field().isEmpty() ? c.message() : c.field() + ": " + c.message())
        .collect(Collectors.toList());
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
