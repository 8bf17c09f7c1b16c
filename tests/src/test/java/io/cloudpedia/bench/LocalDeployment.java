package io.cloudpedia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For the benchmarks: mock member clusters of N pods ({@link AgentMemoryBench#pod}), each in its own JVM, and the real
 * {@code cloudpedia local} (plain http, embedded store unless extra arguments say otherwise) syncing their pods. Stops
 * them all on {@link #close()}.
 */
final class LocalDeployment implements AutoCloseable {
  final int clusters;
  final List<String> clusterUrls;
  final double secondsToReady;
  /** The search entry: {@code http://127.0.0.1:PORT/apis/clusterpedia.io/v1beta1/resources}. */
  final String server;
  final String token;
  private final List<Process> servers;
  private final Process local;

  private LocalDeployment(int clusters, List<String> clusterUrls, double secondsToReady, String server, String token,
      List<Process> servers, Process local) {
    this.clusters = clusters;
    this.clusterUrls = clusterUrls;
    this.secondsToReady = secondsToReady;
    this.server = server;
    this.token = token;
    this.servers = servers;
    this.local = local;
  }

  static LocalDeployment start(int clusters, int pods, List<String> extraArgs) throws Exception {
    Path dir = Files.createTempDirectory("cloudpedia-local-bench");
    List<Process> servers = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    boolean started = false;
    try {
      for (int c = 0; c < clusters; c++) {
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
      if (urls.size() != clusters) {
        throw new IllegalStateException("a mock cluster process ended before it was ready");
      }
      Path members = dir.resolve("members.yaml");
      StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
      for (int c = 0; c < clusters; c++) {
        yaml.append("- name: bench-").append(c).append("\n  cluster:\n    server: ").append(urls.get(c)).append('\n');
      }
      yaml.append("users:\n- name: u\n  user:\n    token: t\ncontexts:\n");
      for (int c = 0; c < clusters; c++) {
        yaml.append("- name: bench-").append(c).append("\n  context:\n    cluster: bench-").append(c)
            .append("\n    user: u\n");
      }
      Files.writeString(members, yaml);
      Path kubeconfig = dir.resolve("kubeconfig");
      List<String> command = new ArrayList<>(List.of(java(), "-Xmx4g", "-jar",
          Path.of("cli", "target", "cloudpedia.jar").toString(), "local", "--kubeconfig", members.toString(),
          "--port", "0", "--http", "--resources", "pods", "--kubeconfig-out", kubeconfig.toString()));
      command.addAll(extraArgs);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
      long t0 = System.nanoTime();
      Process local = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8));
      String ready = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("Ready:")) {
          ready = line;
          break;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (ready == null) {
        local.toHandle().destroy();
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
      JsonNode config = new YAMLMapper().readTree(kubeconfig.toFile());
      String server = config.path("clusters").get(0).path("cluster").path("server").asText();
      String token = config.path("users").get(0).path("user").path("token").asText();
      started = true;
      return new LocalDeployment(clusters, urls, seconds, server, token, servers, local);
    } finally {
      if (!started) {
        servers.forEach(Process::destroy);
      }
    }
  }

  /** A client of member cluster {@code c}. */
  KubernetesClient member(int c) {
    return new KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(clusterUrls.get(c)).build()).build();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      local.toHandle().destroy();
      local.waitFor(30, TimeUnit.SECONDS);
    } finally {
      servers.forEach(Process::destroy);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
