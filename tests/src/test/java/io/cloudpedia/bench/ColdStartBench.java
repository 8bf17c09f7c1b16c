package io.cloudpedia.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cloudpedia.api.ApiConfig;
import io.cloudpedia.api.ApiFunction;
import io.cloudpedia.api.ApiPriming;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.api.Seeder;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ApiFunction's cold start, with and without its SnapStart priming hook ({@link ApiPriming}), in one run: each sample
 * is a fresh JVM that builds the handler (over in-memory stores holding 30 pods), optionally runs the priming that
 * Lambda runs before taking the snapshot, then answers kubectl's first request (the sample event: a Table of pods).
 * Prints, per mode, the median over the samples of: JVM start to first response, initialisation (JVM start to the
 * handler being ready, priming included), and the first request alone — the part a restored SnapStart snapshot still
 * pays, which priming is meant to shrink. {@code tests/bench/cold-start.sh [samples]} (docs/benchmarks.md).
 */
public final class ColdStartBench {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Boolean.parseBoolean(args[1]));
      return;
    }
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    List<double[]> unprimed = new ArrayList<>();
    List<double[]> primed = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      // Alternating, so that both modes see the same machine conditions.
      unprimed.add(sample(false));
      primed.add(sample(true));
    }
    System.out.printf("ApiFunction cold start, median of %d fresh JVMs each (%s, Java %s)%n", samples,
        System.getProperty("os.arch"), System.getProperty("java.version"));
    System.out.printf("%-22s %18s %16s %16s%n", "", "start to response", "initialisation", "first request");
    print("without priming", unprimed);
    print("with priming", primed);
    System.exit(0);
  }

  private static double[] sample(boolean prime) throws Exception {
    Process p = new ProcessBuilder(LocalDeployment.java(), "-Xmx1g", "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ColdStartBench.class.getName(),
        "--child", Boolean.toString(prime)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        }
      }
    }
    p.waitFor();
    if (result == null) {
      throw new IllegalStateException("a sample JVM printed no result");
    }
    return Arrays.stream(result.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  /** In the fresh JVM: builds, optionally primes, answers one request; prints the three times in ms. */
  private static void child(boolean prime) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    Seeder seed = new Seeder(store, syncState);
    seed.standardCluster("c1");
    for (int i = 0; i < 30; i++) {
      seed.putPod("c1", "default", "web-" + i, Seeder.labels("app", i % 2 == 0 ? "a" : "b"));
    }
    Clock clock = Clock.systemUTC();
    ApiFunction function = new ApiFunction(new KubeApi(store, new ClusterDirectory(syncState),
        ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock));
    APIGatewayV2HTTPEvent event = Json.mapper().readValue(
        Files.readAllBytes(Path.of("events", "api-list-pods.json")), APIGatewayV2HTTPEvent.class);
    if (prime) {
      ApiPriming.run();
    }
    long ready = System.currentTimeMillis();
    long t0 = System.nanoTime();
    APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
    double first = (System.nanoTime() - t0) / 1e6;
    long answered = System.currentTimeMillis();
    if (response.getStatusCode() != 200) {
      throw new IllegalStateException("the first request answered " + response.getStatusCode());
    }
    System.out.println("RESULT " + (answered - jvmStart) + " " + (ready - jvmStart) + " " + first);
  }

  private static void print(String mode, List<double[]> samples) {
    System.out.printf("%-22s %15.0f ms %13.0f ms %13.1f ms%n", mode, median(samples, 0), median(samples, 1),
        median(samples, 2));
  }

  private static double median(List<double[]> samples, int column) {
    double[] values = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
    return values[values.length / 2];
  }
}
