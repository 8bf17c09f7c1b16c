package io.cloudpedia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    Path dir = Files.createTempDirectory("cloudpedia-local-bench");
    List<Process> servers = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    try {
      for (int c = 0; c < CLUSTERS; c++) {
        servers.add(new ProcessBuilder(java(), "-Xmx4g", "-cp", System.getProperty("java.class.path"),
            AgentMemoryBench.class.getName(), "--serve", Integer.toString(pods))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start());
      }
      for (Process server : servers) {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          System.out.println("[cluster] " + line);
          if (line.startsWith("READY ")) {
            urls.add(line.substring("READY ".length()).trim());
            break;
          }
        }
      }
      if (urls.size() != CLUSTERS) {
        throw new IllegalStateException("a mock cluster process ended before it was ready");
      }
      Path members = dir.resolve("members.yaml");
      StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
      for (int c = 0; c < CLUSTERS; c++) {
        yaml.append("- name: bench-").append(c).append("\n  cluster:\n    server: ").append(urls.get(c)).append('\n');
      }
      yaml.append("users:\n- name: u\n  user:\n    token: t\ncontexts:\n");
      for (int c = 0; c < CLUSTERS; c++) {
        yaml.append("- name: bench-").append(c).append("\n  context:\n    cluster: bench-").append(c)
            .append("\n    user: u\n");
      }
      Files.writeString(members, yaml);
      Path kubeconfig = dir.resolve("kubeconfig");

      List<String> command = new ArrayList<>(List.of(java(), "-Xmx4g", "-jar",
          Path.of("cli", "target", "cloudpedia.jar").toString(), "local", "--kubeconfig", members.toString(),
          "--port", "0", "--http", "--resources", "pods", "--kubeconfig-out", kubeconfig.toString()));
      command.addAll(Arrays.asList(args).subList(Math.min(2, args.length), args.length));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
      long started = System.nanoTime();
      Process local = builder.start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8));
        String ready = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("Ready:")) {
            ready = line;
            break;
          }
        }
        double startSeconds = (System.nanoTime() - started) / 1e9;
        if (ready == null) {
          throw new IllegalStateException("cloudpedia local ended before its Ready line");
        }
        Thread drain = new Thread(() -> {
          try {
            out.lines().forEach(l -> { });
          } catch (java.io.UncheckedIOException e) {
            // the process was stopped
          }
        });
        drain.setDaemon(true);
        drain.start();
        System.out.printf("%d clusters x %,d pods: start to Ready line %.1f s%n", CLUSTERS, pods, startSeconds);
        measureLatency(kubeconfig, urls, samples);
      } finally {
        local.toHandle().destroy();
        local.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      servers.forEach(Process::destroy);
    }
    System.exit(0);
  }

  private static void measureLatency(Path kubeconfig, List<String> urls, int samples) throws Exception {
    JsonNode config = new YAMLMapper().readTree(kubeconfig.toFile());
    String server = config.path("clusters").get(0).path("cluster").path("server").asText();
    String token = config.path("users").get(0).path("user").path("token").asText();
    HttpClient http = HttpClient.newHttpClient();
    List<KubernetesClient> clients = new ArrayList<>();
    for (String url : urls) {
      clients.add(new KubernetesClientBuilder()
          .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(url).build()).build());
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

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
