package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collection resources through the real kubectl, over three mock member clusters synced by the pipeline: {@code any}
 * by resources and by groups, Clusterpedia's 400 without either, {@code workloads} in one namespace paged with limit
 * and continue (every workload once), and the tables of the catalogue and of a search.
 */
class CollectionResourcesKubectlTest {
  static final Duration SYNC = Duration.ofSeconds(180);
  static final String COLLECTIONS = "/apis/clusterpedia.io/v1beta1/collectionresources";
  static final Map<String, GroupVersionResource> TYPES = Map.of(
      "Deployment", GroupVersionResource.parse("apps/v1/deployments"),
      "StatefulSet", GroupVersionResource.parse("apps/v1/statefulsets"),
      "CronJob", GroupVersionResource.parse("batch/v1/cronjobs"),
      "Pod", GroupVersionResource.parse("v1/pods"));

  @TempDir Path home;

  @Test
  void collectionsSearchSeveralTypesAcrossClusters() throws Exception {
    List<MockCluster> members = new ArrayList<>();
    try (Pipeline pipeline = Pipeline.start("collections")) {
      List<String> clusters = List.of("k1", "k2", "k3");
      List<SyncAgent> agents = new ArrayList<>();
      for (String name : clusters) {
        MockCluster member = new MockCluster();
        members.add(member);
        agents.add(pipeline.startAgent(name, member.server().createClient(), SyncResource.of("", "pods"),
            SyncResource.of("apps", "deployments", "statefulsets"), SyncResource.of("batch", "cronjobs")));
      }
      for (SyncAgent agent : agents) {
        Pipeline.awaitSyncedAndWatching(agent, SYNC);
      }
      Set<String> expected = new HashSet<>();
      for (int c = 0; c < 3; c++) {
        KubernetesClient client = members.get(c).client();
        String cluster = clusters.get(c);
        for (String ns : List.of("team-a", "team-b")) {
          for (int i = 0; i < 2; i++) {
            Churn.createDeployment(client, ns, "web-" + i, 1);
            expected.add(cluster + " Deployment " + ns + "/web-" + i);
          }
          createStatefulSet(client, ns, "db");
          expected.add(cluster + " StatefulSet " + ns + "/db");
          createCronJob(client, ns, "nightly");
          expected.add(cluster + " CronJob " + ns + "/nightly");
          Churn.createPod(client, ns, "pod-1", "web");
          expected.add(cluster + " Pod " + ns + "/pod-1");
        }
      }
      Eventually.until(SYNC, "every object stored", () -> TYPES.entrySet().stream().mapToInt(e ->
          clusters.stream().mapToInt(c -> pipeline.stored(c, e.getValue()).size()).sum()).sum() == expected.size());

      try (ReadApi api = ReadApi.serve(pipeline.store, pipeline.syncState)) {
        Kubectl kubectl = Kubectl.against(api.url(), home, clusters);
        String root = api.url().toString();

        // any: exactly the named types, across the three clusters.
        JsonNode named = raw(kubectl, root, COLLECTIONS + "/any?resources=apps/deployments,batch/v1/cronjobs");
        assertThat(items(named, root)).containsExactlyInAnyOrderElementsOf(
            expected.stream().filter(e -> e.contains(" Deployment ") || e.contains(" CronJob ")).toList());
        assertThat(named.path("resourceTypes").findValuesAsText("kind")).containsExactly("Deployment", "CronJob");

        // groups=apps: every synced apps type.
        JsonNode apps = raw(kubectl, root, COLLECTIONS + "/any?groups=apps");
        assertThat(items(apps, root)).containsExactlyInAnyOrderElementsOf(
            expected.stream().filter(e -> e.contains(" Deployment ") || e.contains(" StatefulSet ")).toList());

        Kubectl.Result neither = kubectl.run("--server", root, "get", "--raw", COLLECTIONS + "/any");
        assertThat(neither.exitCode()).isNotZero();
        assertThat(neither.err()).contains("url query - `groups` or `resources` is required");

        // workloads in team-b, two per page: every workload once.
        List<String> paged = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
          JsonNode page = raw(kubectl, root, COLLECTIONS + "/workloads?limit=2&labelSelector="
              + enc("search.clusterpedia.io/namespaces=team-b") + (token.isEmpty() ? "" : "&continue=" + enc(token)));
          assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
          paged.addAll(items(page, root));
          token = page.path("continue").asText("");
          pages++;
        } while (!token.isEmpty() && pages < 50);
        List<String> teamBWorkloads = expected.stream().filter(e -> e.contains(" team-b/"))
            .filter(e -> e.contains(" Deployment ") || e.contains(" StatefulSet ")).toList();
        assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(teamBWorkloads);
        assertThat(pages).isEqualTo(5);

        // The tables kubectl prints.
        List<String> catalogue = kubectl.run("--server", root, "get", "collectionresources").ok().lines();
        assertThat(catalogue.get(0).split("\\s+")).containsExactly("NAME", "RESOURCES");
        assertThat(catalogue).anyMatch(l -> l.matches("workloads\\s+deployments.apps,daemonsets.apps,statefulsets.apps"));
        List<String> table = kubectl.run("--server", root, "get", "collectionresources", "workloads").ok().lines();
        assertThat(table.get(0).split("\\s+"))
            .containsExactly("CLUSTER", "GROUP", "VERSION", "KIND", "NAMESPACE", "NAME", "AGE");
        assertThat(table).hasSize(1 + 18);
        // kubectl itself refuses a name with -l (docs/api.md gives the --raw form, used above, instead).
        Kubectl.Result withSelector = kubectl.run("--server", root, "get", "collectionresources", "workloads", "-l",
            "search.clusterpedia.io/namespaces=team-b");
        assertThat(withSelector.err()).contains("name cannot be provided when a selector is specified");
        assertThat(table).anyMatch(l -> l.matches("k2\\s+apps\\s+v1\\s+StatefulSet\\s+team-a\\s+db\\s+\\S+"));
      }
    } finally {
      members.forEach(MockCluster::close);
    }
  }

  private static JsonNode raw(Kubectl kubectl, String root, String path) throws Exception {
    return Json.mapper().readTree(kubectl.run("--server", root, "get", "--raw", path).ok().out());
  }

  /** "cluster Kind namespace/name" of each item, the cluster from the annotation Clusterpedia (and the agent) adds. */
  private static List<String> items(JsonNode collection, String root) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : collection.path("items")) {
      JsonNode metadata = item.path("metadata");
      String cluster = metadata.path("annotations").path("shadow.clusterpedia.io/cluster-name").asText("?");
      out.add(cluster + " " + item.path("kind").asText() + " " + metadata.path("namespace").asText() + "/"
          + metadata.path("name").asText());
    }
    return out;
  }

  private static void createStatefulSet(KubernetesClient client, String namespace, String name) {
    client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name).endMetadata()
        .withNewSpec().withReplicas(1).withServiceName(name)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("postgres:17").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
  }

  private static void createCronJob(KubernetesClient client, String namespace, String name) {
    client.batch().v1().cronjobs().inNamespace(namespace).resource(new CronJobBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("main").withImage("busybox:1.37").endContainer().withRestartPolicy("Never")
        .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
