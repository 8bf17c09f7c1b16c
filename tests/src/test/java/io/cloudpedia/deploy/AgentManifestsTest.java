package io.cloudpedia.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudpedia.agent.SyncAgentMain;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.ConfigLoader;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.http.AgentHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's kustomize base (sync-agent/deploy) and image (sync-agent/Dockerfile), rendered by the real
 * {@code kubectl kustomize}, fit the agent they deploy: its configuration loads with the agent's own loader, the probes
 * and the Prometheus annotations reach endpoints the agent's HTTP server really serves, RBAC only reads and covers the
 * configured types, the container runs as the image's non-root user with nothing writable but /tmp. The example
 * overlay (sync-agent/examples/cluster-overlay) renders what the README's install steps promise.
 */
class AgentManifestsTest {
  static final Path BASE = Tool.ROOT.resolve("sync-agent/deploy");
  static final Path OVERLAY = Tool.ROOT.resolve("sync-agent/examples/cluster-overlay");
  static final Path DOCKERFILE = Tool.ROOT.resolve("sync-agent/Dockerfile");
  static final Path AGENT_JAR = Tool.ROOT.resolve("sync-agent/target/cloudpedia-sync-agent.jar");
  static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  @TempDir static Path home;
  static List<JsonNode> base;
  static List<JsonNode> overlay;

  @BeforeAll
  static void render() throws IOException {
    base = kustomize(BASE);
    overlay = kustomize(OVERLAY);
  }

  /** kubectl with its own HOME and an empty kubeconfig: rendering needs no cluster, and must not look for one. */
  static List<JsonNode> kustomize(Path directory) throws IOException {
    Tool.Result result = Tool.run(List.of("kubectl", "kustomize", directory.toString()), Tool.ROOT,
        Map.of("HOME", home.toString(), "KUBECONFIG", home.resolve("kubeconfig").toString()),
        Duration.ofSeconds(60), "install kubectl (it carries kustomize)");
    assertThat(result.exitCode()).as("kubectl kustomize %s:%n%s", directory, result.output()).isZero();
    List<JsonNode> objects = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    try (JsonParser parser = yaml.createParser(result.output());
        MappingIterator<JsonNode> documents = yaml.readValues(parser, JsonNode.class)) {
      documents.forEachRemaining(objects::add);
    }
    return objects;
  }

  static JsonNode one(List<JsonNode> objects, String kind) {
    List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    assertThat(found).as("objects of kind %s", kind).hasSize(1);
    return found.get(0);
  }

  static JsonNode container(List<JsonNode> objects) {
    JsonNode containers = one(objects, "Deployment").at("/spec/template/spec/containers");
    assertThat(containers.size()).as("containers of the agent's pod").isEqualTo(1);
    return containers.get(0);
  }

  static Config agentConfig(List<JsonNode> objects) {
    JsonNode data = one(objects, "ConfigMap").path("data");
    assertThat(data.has("agent.yaml")).as("ConfigMap keys %s", data).isTrue();
    // The agent's own loader: unknown fields, wrong types and missing required fields fail here as they would in
    // the pod, where the agent would exit with code 2 and CrashLoop.
    return ConfigLoader.parse(data.path("agent.yaml").asText());
  }

  @Test
  void baseRendersTheAgentsObjectsEachNamespacedOneInTheAgentsNamespace() {
    List<String> kinds = base.stream().map(o -> o.path("kind").asText()).sorted().toList();
    assertThat(kinds).containsExactly("ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Namespace",
        "PodDisruptionBudget", "ServiceAccount");
    String namespace = one(base, "Namespace").at("/metadata/name").asText();
    assertThat(namespace).isEqualTo("cloudpedia-system");
    for (JsonNode o : base) {
      String kind = o.path("kind").asText();
      if (!Set.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(kind)) {
        assertThat(o.at("/metadata/namespace").asText()).as("namespace of the %s", kind).isEqualTo(namespace);
      }
    }
    assertThat(one(base, "Namespace").at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
        .isEqualTo("restricted");
  }

  @Test
  void serviceAccountCarriesAnIamRoleForIrsaAndIsTheOneThePodRunsAsAndTheBindingBinds() {
    JsonNode account = one(base, "ServiceAccount");
    String name = account.at("/metadata/name").asText();
    assertThat(account.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+");
    JsonNode pod = one(base, "Deployment").at("/spec/template/spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo(name);
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("the agent talks to its API server")
        .isTrue();

    JsonNode binding = one(base, "ClusterRoleBinding");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(one(base, "ClusterRole").at("/metadata/name").asText());
    assertThat(binding.path("subjects").size()).isEqualTo(1);
    JsonNode subject = binding.path("subjects").get(0);
    assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(subject.path("name").asText()).isEqualTo(name);
    assertThat(subject.path("namespace").asText()).isEqualTo(account.at("/metadata/namespace").asText());
  }

  @Test
  void clusterRoleOnlyReadsAndCoversExactlyTheConfiguredTypesAndTheirEvents() {
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : one(base, "ClusterRole").path("rules")) {
      Set<String> verbs = new HashSet<>();
      rule.path("verbs").forEach(v -> verbs.add(v.asText()));
      assertThat(verbs).as("verbs of %s", rule).isNotEmpty().isSubsetOf(READ_VERBS);
      if (rule.has("nonResourceURLs")) {
        assertThat(verbs).as("discovery and /version need only get").containsExactly("get");
        continue;
      }
      assertThat(verbs).as("a synced type is listed, then watched, %s", rule).containsExactlyInAnyOrder("get", "list",
          "watch");
      assertThat(rule.has("resourceNames")).as("resourceNames cannot restrict a list or a watch").isFalse();
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          assertThat(group.asText() + resource.asText()).as("no wildcard: it would read Secrets").doesNotContain("*");
          granted.add(group.asText() + "/" + resource.asText());
        }
      }
    }
    Set<String> configured = new TreeSet<>();
    for (SyncResource entry : agentConfig(base).syncResources()) {
      for (String resource : entry.resources()) {
        assertThat(resource).as("base agent.yaml names types by their plural, as RBAC does")
            .matches("[a-z0-9]+s");
        configured.add(entry.group() + "/" + resource);
      }
      if (!entry.eventsInvolvedResources().isEmpty()) {
        configured.add("/events");
      }
    }
    assertThat(granted).as("RBAC grants = agent.yaml's types (+ core events)").isEqualTo(configured);
  }

  @Test
  void configMapIsAConfigurationTheAgentLoadsAtThePathItsArgumentsName() {
    Config config = agentConfig(base);
    assertThat(config.clusterName()).isNotBlank();
    assertThat(config.queue().url()).startsWith("https://sqs.");

    JsonNode container = container(base);
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    assertThat(args).hasSize(2).first().isEqualTo("--config");
    // The volume that is mounted there is the generated ConfigMap (its name carries a content hash).
    JsonNode mount = null;
    for (JsonNode m : container.path("volumeMounts")) {
      if (args.get(1).equals(m.path("mountPath").asText() + "/agent.yaml")) {
        mount = m;
      }
    }
    assertThat(mount).as("a volume mounted so that %s is its agent.yaml", args.get(1)).isNotNull();
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    String volume = mount.path("name").asText();
    JsonNode source = null;
    for (JsonNode v : one(base, "Deployment").at("/spec/template/spec/volumes")) {
      if (volume.equals(v.path("name").asText())) {
        source = v;
      }
    }
    assertThat(source).isNotNull();
    assertThat(source.at("/configMap/name").asText()).isEqualTo(one(base, "ConfigMap").at("/metadata/name").asText());
    // The image's default command says the same (sync-agent/Dockerfile's CMD), so a plain docker run works too.
    assertThat(dockerfile().instructions("CMD")).containsExactly(json(args));
  }

  @Test
  void probesAndScrapeAnnotationsReachWhatTheAgentsHttpServerServes() throws Exception {
    Config config = agentConfig(base);
    JsonNode container = container(base);
    Map<String, Integer> ports = new java.util.HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertThat(ports).as("container ports").containsEntry("http", config.healthPort());
    assertThat(config.healthAddress()).as("kubelet probes the pod IP").isNotIn("127.0.0.1", "localhost", "::1");
    JsonNode annotations = one(base, "Deployment").at("/spec/template/metadata/annotations");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(config.healthPort()));

    Map<String, String> probes = new java.util.LinkedHashMap<>();
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode get = container.path(probe).path("httpGet");
      assertThat(get.isMissingNode()).as("%s is an HTTP GET", probe).isFalse();
      String port = get.path("port").asText();
      assertThat(port.equals("http") || port.equals(String.valueOf(config.healthPort())))
          .as("%s port %s is the agent's healthPort", probe, port).isTrue();
      probes.put(probe, get.path("path").asText());
    }
    probes.put("prometheus.io/path", annotations.path("prometheus.io/path").asText());

    // The agent's real server (the class SyncAgent runs), on a free loopback port.
    AtomicBoolean ready = new AtomicBoolean(false);
    try (AgentHttpServer server = new AgentHttpServer("127.0.0.1", 0, ready::get, () -> "# metrics\n")) {
      HttpClient http = HttpClient.newHttpClient();
      URI root = URI.create("http://127.0.0.1:" + server.port());
      assertThat(status(http, root.resolve("/no-such-endpoint"))).as("the server answers 404 for unknown paths")
          .isEqualTo(404);
      assertThat(status(http, root.resolve(probes.get("readinessProbe"))))
          .as("readiness during the initial list").isEqualTo(503);
      assertThat(status(http, root.resolve(probes.get("livenessProbe"))))
          .as("liveness during the initial list: a long list must not get the pod killed").isEqualTo(200);
      ready.set(true);
      for (Map.Entry<String, String> probe : probes.entrySet()) {
        assertThat(status(http, root.resolve(probe.getValue()))).as("%s %s", probe.getKey(), probe.getValue())
            .isEqualTo(200);
      }
    }
    assertThat(probes.get("readinessProbe")).isEqualTo("/readyz");
    assertThat(probes.get("livenessProbe")).isEqualTo("/healthz");
  }

  @Test
  void agentRunsAsTheImagesNonRootUserWithAReadOnlyRootNoCapabilitiesAndBoundedResources() {
    JsonNode pod = one(base, "Deployment").at("/spec/template/spec");
    JsonNode podSecurity = pod.path("securityContext");
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSecurity.path("runAsUser").asInt()).isPositive();
    assertThat(podSecurity.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(dockerfile().instructions("USER")).as("the runtime stage's user is the one the pod runs as")
        .last().asString().startsWith(podSecurity.path("runAsUser").asText());

    JsonNode container = container(base);
    JsonNode security = container.path("securityContext");
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    List<String> dropped = new ArrayList<>();
    security.at("/capabilities/drop").forEach(c -> dropped.add(c.asText()));
    assertThat(dropped).containsExactly("ALL");
    assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(security.path("privileged").asBoolean(false)).isFalse();

    // The JVM's one writable place: /tmp, an emptyDir.
    Set<String> writable = new TreeSet<>();
    container.path("volumeMounts").forEach(m -> {
      if (!m.path("readOnly").asBoolean(false)) {
        writable.add(m.path("mountPath").asText());
      }
    });
    assertThat(writable).containsExactly("/tmp");

    JsonNode resources = container.path("resources");
    for (String pointer : List.of("/requests/cpu", "/requests/memory", "/limits/memory", "/limits/cpu")) {
      assertThat(resources.at(pointer).asText()).as("resources%s", pointer).isNotBlank();
    }
  }

  @Test
  void imageBuildsTheShadedJarOnAJdk21AndRunsItOnAJre21() throws IOException {
    Dockerfile docker = dockerfile();
    List<String> stages = docker.instructions("FROM");
    assertThat(stages).hasSize(2);
    assertThat(stages.get(0)).matches(".*21.* AS build").containsAnyOf("maven", "jdk");
    assertThat(stages.get(1)).contains("21").contains("jre").doesNotContain(" AS ");
    assertThat(docker.instructions("RUN")).anyMatch(r -> r.contains("mvn ") && r.contains("-pl sync-agent")
        && r.contains(" package"));
    String copy = docker.instructions("COPY").stream().filter(c -> c.startsWith("--from=build ")).findFirst()
        .orElseThrow();
    String[] parts = copy.split("\\s+");
    assertThat(parts[1]).as("the shade plugin's finalName (sync-agent/pom.xml)")
        .endsWith("/sync-agent/target/cloudpedia-sync-agent.jar");
    assertThat(docker.instructions("ENTRYPOINT")).containsExactly(json(List.of("java", "-jar", parts[2])));

    assertThat(AGENT_JAR).as("the agent's shaded jar; build it with mvn -pl sync-agent -am package").exists();
    try (JarFile jar = new JarFile(AGENT_JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(SyncAgentMain.class.getName());
    }
  }

  @Test
  void budgetSelectsTheAgentsPodAndNeverBlocksANodeDrain() {
    JsonNode budget = one(base, "PodDisruptionBudget").path("spec");
    JsonNode labels = one(base, "Deployment").at("/spec/template/metadata/labels");
    budget.at("/selector/matchLabels").fields().forEachRemaining(e ->
        assertThat(labels.path(e.getKey()).asText()).as("pod label %s", e.getKey()).isEqualTo(e.getValue().asText()));
    assertThat(budget.at("/selector/matchLabels").size()).isPositive();
    int replicas = one(base, "Deployment").at("/spec/replicas").asInt();
    assertThat(replicas).as("one agent per cluster").isEqualTo(1);
    assertThat(budget.path("maxUnavailable").asInt()).as("the single pod may be evicted").isEqualTo(replicas);
    assertThat(budget.has("minAvailable")).isFalse();
  }

  @Test
  void exampleOverlaySetsItsImageRoleAndConfigurationAndKeepsTheRest() {
    Config config = agentConfig(overlay);
    assertThat(config.clusterName()).isEqualTo("prod-eu-1").isNotEqualTo(agentConfig(base).clusterName());
    String configMap = one(overlay, "ConfigMap").at("/metadata/name").asText();
    assertThat(configMap).startsWith("cloudpedia-sync-agent-")
        .isNotEqualTo(one(base, "ConfigMap").at("/metadata/name").asText());
    assertThat(one(overlay, "Deployment").at("/spec/template/spec/volumes").toString())
        .as("a new configuration rolls the Deployment").contains(configMap);
    assertThat(container(overlay).path("image").asText())
        .matches("[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/cloudpedia-sync-agent:.+");
    assertThat(one(overlay, "ServiceAccount").at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
        .endsWith("role/cloudpedia-sync-agent-prod-eu-1");
    assertThat(overlay).hasSameSizeAs(base);
    assertThat(one(overlay, "ClusterRole").path("rules")).isEqualTo(one(base, "ClusterRole").path("rules"));
  }

  private static int status(HttpClient http, URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** ["a", "b"] as a Dockerfile's exec form writes it. */
  private static String json(List<String> items) {
    return items.stream().map(s -> "\"" + s + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  static Dockerfile dockerfile() {
    try {
      return Dockerfile.parse(Files.readString(DOCKERFILE));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A Dockerfile's instructions with their arguments, continuation lines joined and comments dropped. */
  record Dockerfile(List<String[]> lines) {
    private static final Pattern INSTRUCTION = Pattern.compile("([A-Za-z]+)\\s+(.*)");

    static Dockerfile parse(String text) {
      List<String[]> result = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        current.append(line);
        Matcher m = INSTRUCTION.matcher(current.toString().strip());
        if (m.matches()) {
          result.add(new String[] {m.group(1).toUpperCase(java.util.Locale.ROOT), m.group(2).replaceAll("\\s+", " ")});
        }
        current.setLength(0);
      }
      return new Dockerfile(result);
    }

    List<String> instructions(String name) {
      return lines.stream().filter(l -> l[0].equals(name)).map(l -> l[1]).toList();
    }
  }
}
