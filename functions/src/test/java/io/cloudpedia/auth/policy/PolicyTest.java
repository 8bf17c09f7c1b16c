package io.cloudpedia.auth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.auth.source.InvalidDocumentException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
  static final String ROLE = "arn:aws:iam::111122223333:role/Platform";

  static final String YAML = String.join("\n",
      "# platform reads everything and may follow logs",
      "rules:",
      "  - description: platform",
      "    principals: ['arn:aws:iam::111122223333:role/Platform*', alice]",
      "    clusters: ['*']",
      "    namespaces: ['*']",
      "    resources: ['*']",
      "    actions: [read, 'proxy:log']",
      "  - principals: [ci-bot]",
      "    clusters: [prod-eu, prod-us]",
      "    namespaces: [team-a, '']",
      "    resources: [apps/deployments, core/pods, /nodes]",
      "    actions: [read]",
      "  - principals: ['team-*']",
      "    clusters: ['dev-*']",
      "    namespaces: ['team-*']",
      "    resources: ['*/configmaps']",
      "    actions: ['*']",
      "");

  static Policy policy() throws InvalidDocumentException {
    return Policy.parse(YAML);
  }

  static Request read(String cluster, String namespace, String group, String resource) {
    return new Request(cluster, namespace, group, resource, Action.READ);
  }

  @Test
  void nothingIsAllowedWithoutARule() throws Exception {
    assertThat(Policy.denyAll().allows("alice", read("c", "ns", "", "pods"))).isFalse();
    assertThat(Policy.parse("rules: []").allows("alice", read("c", "ns", "", "pods"))).isFalse();
    assertThat(policy().allows("bob", read("prod-eu", "team-a", "", "pods"))).isFalse();
    assertThat(policy().allows(ROLE.replace("111122223333", "999999999999"), read("c", "ns", "", "pods"))).isFalse();
  }

  @Test
  void aRuleAllowsEachCombinationOfItsListsAndNothingElse() throws Exception {
    Policy policy = policy();

    assertThat(policy.allows("ci-bot", read("prod-eu", "team-a", "apps", "deployments"))).isTrue();
    assertThat(policy.allows("ci-bot", read("prod-us", "team-a", "", "pods"))).isTrue();
    assertThat(policy.allows("ci-bot", read("prod-us", "", "", "nodes"))).isTrue();
    assertThat(policy.allows("ci-bot", read("prod-eu", "team-b", "apps", "deployments"))).isFalse();
    assertThat(policy.allows("ci-bot", read("dev-1", "team-a", "apps", "deployments"))).isFalse();
    assertThat(policy.allows("ci-bot", read("prod-eu", "team-a", "apps", "statefulsets"))).isFalse();
    assertThat(policy.allows("ci-bot", read("prod-eu", "team-a", "extensions", "deployments"))).isFalse();
    assertThat(policy.allows("ci-bot", new Request("prod-eu", "team-a", "", "pods", Action.FORWARD))).isFalse();
    assertThat(policy.allows("ci-bot", new Request("prod-eu", "team-a", "", "pods", Action.proxy("log")))).isFalse();
  }

  @Test
  void principalsAreTokenNamesExactArnsOrArnPatternsAndNeverCrossKinds() throws Exception {
    Policy policy = policy();
    Request anything = read("any", "any", "", "pods");

    assertThat(policy.allows("alice", anything)).isTrue();
    assertThat(policy.allows(ROLE, anything)).isTrue();
    assertThat(policy.allows(ROLE + "Admins", anything)).isTrue();
    assertThat(policy.allows("arn:aws:iam::111122223333:role/Dev", anything)).isFalse();
    assertThat(policy.allows("arn:aws:iam::111122223333:user/alice", anything)).isFalse();
    assertThat(policy.allows("team-x", read("dev-1", "team-x", "", "configmaps"))).isTrue();
    // A token principal pattern never matches an ARN, however broad.
    Policy any = Policy.parse("{\"rules\":[{\"principals\":[\"*\"],\"clusters\":[\"*\"],\"namespaces\":[\"*\"],"
        + "\"resources\":[\"*\"],\"actions\":[\"*\"]}]}");
    assertThat(any.allows("anyone", anything)).isTrue();
    assertThat(any.allows(ROLE, anything)).isFalse();
  }

  @Test
  void actionsAreIndependentAndProxyNamesItsSubresource() throws Exception {
    Policy policy = policy();

    assertThat(policy.allows("alice", new Request("c", "ns", "", "pods", Action.proxy("log")))).isTrue();
    assertThat(policy.allows("alice", new Request("c", "ns", "", "pods", Action.proxy("exec")))).isFalse();
    assertThat(policy.allows("alice", new Request("c", "ns", "", "pods", Action.FORWARD))).isFalse();
    assertThat(policy.allows("alice", new Request("c", "", "cluster.clusterpedia.io", "pediaclusters",
        Action.ADMIN))).isFalse();
    assertThat(policy.allows("team-a", new Request("dev-1", "team-a", "", "configmaps", Action.ADMIN))).isTrue();
    assertThat(Action.parse("proxy:log")).isEqualTo(Action.proxy("log"));
    assertThat(Action.proxy("log")).hasToString("proxy:log");
  }

  @Test
  void aScopeFiltersAListPerClusterAndNamespace() throws Exception {
    Policy policy = policy();

    Scope pods = policy.scope("ci-bot", "", "pods", Action.READ);
    assertThat(pods.isEmpty()).isFalse();
    assertThat(pods.access("prod-eu")).isEqualTo(ClusterAccess.SOME);
    assertThat(pods.access("dev-1")).isEqualTo(ClusterAccess.NONE);
    assertThat(pods.allows("prod-eu", "team-a")).isTrue();
    assertThat(pods.allows("prod-eu", "")).isTrue();
    assertThat(pods.allows("prod-eu", "team-b")).isFalse();
    assertThat(pods.literalClusters()).contains(Set.of("prod-eu", "prod-us"));
    assertThat(pods.literalNamespaces("prod-eu")).contains(Set.of("team-a", ""));
    assertThat(pods.literalNamespaces("dev-1")).isEmpty();

    Scope everything = policy.scope("alice", "apps", "deployments", Action.READ);
    assertThat(everything.access("whatever")).isEqualTo(ClusterAccess.ALL);
    assertThat(everything.literalClusters()).isEmpty();

    Scope patterns = policy.scope("team-a", "", "configmaps", Action.READ);
    assertThat(patterns.access("dev-7")).isEqualTo(ClusterAccess.SOME);
    assertThat(patterns.access("prod-eu")).isEqualTo(ClusterAccess.NONE);
    assertThat(patterns.allows("dev-7", "team-z")).isTrue();
    assertThat(patterns.allows("dev-7", "")).isFalse();
    assertThat(patterns.literalNamespaces("dev-7")).isEmpty();
  }

  @Test
  void discoveryShowsOnlyTypesAllowedSomewhere() throws Exception {
    Policy policy = policy();

    assertThat(policy.anyAllowed("ci-bot", "apps", "deployments", Action.READ)).isTrue();
    assertThat(policy.anyAllowed("ci-bot", "", "nodes", Action.READ)).isTrue();
    assertThat(policy.anyAllowed("ci-bot", "", "secrets", Action.READ)).isFalse();
    assertThat(policy.anyAllowed("ci-bot", "batch", "jobs", Action.READ)).isFalse();
    assertThat(policy.anyAllowed("nobody", "", "pods", Action.READ)).isFalse();
    assertThat(policy.scope("nobody", "", "pods", Action.READ).access("any")).isEqualTo(ClusterAccess.NONE);
  }

  @Test
  void invalidDocumentsNameTheRuleTheFieldAndTheProblem() {
    String valid = "principals: [a], clusters: ['*'], namespaces: ['*'], resources: ['*'], actions: [read]";
    assertInvalid("rules: [{" + valid.replace("resources: ['*']", "resources: [pods]") + "}]",
        "rules[0].resources[0]: 'pods' must be GROUP/RESOURCE (core/pods");
    assertInvalid("rules: [{" + valid.replace(", actions: [read]", "") + "}]",
        "rules[0].actions must be a non-empty list");
    assertInvalid("rules: [{" + valid + "}, {" + valid.replace("[read]", "[write]") + "}]",
        "rules[1].actions[0]: unknown action 'write'");
    assertInvalid("rules: [{" + valid.replace("[read]", "[proxy]") + "}]", "rules[0].actions[0]: write proxy:");
    assertInvalid("rules: [{" + valid.replace("[a]", "['arn:aws:iam::*:role/Admin']") + "}]",
        "rules[0].principals[0]: 'arn:aws:iam::*:role/Admin' is not an IAM ARN pattern");
    assertInvalid("rules: [{" + valid.replace("[a]", "['arn:aws:sts::111122223333:assumed-role/R/s']") + "}]",
        "is an assumed-role session ARN: name the role, arn:aws:iam::111122223333:role/ROLE");
    assertInvalid("rules: [{" + valid + ", verbs: [get]}]", "rules[0] has an unknown field \"verbs\"");
    assertInvalid("rule: []", "unknown top-level field \"rule\"");
    assertInvalid("rules: [{" + valid.replace("namespaces: ['*']", "namespaces: [Team_A]") + "}]",
        "rules[0].namespaces[0]: 'Team_A' is not a namespace pattern");
    assertInvalid("rules: [{" + valid.replace("[a]", "[1]") + "}]", "rules[0].principals[0] must be text");
    assertInvalid("rules:\n  - principals: [a\n", "not valid YAML (line");
    assertInvalid("{\"rules\": [}", "not valid JSON (line 1");
    assertInvalid("rules: []\nrules: []\n", "a key appears twice");
  }

  static void assertInvalid(String document, String message) {
    assertThatThrownBy(() -> Policy.parse(document)).as(document)
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void jsonAndYamlSayTheSame() throws Exception {
    Policy json = Policy.parse("{\"rules\":[{\"principals\":[\"ci-bot\"],\"clusters\":[\"prod-eu\"],"
        + "\"namespaces\":[\"team-a\"],\"resources\":[\"core/pods\"],\"actions\":[\"read\"]}]}");
    assertThat(json.allows("ci-bot", read("prod-eu", "team-a", "", "pods"))).isTrue();
    assertThat(json.allows("ci-bot", read("prod-eu", "team-b", "", "pods"))).isFalse();
    assertThat(Optional.of(json.size())).contains(1);
  }
}
