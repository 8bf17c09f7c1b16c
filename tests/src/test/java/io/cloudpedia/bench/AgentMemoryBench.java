package io.cloudpedia.bench;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.SendOptions;
import io.cloudpedia.agent.send.SqsDeltaSink;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.management.ObjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Retained heap per synced object: the sync-agent (which keeps only key → resourceVersion) next to a plain fabric8
 * {@link SharedIndexInformer} (which caches every object), over the same pods of one mock cluster, in one run.
 *
 * <p>Run: {@code tests/bench/agent-memory.sh [pods]} (default 50,000). Not a test: it prints figures and asserts
 * nothing. Heap is the live bytes of the JVM's class histogram once they settle, relative to a baseline taken just
 * before the subject starts. The mock cluster runs in a child JVM, so its pods are not in the measured heap.
 */
public final class AgentMemoryBench {
  // Held so that java.util.logging cannot collect the logger and forget its level.
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private AgentMemoryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve(Integer.parseInt(args[1]));
      return;
    }
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    AwsTestEnvironment aws = AwsTestEnvironment.shared();
    String queueUrl = aws.sqs().createQueue(r -> r.queueName(aws.uniqueName("bench"))
        .attributesWithStrings(java.util.Map.of("MaximumMessageSize", "1048576"))).queueUrl();

    // The member cluster runs in its own JVM, so that its pods and its per-watch buffers are not in the heap measured.
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx6g", "-cp", System.getProperty("java.class.path"), AgentMemoryBench.class.getName(), "--serve",
        Integer.toString(pods))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String masterUrl = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println("[cluster] " + line);
        if (line.startsWith("READY ")) {
          masterUrl = line.substring("READY ".length()).trim();
          break;
        }
      }
      if (masterUrl == null) {
        throw new IllegalStateException("the mock cluster process ended before it was ready");
      }
      io.fabric8.kubernetes.client.Config clientConfig = new io.fabric8.kubernetes.client.ConfigBuilder()
          .withMasterUrl(masterUrl).withTrustCerts(true).build();
      Supplier<KubernetesClient> clients =
          () -> new KubernetesClientBuilder().withConfig(clientConfig).build();

      // Each subject runs twice: the first run pays the one-time costs (class initialisation, static caches of the
      // AWS SDK, Jackson, fabric8), so that the second run's retained heap is what the subject itself keeps.
      QueueConfig queue = QueueConfig.of(queueUrl, aws.region().id()).withEndpoint(aws.endpoint());
      AgentRun agent = null;
      for (int run = 0; run < 2; run++) {
        agent = runAgent(aws, clients, queue, queueUrl);
      }
      InformerRun informer = null;
      for (int run = 0; run < 2; run++) {
        informer = runInformer(clients);
      }
      long agentBytes = agent.heapBytes();
      long agentObjects = agent.objects();
      long informerBytes = informer.heapBytes();
      int cached = informer.objects();
      System.out.printf("agent synced %,d pods into %,d SQS messages in %.1f s; its key->RV index estimates %,d bytes%n",
          agentObjects, agent.messages(), agent.seconds(), agent.indexEstimate());

      System.out.println();
      System.out.printf("%-30s %10s %14s %10s %16s%n", "subject", "objects", "heap growth", "bytes/obj",
          "freed on close");
      System.out.printf("%-30s %,10d %,14d %,10d %,16d%n", "sync-agent (key -> RV only)", agentObjects, agentBytes,
          agentBytes / Math.max(1, agentObjects), agent.freedOnClose());
      System.out.printf("%-30s %,10d %,14d %,10d %,16d%n", "fabric8 SharedIndexInformer", cached, informerBytes,
          informerBytes / Math.max(1, cached), informer.freedOnClose());
      long agentWorst = Math.max(agentBytes, agent.freedOnClose());
      System.out.printf("agent / informer = 1/%.1f by heap growth; 1/%.1f taking the agent's larger figure"
          + " (target: at most 1/20)%n", (double) informerBytes / agentBytes, (double) informerBytes / agentWorst);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** The child process: a mock cluster with the pods, until its standard input closes. */
  private static void serve(int pods) throws Exception {
    // The mock server logs every request at INFO through java.util.logging: 50,000 lines of noise.
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    try (MockCluster cluster = new MockCluster()) {
      long t0 = System.nanoTime();
      createPods(cluster, pods);
      System.out.printf("created %,d pods in the mock cluster in %.1f s%n", pods, (System.nanoTime() - t0) / 1e9);
      System.out.println("READY " + cluster.client().getMasterUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to go away
      }
    }
    System.exit(0);
  }

  private record AgentRun(long objects, long heapBytes, long freedOnClose, long indexEstimate, long messages,
      double seconds) {}

  private record InformerRun(int objects, long heapBytes, long freedOnClose) {}

  /*
   * A subject's retained heap is what closing it frees: live bytes with the subject running, minus live bytes once it
   * is closed. Both readings are taken in the same state of everything else in the JVM, so leftovers of earlier runs
   * and lazily initialised singletons cancel out.
   */

  private static AgentRun runAgent(
      AwsTestEnvironment aws, Supplier<KubernetesClient> clients, QueueConfig queue, String queueUrl)
      throws Exception {
    // The subject lives in its own stack frame, gone before the second reading (an interpreted frame would keep it
    // reachable).
    long base = liveHeapBytes();
    AgentRun whileRunning = agentWhileRunning(aws, clients, queue, queueUrl);
    long closed = liveHeapBytes();
    return new AgentRun(whileRunning.objects(), whileRunning.heapBytes() - base, whileRunning.heapBytes() - closed,
        whileRunning.indexEstimate(), whileRunning.messages(), whileRunning.seconds());
  }

  /** Runs the agent to the end of its initial sync; heapBytes is the JVM's live bytes then. Closes it. */
  private static AgentRun agentWhileRunning(
      AwsTestEnvironment aws, Supplier<KubernetesClient> clients, QueueConfig queue, String queueUrl)
      throws Exception {
    Config config = Config.of("bench", queue, SyncResource.of("", "pods")).withHealthPort(-1);
    AgentIdentity identity = AgentIdentity.generate("bench");
    long t0 = System.nanoTime();
    try (KubernetesClient client = clients.get();
        SqsDeltaSink sink = new SqsDeltaSink(aws.sqs(), queueUrl, identity, SendOptions.from(queue));
        SyncAgent agent = SyncAgent.start(config, identity, client, sink)) {
      if (!agent.awaitInitialSync(Duration.ofMinutes(20)) || !sink.flush(Duration.ofMinutes(20))) {
        throw new IllegalStateException("the agent did not finish its initial sync");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long running = liveHeapBytes();
      long objects = agent.snapshot().stream().mapToLong(s -> s.objects()).sum();
      long indexEstimate = agent.types().stream()
          .mapToLong(t -> agent.index(t.gvr()).map(i -> i.estimatedHeapBytes()).orElse(0L)).sum();
      return new AgentRun(objects, running, 0, indexEstimate, sink.stats().messagesSent(), seconds);
    }
  }

  private static InformerRun runInformer(Supplier<KubernetesClient> clients) throws Exception {
    long base = liveHeapBytes();
    InformerRun whileRunning = informerWhileRunning(clients);
    long closed = liveHeapBytes();
    return new InformerRun(whileRunning.objects(), whileRunning.heapBytes() - base, whileRunning.heapBytes() - closed);
  }

  /** Runs the informer until synced; heapBytes is the JVM's live bytes then. Closes it. */
  private static InformerRun informerWhileRunning(Supplier<KubernetesClient> clients) throws Exception {
    try (KubernetesClient client = clients.get()) {
      SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().runnableInformer(0);
      try {
        informer.start().toCompletableFuture().get(20, TimeUnit.MINUTES);
        long running = liveHeapBytes();
        return new InformerRun(informer.getStore().list().size(), running, 0);
      } finally {
        informer.close();
      }
    }
  }

  /** Pods shaped like a Deployment's: labels, owner, two containers with env, probes, resources, and a status. */
  static Pod pod(int i) {
    String ns = "team-" + (i % 50);
    String app = "app-" + (i % 400);
    return new PodBuilder()
        .withNewMetadata().withName(app + "-7d9f8b6c5d-" + Integer.toString(i, 36)).withNamespace(ns)
        .addToLabels("app", app).addToLabels("pod-template-hash", "7d9f8b6c5d").addToLabels("tier", "backend")
        .addToAnnotations("prometheus.io/scrape", "true").addToAnnotations("prometheus.io/port", "9090")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(app + "-7d9f8b6c5d")
        .withUid("6b1c2d3e-0000-4000-8000-" + String.format("%012d", i % 400)).withController(true)
        .withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withServiceAccountName(app).withNodeName("node-" + (i % 100))
        .addNewContainer().withName("main").withImage("registry.example.com/" + app + ":1.4.2")
        .addNewPort().withContainerPort(8080).withName("http").withProtocol("TCP").endPort()
        .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi")).endResources()
        .withNewReadinessProbe().withNewHttpGet().withPath("/ready")
        .withPort(new io.fabric8.kubernetes.api.model.IntOrString(8080)).endHttpGet().withPeriodSeconds(10)
        .endReadinessProbe()
        .addNewVolumeMount().withName("config").withMountPath("/etc/app").withReadOnly(true).endVolumeMount()
        .endContainer()
        .addNewContainer().withName("sidecar").withImage("registry.example.com/proxy:2.1.0")
        .addNewPort().withContainerPort(15001).endPort().endContainer()
        .addNewVolume().withName("config").withNewConfigMap().withName(app + "-config").endConfigMap().endVolume()
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10." + (i % 250) + ".0." + (i % 200))
        .withHostIP("192.168.0." + (i % 100)).withQosClass("Burstable")
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
        .addNewContainerStatus().withName("main").withReady(true).withRestartCount(0)
        .withImage("registry.example.com/" + app + ":1.4.2").endContainerStatus()
        .endStatus()
        .build();
  }

  private static void createPods(MockCluster cluster, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int threads = 4;
      for (int t = 0; t < threads; t++) {
        int start = t;
        futures.add(pool.submit(() -> {
          for (int i = start; i < count; i += threads) {
            Pod p = pod(i);
            cluster.client().pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Bytes of live objects, from the JVM's class histogram (taken at a safepoint after a full GC, so unlike "used heap"
   * it counts no garbage). Repeated until two readings agree within 1%: the mock server replays every object to a
   * new watch, and the events in flight settle after a few seconds.
   */
  private static long liveHeapBytes() throws Exception {
    long previous = liveBytes();
    for (int i = 0; i < 30; i++) {
      Thread.sleep(2000);
      long current = liveBytes();
      if (Math.abs(current - previous) <= previous / 100) {
        return current;
      }
      previous = current;
    }
    return previous;
  }

  private static long liveBytes() throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    for (String line : histogram.split("\n")) {
      if (line.startsWith("Total")) {
        String[] fields = line.trim().split("\\s+");
        return Long.parseLong(fields[2]);
      }
    }
    throw new IllegalStateException("no Total line in the class histogram");
  }

}
