package io.cloudpedia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.render.ListBodies;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Server-side time to build a 500-pod list page from stored objects: Cloudpedia's page builder (the stored JSON copied
 * between the list's envelope bytes) next to a naive parse-then-serialize (each object parsed into a tree, the list
 * built as a tree, then serialised), in one run. Also the whole list request through {@link KubeApi} over the
 * in-memory store (read, decompress, select, build) against the same store read plus the naive build. See
 * docs/benchmarks.md. Prints figures; asserts nothing.
 */
public final class PageBuildBench {
  private static final int PODS = 500;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    Seeder seed = new Seeder(store, syncState);
    seed.cluster("c1", true, Instant.now(), Seeder.PODS, "Pod", true);
    for (int i = 0; i < PODS; i++) {
      seed.put("c1", Seeder.PODS, pod(seed, i));
    }
    List<StoredObject> page = store.list(ListRequest.all("c1", Seeder.PODS, PODS)).items();
    long bytes = page.stream().mapToLong(o -> o.json().length).sum();
    System.out.printf("page: %d pods, %,d bytes of JSON (%,d bytes per pod)%n", page.size(), bytes, bytes / page.size());

    Clock clock = Clock.systemUTC();
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState, clock, Duration.ofHours(1), Duration.ofHours(1)),
        ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock);
    ApiRequest request = new ApiRequest("GET", "/apis/clusterpedia.io/v1beta1/resources/api/v1/pods",
        Map.of("limit", List.of("500")), Map.of("Accept", "application/json"), "bench");

    Supplier<byte[]> ours = () -> ListBodies.list("v1", "PodList", ListBodies.ListMeta.COMPLETE, page);
    Supplier<byte[]> naive = () -> naive(page);
    Supplier<byte[]> oursWhole = () -> {
      ApiResponse r = api.handle(request);
      return r.body();
    };
    Supplier<byte[]> naiveWhole = () -> naive(store.list(ListRequest.all("c1", Seeder.PODS, PODS)).items());

    if (!parse(ours.get()).equals(parse(naive.get()))) {
      throw new IllegalStateException("the two page builders disagree");
    }
    System.out.printf("warming up (%d rounds each)...%n", rounds);
    for (Supplier<byte[]> s : List.of(ours, naive, oursWhole, naiveWhole)) {
      time(s, rounds);
    }
    // Interleaved, so that both sides see the same machine state.
    double[] buildOurs = new double[5];
    double[] buildNaive = new double[5];
    double[] wholeOurs = new double[5];
    double[] wholeNaive = new double[5];
    for (int i = 0; i < 5; i++) {
      buildNaive[i] = time(naive, rounds);
      buildOurs[i] = time(ours, rounds);
      wholeNaive[i] = time(naiveWhole, rounds / 4);
      wholeOurs[i] = time(oursWhole, rounds / 4);
    }
    report("page build from stored objects", median(buildOurs), median(buildNaive));
    report("whole list request (store read + build)", median(wholeOurs), median(wholeNaive));
  }

  static byte[] naive(List<StoredObject> objects) {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("apiVersion", "v1");
    ArrayNode items = list.putArray("items");
    for (StoredObject o : objects) {
      items.add(ListBodies.parse(o));
    }
    list.put("kind", "PodList");
    list.putObject("metadata").put("resourceVersion", "");
    return ListBodies.bytes(list);
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Mean microseconds per call over {@code rounds} calls. */
  private static double time(Supplier<byte[]> s, int rounds) {
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      sink += s.get().length;
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return elapsed / 1_000.0 / rounds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void report(String what, double ours, double naive) {
    System.out.printf("%-42s cloudpedia %8.1f us   naive parse-then-serialize %8.1f us   ratio %.3f (1/%.1f)%n",
        what, ours, naive, ours / naive, naive / ours);
  }

  /** A pod shaped like a Deployment's: labels, owner, two containers with env, probes, resources, a volume, status. */
  static ObjectNode pod(Seeder seed, int i) {
    ObjectNode pod = seed.object("c1", Seeder.PODS, "Pod", "ns-" + (i % 10), "web-" + i,
        Map.of("app", "web", "pod-template-hash", "7d9f8b6c5", "tier", "frontend"));
    ObjectNode metadata = (ObjectNode) pod.get("metadata");
    metadata.put("generateName", "web-7d9f8b6c5-");
    metadata.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
        .put("name", "web-7d9f8b6c5").put("uid", "3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b").put("controller", true)
        .put("blockOwnerDeletion", true);
    ObjectNode spec = pod.putObject("spec");
    ArrayNode containers = spec.putArray("containers");
    for (String name : List.of("app", "sidecar")) {
      ObjectNode c = containers.addObject();
      c.put("name", name).put("image", "registry.example.com/team/" + name + ":1.27." + (i % 5));
      ArrayNode env = c.putArray("env");
      for (int e = 0; e < 5; e++) {
        env.addObject().put("name", "SETTING_" + e).put("value", "value-" + e + "-" + i);
      }
      c.putArray("ports").addObject().put("containerPort", 8080).put("protocol", "TCP");
      c.putObject("resources").putObject("limits").put("cpu", "500m").put("memory", "256Mi");
      c.putObject("readinessProbe").putObject("httpGet").put("path", "/healthz").put("port", 8080);
      c.putArray("volumeMounts").addObject().put("name", "config").put("mountPath", "/etc/" + name);
    }
    spec.putArray("volumes").addObject().put("name", "config").putObject("configMap").put("name", "web-config");
    spec.put("nodeName", "node-" + (i % 20)).put("serviceAccountName", "web").put("restartPolicy", "Always");
    ObjectNode status = pod.putObject("status");
    status.put("phase", "Running").put("podIP", "10.1." + (i / 250) + "." + (i % 250)).put("hostIP", "192.168.0." + (i % 20));
    ArrayNode conditions = status.putArray("conditions");
    for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", "2026-11-01T00:00:00Z");
    }
    ArrayNode statuses = status.putArray("containerStatuses");
    for (String name : List.of("app", "sidecar")) {
      statuses.addObject().put("name", name).put("ready", true).put("restartCount", 0)
          .put("image", "registry.example.com/team/" + name + ":1.27." + (i % 5))
          .put("containerID", "containerd://" + Integer.toHexString(i * 7919) + "abcdef0123456789")
          .putObject("state").putObject("running").put("startedAt", "2026-11-01T00:00:05Z");
    }
    return pod;
  }
}
