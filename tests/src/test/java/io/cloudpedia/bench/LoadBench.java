package io.cloudpedia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load test: {@code cloudpedia local} (its own process) over 3 mock member clusters of N pods, under concurrent
 * kubectl-like traffic from this process for a bounded time — chunked lists of every pod as kubectl pages them (Table,
 * limit 500, continue), label-selector lists, namespace lists, search-label lists with ordering, gets — while the
 * pipeline ingests a steady churn of label edits in the member clusters. Prints requests, errors, throughput and
 * p50/p90/p99/max latency per kind of request; exits 1 if any request failed. A documented command, not a timed test:
 * {@code tests/bench/load.sh [pods] [seconds] [concurrency] [churnPerSecond]} (docs/benchmarks.md).
 */
public final class LoadBench {
  private static final int CLUSTERS = 3;
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int churnPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    List<String> extra = Arrays.asList(args).subList(Math.min(4, args.length), args.length);
    int failures;
    try (LocalDeployment local = LocalDeployment.start(CLUSTERS, pods, extra)) {
      System.out.printf("%d clusters x %,d pods: start to Ready line %.1f s%n", CLUSTERS, pods,
          local.secondsToReady);
      failures = run(local, pods, Duration.ofSeconds(seconds), concurrency, churnPerSecond);
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  private static int run(LocalDeployment local, int pods, Duration duration, int concurrency, int churnPerSecond)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    List<String> errors = new CopyOnWriteArrayList<>();
    AtomicLong churned = new AtomicLong();
    long deadline = System.nanoTime() + duration.toNanos();

    // The churn: label edits in the member clusters, spread over them, at a steady rate.
    Thread churn = new Thread(() -> {
      List<KubernetesClient> clients = new ArrayList<>();
      for (int c = 0; c < CLUSTERS; c++) {
        clients.add(local.member(c));
      }
      SplittableRandom random = new SplittableRandom(7);
      long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, churnPerSecond);
      long next = System.nanoTime();
      try {
        while (System.nanoTime() < deadline) {
          var pod = AgentMemoryBench.pod(random.nextInt(pods));
          int c = random.nextInt(CLUSTERS);
          long n = churned.incrementAndGet();
          clients.get(c).pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
              .edit(p -> {
                p.getMetadata().getLabels().put("churn", Long.toString(n));
                return p;
              });
          next += interval;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        errors.add("churn: " + e);
      } finally {
        clients.forEach(KubernetesClient::close);
      }
    }, "churn");
    churn.start();

    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      workers.submit(() -> {
        SplittableRandom random = new SplittableRandom(1000 + worker);
        while (System.nanoTime() < deadline) {
          int kind = random.nextInt(10);
          try {
            if (kind < 3) {
              // kubectl get pods -A: every page of 500.
              String token = "";
              do {
                JsonNode page = call(http, local, latencies, errors, "list-all-chunked", "/api/v1/pods?limit=500"
                    + (token.isEmpty() ? "" : "&continue=" + enc(token)), TABLE);
                token = page == null ? "" : page.path("metadata").path("continue").asText("");
              } while (!token.isEmpty() && System.nanoTime() < deadline);
            } else if (kind < 5) {
              call(http, local, latencies, errors, "list-label-selector", "/api/v1/pods?limit=500&labelSelector="
                  + enc("app=app-" + random.nextInt(400)), TABLE);
            } else if (kind < 7) {
              var pod = AgentMemoryBench.pod(random.nextInt(pods));
              call(http, local, latencies, errors, "get", "/clusters/bench-" + random.nextInt(CLUSTERS)
                  + "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName(),
                  "application/json");
            } else if (kind < 9) {
              call(http, local, latencies, errors, "list-namespace", "/clusters/bench-" + random.nextInt(CLUSTERS)
                  + "/api/v1/namespaces/team-" + random.nextInt(50) + "/pods?limit=500", TABLE);
            } else {
              call(http, local, latencies, errors, "list-search-labels", "/api/v1/pods?limit=50&labelSelector="
                  + enc("search.clusterpedia.io/namespaces=team-" + random.nextInt(50)
                  + ",search.clusterpedia.io/orderby=name_desc,tier=backend"), "application/json");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (Exception e) {
            errors.add(e.toString());
          }
        }
      });
    }
    workers.shutdown();
    workers.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS);
    churn.join();

    long total = 0;
    List<Long> all = new ArrayList<>();
    System.out.printf("%-22s %8s %9s %9s %9s %9s%n", "request", "count", "p50 ms", "p90 ms", "p99 ms", "max ms");
    for (Map.Entry<String, List<Long>> e : new java.util.TreeMap<>(latencies).entrySet()) {
      List<Long> l = new ArrayList<>(e.getValue());
      total += l.size();
      all.addAll(l);
      print(e.getKey(), l);
    }
    print("all", all);
    System.out.printf("%d requests in %d s (%.0f/s) from %d concurrent clients, %d member-cluster changes ingested"
        + " meanwhile, %d errors%n", total, duration.toSeconds(), total / (double) duration.toSeconds(), concurrency,
        churned.get(), errors.size());
    errors.stream().limit(10).forEach(e -> System.out.println("  error: " + e));
    return errors.size();
  }

  private static JsonNode call(HttpClient http, LocalDeployment local, Map<String, List<Long>> latencies,
      List<String> errors, String kind, String path, String accept) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(local.server + path))
        .header("Authorization", "Bearer " + local.token).header("Accept", accept).timeout(Duration.ofSeconds(30))
        .build();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    long ns = System.nanoTime() - t0;
    latencies.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(ns);
    if (response.statusCode() != 200) {
      errors.add(kind + " " + path + " -> " + response.statusCode() + " "
          + new String(response.body(), StandardCharsets.UTF_8));
      return null;
    }
    return Json.mapper().readTree(response.body());
  }

  private static void print(String kind, List<Long> nanos) {
    if (nanos.isEmpty()) {
      return;
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%-22s %8d %9.1f %9.1f %9.1f %9.1f%n", kind, sorted.length, at(sorted, 0.50), at(sorted, 0.90),
        at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  private static double at(long[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)] / 1e6;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
