package io.cloudpedia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.local.LocalApiServer;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.testing.Eventually;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events of the pods of two mock clusters, synced by agents with {@code eventsInvolvedResources: [pods]} through the
 * real pipeline, injected into the pods kubectl lists and gets.
 */
class EventsKubectlTest {
  static final Duration SYNC = Duration.ofSeconds(90);
  static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");

  @TempDir Path home;

  @Test
  void podsCarryExactlyTheirOwnEventsNewestFirst() throws Exception {
    List<MockCluster> members = new ArrayList<>();
    try (Pipeline pipeline = Pipeline.start("events")) {
      for (String cluster : List.of("ev-1", "ev-2")) {
        MockCluster member = new MockCluster();
        members.add(member);
        KubernetesClient client = member.client();
        Churn.createPod(client, "default", "web-a", "web");
        Churn.createPod(client, "default", "web-b", "web");
        SyncAgent agent = pipeline.startAgent(cluster, member.server().createClient(),
            SyncResource.of("", "pods").withEventsInvolvedResources("pods"));
        Pipeline.awaitSyncedAndWatching(agent, SYNC);
        Eventually.until(SYNC, cluster + " pods stored", () -> pipeline.stored(cluster, PODS).size() == 2);
        event(client, "web-a", "web-a.1", 1, "2026-11-25T10:00:00Z");
        event(client, "web-a", "web-a.2", 3, "2026-11-25T11:00:00Z");
      }
      Clock clock = Clock.systemUTC();
      KubeApi api = new KubeApi(pipeline.store,
          new ClusterDirectory(pipeline.syncState, clock, Duration.ofSeconds(1), ClusterDirectory.DEFAULT_STALE_AFTER),
          ContinueTokens.withRandomKey(ContinueTokens.DEFAULT_TTL, clock), ApiConfig.DEFAULTS, clock)
          .withEvents(pipeline.events);
      try (LocalApiServer server = LocalApiServer.start(api,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty())) {
        Kubectl kubectl = Kubectl.against(server.url(), home, List.of("ev-1", "ev-2"));
        Eventually.until(SYNC, "events associated", () -> injected(kubectl).getOrDefault("ev-2/web-a", List.of()).size() == 2);

        Map<String, List<String>> byPod = injected(kubectl);
        assertThat(byPod.get("ev-1/web-a")).containsExactly("web-a.2:3", "web-a.1:1");
        assertThat(byPod.get("ev-2/web-a")).containsExactly("web-a.2:3", "web-a.1:1");
        assertThat(byPod).doesNotContainKeys("ev-1/web-b", "ev-2/web-b");

        // A get with the URL parameter.
        JsonNode pod = Json.mapper().readTree(kubectl.run("get", "--raw", Kubectl.RESOURCES
            + "/clusters/ev-1/api/v1/namespaces/default/pods/web-a?injectEvents=true").ok().out());
        assertThat(names(pod)).containsExactly("web-a.2:3", "web-a.1:1");

        // An event updated in the member cluster (count 3 -> 4) shows its new version only.
        KubernetesClient one = members.get(0).client();
        one.v1().events().inNamespace("default").withName("web-a.2").edit(e -> {
          e.setCount(4);
          return e;
        });
        Eventually.until(SYNC, "the new version", () -> injected(kubectl).get("ev-1/web-a").contains("web-a.2:4"));
        assertThat(injected(kubectl).get("ev-1/web-a")).containsExactly("web-a.2:4", "web-a.1:1");

        // Deleting the pod deletes its events from the store.
        one.pods().inNamespace("default").withName("web-a").delete();
        Eventually.until(SYNC, "the pod's events deleted", () ->
            pipeline.events.eventsOf("ev-1", "", "Pod", "default/web-a", "default/web-a").isEmpty());
      }
    } finally {
      members.forEach(MockCluster::close);
    }
  }

  static void event(KubernetesClient client, String pod, String name, int count, String last) {
    Pod p = client.pods().inNamespace("default").withName(pod).get();
    Event e = new EventBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withType("Normal").withReason("Seen").withMessage(name).withCount(count).withLastTimestamp(last)
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace("default").withName(pod)
        .withUid(p.getMetadata().getUid()).endInvolvedObject().build();
    client.v1().events().inNamespace("default").resource(e).create();
  }

  /** cluster/pod to its injected events (name:count), from kubectl's -o json with the search label. */
  static Map<String, List<String>> injected(Kubectl kubectl) {
    JsonNode list = read(kubectl.run("get", "pods", "-A", "-l",
        "search.clusterpedia.io/inject-events=true", "-o", "json").ok().out());
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (JsonNode pod : list.path("items")) {
      JsonNode annotations = pod.path("metadata").path("annotations");
      if (annotations.has("shadow.clusterpedia.io/events")) {
        out.put(annotations.path("shadow.clusterpedia.io/cluster-name").asText() + "/"
            + pod.path("metadata").path("name").asText(), names(pod));
      }
    }
    return out;
  }

  static JsonNode read(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<String> names(JsonNode pod) {
    List<String> names = new ArrayList<>();
    for (JsonNode e : read(
        pod.path("metadata").path("annotations").path("shadow.clusterpedia.io/events").asText("[]"))) {
      names.add(e.path("metadata").path("name").asText() + ":" + e.path("count").asInt());
    }
    return names;
  }
}
