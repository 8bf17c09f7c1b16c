package io.cloudpedia.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Local mode at scale: 3 mock member clusters of N pods each (default 10,000), each in its own JVM; then
 * {@code cloudpedia local} (the real jar, embedded store, plain http) over them. Prints the time from the process's
 * start to its {@code Ready:} line, then the median and p99 time from a change in a member cluster (a label edit) to
 * its visibility through the API (polled every 5 ms). See docs/benchmarks.md. Prints figures; asserts nothing.
 */
public final class LocalModeBench {
  private static final int CLUSTERS = 3;

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    try (LocalDeployment local = LocalDeployment.start(CLUSTERS, pods,
        Arrays.asList(args).subList(Math.min(2, args.length), args.length))) {
      System.out.printf("%d clusters x %,d pods: start to Ready line %.1f s%n", CLUSTERS, pods, local.secondsToReady);
      measureLatency(local, samples);
    }
    System.exit(0);
  }

  private static void measureLatency(LocalDeployment local, int samples) throws Exception {
    String server = local.server;
    String token = local.token;
    HttpClient http = HttpClient.newHttpClient();
    List<KubernetesClient> clients = new ArrayList<>();
    for (int c = 0; c < CLUSTERS; c++) {
      clients.add(local.member(c));
    }
    double[] millis = new double[samples];
    for (int i = 0; i < samples; i++) {
      int c = i % CLUSTERS;
      // AgentMemoryBench.pod(i)'s name and namespace.
      var pod = AgentMemoryBench.pod(i * 37 % 1000);
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      String value = "v" + i;
      URI get = URI.create(server + "/clusters/bench-" + c + "/api/v1/namespaces/" + ns + "/pods/" + name);
      long t0 = System.nanoTime();
      clients.get(c).pods().inNamespace(ns).withName(name).edit(p -> {
        p.getMetadata().getLabels().put("bench", value);
        return p;
      });
      while (true) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(get).header("Authorization", "Bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"bench\":\"" + value + "\"")) {
          break;
        }
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
          throw new IllegalStateException("change " + i + " not visible after 60 s");
        }
        Thread.sleep(5);
      }
      millis[i] = (System.nanoTime() - t0) / 1e6;
    }
    clients.forEach(KubernetesClient::close);
    Arrays.sort(millis);
    System.out.printf("change to visibility through the API, %d changes: median %.0f ms, p99 %.0f ms, max %.0f ms%n",
        samples, millis[samples / 2], millis[(int) Math.ceil(samples * 0.99) - 1], millis[samples - 1]);
  }

}
