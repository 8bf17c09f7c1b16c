package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the read API, over three mock member clusters synced through the real pipeline (agents,
 * SQS, IngestFunction, DynamoDB on the AWS emulator). Each cluster holds 6 pods (4 in default, 2 in team-a), a
 * deployment, 2 nodes and an event.
 */
class KubectlReadApiTest {
  static final List<String> CLUSTERS = List.of("c1", "c2", "c3");
  static final Duration SYNC = Duration.ofSeconds(90);
  static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  static final GroupVersionResource EVENTS = GroupVersionResource.parse("v1/events");

  static Pipeline pipeline;
  static final List<MockCluster> members = new ArrayList<>();
  static ReadApi api;
  @TempDir static Path home;
  static Kubectl kubectl;

  @BeforeAll
  static void syncThreeClusters() throws Exception {
    pipeline = Pipeline.start("kubectl-read");
    List<SyncAgent> agents = new ArrayList<>();
    for (String name : CLUSTERS) {
      MockCluster member = new MockCluster();
      members.add(member);
      seed(member.client(), name);
      agents.add(pipeline.startAgent(name, member.server().createClient(),
          SyncResource.of("", "pods", "nodes", "events"), SyncResource.of("apps", "deployments")));
    }
    for (SyncAgent agent : agents) {
      Pipeline.awaitSyncedAndWatching(agent, SYNC);
    }
    for (String name : CLUSTERS) {
      Eventually.until(SYNC, name + " stored", () -> pipeline.stored(name, PODS).size() == 6
          && pipeline.stored(name, EVENTS).size() == 1
          && pipeline.syncState.agentStatus(name).isPresent());
    }
    api = ReadApi.serve(pipeline.store, pipeline.syncState);
    kubectl = Kubectl.against(api.url(), home, CLUSTERS);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
    members.forEach(MockCluster::close);
  }

  static void seed(KubernetesClient client, String cluster) {
    for (int n = 1; n <= 2; n++) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n" + n)
          .addToLabels("node-role.kubernetes.io/worker", "").endMetadata()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
          .withNewNodeInfo().withKubeletVersion("v1.32.1").endNodeInfo().endStatus().build()).create();
    }
    for (int i = 0; i < 4; i++) {
      pod(client, "default", "web-" + i, i % 2 == 0 ? "a" : "b", i == 3 ? "db" : "web", i % 2 == 0 ? "n1" : "n2",
          i == 2 ? "Pending" : "Running");
    }
    pod(client, "team-a", "api-0", "api", "api", "n1", "Running");
    pod(client, "team-a", "api-1", "api", "api", "n2", "Running");
    Churn.createDeployment(client, "team-a", "api", 2);
    client.v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata().withName("web-0.ev")
        .withNamespace("default").endMetadata().withType("Normal").withReason("Scheduled")
        .withMessage("Successfully assigned default/web-0 to n1 in " + cluster)
        .withNewInvolvedObject().withKind("Pod").withName("web-0").withNamespace("default").endInvolvedObject()
        .withLastTimestamp("2026-11-25T10:00:00Z").build()).create();
  }

  static void pod(KubernetesClient client, String ns, String name, String app, String tier, String node, String phase) {
    client.pods().inNamespace(ns).resource(new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app).addToLabels("tier", tier)
        .endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("nginx:1.27").endContainer()
        .endSpec()
        .withNewStatus().withPhase(phase).withPodIP("10.0.0." + (name.hashCode() & 0x7f)).endStatus()
        .build()).create();
  }

  static List<String> header(Kubectl.Result r) {
    return Arrays.asList(r.lines().get(0).trim().split("\\s{2,}"));
  }

  static List<String> rows(Kubectl.Result r) {
    return r.lines().subList(1, r.lines().size());
  }

  /** The values of one column of a human table, by its header. */
  static List<String> column(Kubectl.Result r, String name) {
    String head = r.lines().get(0);
    java.util.regex.Matcher m = Pattern.compile("(?<=^|\\s)" + Pattern.quote(name) + "(?=\\s|$)").matcher(head);
    if (!m.find()) {
      throw new AssertionError("no column " + name + " in " + head);
    }
    int start = m.start();
    List<String> values = new ArrayList<>();
    for (String row : rows(r)) {
      String rest = row.length() > start ? row.substring(start) : "";
      values.add(rest.split("\\s+")[0]);
    }
    return values;
  }

  @Test
  void getPodsAllNamespacesShowsEveryPodWithClusterAndNativeColumns() {
    Kubectl.Result r = kubectl.run("get", "pods", "-A").ok();
    assertThat(header(r)).containsExactly("NAMESPACE", "CLUSTER", "NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(rows(r)).hasSize(18);
    assertThat(column(r, "CLUSTER")).containsOnly("c1", "c2", "c3");
    assertThat(column(r, "STATUS")).contains("Running", "Pending");
    // Default order: cluster, namespace, name.
    assertThat(column(r, "CLUSTER").subList(0, 6)).containsOnly("c1");
    assertThat(column(r, "NAME").subList(0, 6)).containsExactly("web-0", "web-1", "web-2", "web-3", "api-0", "api-1");
    // Short names come from discovery.
    assertThat(kubectl.run("get", "po", "-A", "--no-headers").ok().lines()).hasSize(18);
  }

  @Test
  void wideOutputHasTheWideColumns() {
    Kubectl.Result r = kubectl.run("get", "pods", "-A", "-o", "wide").ok();
    assertThat(header(r)).containsExactly("NAMESPACE", "CLUSTER", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP",
        "NODE", "NOMINATED NODE", "READINESS GATES");
    assertThat(column(r, "NODE")).containsOnly("n1", "n2");
  }

  @Test
  void deploymentsNodesAndEvents() {
    Kubectl.Result deploy = kubectl.run("get", "deploy", "-n", "team-a").ok();
    assertThat(header(deploy)).containsExactly("CLUSTER", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    assertThat(column(deploy, "CLUSTER")).containsExactly("c1", "c2", "c3");
    Kubectl.Result nodes = kubectl.run("get", "nodes").ok();
    assertThat(header(nodes)).containsExactly("CLUSTER", "NAME", "STATUS", "ROLES", "AGE", "VERSION");
    assertThat(rows(nodes)).hasSize(6);
    assertThat(column(nodes, "STATUS")).containsOnly("Ready");
    Kubectl.Result events = kubectl.run("get", "events", "-A").ok();
    assertThat(header(events)).containsExactly("NAMESPACE", "CLUSTER", "LAST SEEN", "TYPE", "REASON", "OBJECT",
        "MESSAGE");
    assertThat(rows(events)).hasSize(3).allMatch(row -> row.contains("pod/web-0"));
  }

  @Test
  void jsonYamlAndNameOutputs() throws Exception {
    JsonNode list = Json.mapper().readTree(kubectl.run("get", "pods", "-A", "-o", "json").ok().out());
    assertThat(list.path("items")).hasSize(18);
    assertThat(list.path("items").get(0).at("/metadata/annotations/shadow.clusterpedia.io~1cluster-name").asText())
        .isEqualTo("c1");
    String yaml = kubectl.run("get", "pods", "-A", "-o", "yaml").ok().out();
    assertThat(Pattern.compile("(?m)^  kind: Pod$").matcher(yaml).results().count()).isEqualTo(18);
    Kubectl.Result names = kubectl.run("get", "pods", "-A", "-o", "name").ok();
    assertThat(names.lines()).hasSize(18).allMatch(l -> l.startsWith("pod/"));
  }

  @Test
  void labelAndFieldSelectorsSelect() {
    Kubectl.Result labels = kubectl.run("get", "pods", "-A", "-l", "app in (a,b),tier!=db").ok();
    assertThat(column(labels, "NAME")).hasSize(9).containsOnly("web-0", "web-1", "web-2");
    Kubectl.Result fields =
        kubectl.run("get", "pods", "-A", "--field-selector", "status.phase=Running,spec.nodeName=n1").ok();
    assertThat(column(fields, "NAME")).hasSize(6).containsOnly("web-0", "api-0");
  }

  @Test
  void searchLabelsSelectClustersAndOrder() {
    Kubectl.Result c1 = kubectl.run("get", "pods", "-A", "-l", "search.clusterpedia.io/clusters=c1").ok();
    assertThat(column(c1, "CLUSTER")).hasSize(6).containsOnly("c1");
    Kubectl.Result ordered = kubectl.run("get", "pods", "-A", "-l", "search.clusterpedia.io/orderby=name_desc").ok();
    List<String> names = column(ordered, "NAME");
    assertThat(names).hasSize(18);
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertThat(names).containsExactlyElementsOf(sorted);
    assertThat(names.subList(0, 3)).containsOnly("web-3");
  }

  @Test
  void getOneObjectFromOneCluster() throws Exception {
    Kubectl.Result r = kubectl.run("--cluster", "c2", "get", "pod", "web-1", "-n", "default", "-o", "yaml").ok();
    assertThat(r.out()).contains("name: web-1").contains("shadow.clusterpedia.io/cluster-name: c2");
    Kubectl.Result human = kubectl.run("--cluster", "c3", "get", "pod", "web-2", "-n", "default").ok();
    assertThat(rows(human)).singleElement().asString().startsWith("c3").contains("Pending");
    Kubectl.Result missing = kubectl.run("--cluster", "c2", "get", "pod", "nope", "-n", "default");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("Error from server (NotFound): pods \"nope\" not found");
  }

  @Test
  void apiResourcesListsWhatIsSynced() {
    Kubectl.Result r = kubectl.run("api-resources").ok();
    assertThat(header(r)).containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
    assertThat(column(r, "NAME")).containsExactlyInAnyOrder("pods", "nodes", "events", "deployments");
    assertThat(r.out()).contains("po").contains("deploy").contains("apps/v1");
  }

  @Test
  void cloudpediaKubeconfigWritesEntriesKubectlUses() throws Exception {
    Path generated = home.resolve("generated-kubeconfig");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine command = io.cloudpedia.cli.Cloudpedia.commandLine(
        io.cloudpedia.cli.Environment.of(java.util.Map.of("HOME", home.toString())));
    command.setOut(new java.io.PrintWriter(out, true));
    command.setErr(new java.io.PrintWriter(err, true));
    int exit = command.execute("kubeconfig", "--server", api.url().toString(), "--token", "test-token", "--merge",
        "--kubeconfig", generated.toString(), "--use-context");
    assertThat(exit).as(err.toString()).isZero();
    // The member clusters come from the server's PediaCluster list.
    Kubectl.Result perCluster = new Kubectl.Raw(home, generated).run("--context", "c2", "get", "pods", "-n", "team-a");
    assertThat(column(perCluster.ok(), "CLUSTER")).containsExactly("c2", "c2");
    Kubectl.Result all = new Kubectl.Raw(home, generated).run("get", "pods", "-A", "--no-headers");
    assertThat(all.ok().lines()).hasSize(18);
    Kubectl.Result clusters = kubectl.run("--server", api.url().toString(), "get", "pediaclusters");
    assertThat(clusters.ok().out()).contains("c1").contains("c2").contains("c3");
  }

  @Test
  void badInputGetsAClearServerErrorNeverA500() {
    Kubectl.Result selector = kubectl.run("get", "pods", "-A", "-l", "app in (a");
    assertThat(selector.exitCode()).isNotZero();
    assertThat(selector.err()).contains("Error from server (BadRequest)").doesNotContain("InternalError");

    Kubectl.Result label = kubectl.run("get", "pods", "-A", "-l", "search.clusterpedia.io/clusterz=c1");
    assertThat(label.err()).contains("Error from server (BadRequest)").contains("search.clusterpedia.io/clusterz");

    // --raw paths are absolute on the server's host.
    Kubectl.Result token = kubectl.run("get", "--raw",
        Kubectl.RESOURCES + "/api/v1/pods?limit=1&continue=eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA");
    assertThat(token.err()).contains("Error from server (BadRequest)").contains("invalid continue token");

    Kubectl.Result unknown = kubectl.run("get", "secrets", "-A");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("the server doesn't have a resource type \"secrets\"");

    Kubectl.Result watch = kubectl.run("get", "pods", "-A", "--watch-only");
    assertThat(watch.err()).contains("MethodNotAllowed").contains("watch is not served");
  }
}
