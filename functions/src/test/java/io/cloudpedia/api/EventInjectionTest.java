package io.cloudpedia.api;

import io.cloudpedia.api.http.TestRequests;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.events.EventInjector;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.events.EventRetention;
import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import io.cloudpedia.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** inject-events on lists and gets: each object's own events, newest first, with a bounded number of reads. */
class EventInjectionTest {
  static final String R = "/apis/clusterpedia.io/v1beta1/resources";

  MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  InMemoryResourceStore store = new InMemoryResourceStore();
  InMemorySyncStateStore syncState = new InMemorySyncStateStore();
  InMemoryEventStore events =
      new InMemoryEventStore(clock, EventRetention.UNTIL_OBJECT_DELETED.withMaxAge(Duration.ofHours(1)),
          ResourceStore.DEFAULT_TOMBSTONE_TTL);
  Seeder seed = new Seeder(store, syncState);
  KubeApi api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ZERO, Duration.ofMinutes(3)),
      ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock).withEvents(events);

  JsonNode get(String pathAndQuery) throws Exception {
    ApiResponse r = api.handle(TestRequests.request("GET", pathAndQuery));
    assertThat(r.code()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return TestRequests.json(r);
  }

  void event(String cluster, String pod, String name, int count, String type, Instant last) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("apiVersion", "v1").put("kind", "Event").put("type", type).put("reason", "R" + count)
        .put("message", name + " x" + count).put("count", count).put("lastTimestamp", last.toString());
    e.putObject("metadata").put("name", name).put("namespace", "default")
        .put("resourceVersion", Integer.toString(1000 + count)).put("creationTimestamp", last.toString());
    e.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Pod").put("namespace", "default")
        .put("name", pod).put("uid", cluster + "-default-" + pod);
    events.put(cluster, e.toString().getBytes(StandardCharsets.UTF_8));
  }

  static List<String> injected(JsonNode object) throws Exception {
    JsonNode annotation = object.path("metadata").path("annotations").path(EventInjector.ANNOTATION);
    List<String> names = new ArrayList<>();
    if (!annotation.isMissingNode()) {
      for (JsonNode e : Json.mapper().readTree(annotation.asText())) {
        names.add(e.path("metadata").path("name").asText() + ":" + e.path("count").asInt());
      }
    }
    return names;
  }

  @Test
  void eachObjectGetsExactlyItsOwnEventsNewestFirstWithOneReadPerCluster() throws Exception {
    for (String cluster : List.of("c1", "c2")) {
      seed.cluster(cluster, true, clock.instant(), Seeder.PODS, "Pod", true);
    }
    for (int i = 0; i < 500; i++) {
      seed.putPod(i < 400 ? "c1" : "c2", "default", String.format("p-%03d", i), Map.of());
    }
    Instant t = clock.instant().minusSeconds(600);
    event("c1", "p-007", "a", 1, "Normal", t);
    event("c1", "p-007", "b", 1, "Warning", t.plusSeconds(60));
    event("c2", "p-450", "c", 3, "Normal", t);
    event("c2", "p-450", "c", 4, "Normal", t.plusSeconds(30)); // a newer version of the same event
    event("c1", "p-999", "orphan", 1, "Normal", t); // no such pod

    StoreReads.Snapshot before = events.reads().snapshot();
    JsonNode list = get(R + "/api/v1/pods?limit=500&injectEvents=true");
    StoreReads.Snapshot used = events.reads().snapshot().since(before);
    assertThat(list.path("items")).hasSize(500);
    assertThat(used.requests()).as("one range read per cluster of the page").isLessThanOrEqualTo(2);
    for (JsonNode pod : list.path("items")) {
      String name = pod.path("metadata").path("name").asText();
      switch (name) {
        case "p-007" -> assertThat(injected(pod)).containsExactly("b:1", "a:1");
        case "p-450" -> assertThat(injected(pod)).containsExactly("c:4");
        default -> assertThat(pod.path("metadata").path("annotations").has(EventInjector.ANNOTATION)).isFalse();
      }
    }
    // Narrowing by type and count, and the label form.
    JsonNode warnings = get(R + "/clusters/c1/api/v1/namespaces/default/pods/p-007?labelSelector="
        + "search.clusterpedia.io%2Finject-events%3Dtrue%2Csearch.clusterpedia.io%2Fevent-types%3DWarning");
    assertThat(injected(warnings)).containsExactly("b:1");
    assertThat(injected(get(R + "/clusters/c1/api/v1/namespaces/default/pods/p-007?injectEvents=true&eventsLimit=1")))
        .containsExactly("b:1");
    // Without inject-events nothing is added.
    assertThat(get(R + "/clusters/c1/api/v1/namespaces/default/pods/p-007").path("metadata").path("annotations")
        .has(EventInjector.ANNOTATION)).isFalse();
  }

  @Test
  void eventsOlderThanTheMaxAgeAreNoLongerReturned() throws Exception {
    seed.cluster("c1", true, clock.instant(), Seeder.PODS, "Pod", true);
    seed.putPod("c1", "default", "web", Map.of());
    event("c1", "web", "old", 1, "Normal", clock.instant());
    clock.advance(Duration.ofMinutes(30));
    event("c1", "web", "new", 1, "Normal", clock.instant());
    assertThat(injected(get(R + "/clusters/c1/api/v1/namespaces/default/pods/web?injectEvents=true")))
        .containsExactly("new:1", "old:1");
    clock.advance(Duration.ofMinutes(45));
    assertThat(injected(get(R + "/clusters/c1/api/v1/namespaces/default/pods/web?injectEvents=true")))
        .containsExactly("new:1");
  }
}
