package io.cloudpedia.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.RegistryConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.testing.Await;
import io.cloudpedia.agent.testing.LogCapture;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.testing.MockRegistry;
import io.cloudpedia.agent.testing.RecordingSink;
import io.cloudpedia.agent.testing.Sentinels;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry watcher against a mock member cluster and a mock registry (both fabric8 mock servers). */
class RegistryWatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CLUSTER = "cluster-1";
    private static final String TOKEN = "s3cr3t-t0ken-4f9c";
    private static final QueueConfig QUEUE = QueueConfig.of("https://sqs.us-east-1.amazonaws.com/1/q", "us-east-1");
    private static final Gvr CONFIGMAPS = Gvr.parse("v1/configmaps");
    private static final Gvr SECRETS = Gvr.parse("v1/secrets");
    private static final Gvr DEPLOYMENTS = Gvr.parse("apps/v1/deployments");
    private static final List<SyncResource> LOCAL = List.of(SyncResource.of("", "configmaps"));

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private MockCluster cluster;
    private MockRegistry registry;
    private RecordingSink sink;
    private Path tokenFile;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster();
        toClose.add(cluster);
        registry = new MockRegistry();
        toClose.add(registry);
        sink = new RecordingSink();
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private SyncAgent startAgent() throws Exception {
        SyncAgent agent = SyncAgent.start(Config.of(CLUSTER, QUEUE, LOCAL.toArray(SyncResource[]::new))
                .withHealthPort(-1), cluster.client(), sink);
        toClose.add(agent);
        toClose.add(() -> Sentinels.settle(cluster, agent, sink, WAIT));
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        return agent;
    }

    private RegistryConfig registryConfig() {
        return RegistryConfig.of(registry.url()).withTokenFile(tokenFile).withPollInterval(Duration.ofMillis(100));
    }

    private List<Gvr> gvrs(SyncAgent agent) {
        return agent.types().stream().map(ResourceType::gvr).toList();
    }

    /** Discovery requests the member cluster received since the last call: what a reconfiguration does first. */
    private List<String> discoveryRequests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = cluster.server().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if (r.getPath().equals("/apis") || r.getPath().startsWith("/api/v1?") || r.getPath().equals("/api/v1")
                    || r.getPath().matches("/apis/[^/]+/[^/?]+")) {
                paths.add(r.getPath());
            }
        }
        return paths;
    }

    @Test
    void watcherAppliesTheRegistrysSyncResources() throws Exception {
        cluster.client().apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();
        cluster.client().secrets().inNamespace("default").resource(new SecretBuilder()
                .withNewMetadata().withName("s1").withNamespace("default").endMetadata().build()).create();
        registry.pediaCluster(CLUSTER, List.of(SyncResource.of("", "configmaps"), SyncResource.of("apps",
                "deployments")), Optional.of("extra"));
        registry.clusterSyncResources("extra", List.of(SyncResource.of("", "secrets")));
        SyncAgent agent = startAgent();

        RegistryWatcher watcher = agent.watchRegistry(registryConfig());

        Await.until(WAIT, "the registry's types", () -> gvrs(agent).equals(List.of(CONFIGMAPS, DEPLOYMENTS,
                SECRETS)));
        assertThat(sink.await(Upsert.class, u -> u.name().equals("web"), WAIT).gvr()).isEqualTo(DEPLOYMENTS);
        assertThat(sink.await(Upsert.class, u -> u.name().equals("s1"), WAIT).gvr()).isEqualTo(SECRETS);
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        Await.until(WAIT, "polls answered 304", () -> watcher.stats().notModified() >= 2);
        assertThat(watcher.stats().changesApplied()).isEqualTo(1);
        assertThat(agent.metricsText())
                .contains("cloudpedia_agent_registry_changes_applied_total 1")
                .contains("cloudpedia_agent_registry_failures_total 0")
                .containsPattern("cloudpedia_agent_registry_polls_total [1-9]")
                .containsPattern("cloudpedia_agent_registry_not_modified_total [1-9]");

        // The ClusterSyncResources changes (the PediaCluster does not): secrets go, their objects with them.
        Sentinels.settle(cluster, agent, sink, WAIT);
        registry.clusterSyncResources("extra", List.of(SyncResource.of("", "configmaps")));

        Await.until(WAIT, "secrets removed", () -> gvrs(agent).equals(List.of(CONFIGMAPS, DEPLOYMENTS)));
        RelistEnd removal = sink.await(RelistEnd.class, e -> e.gvr().equals(SECRETS) && e.count() == 0, WAIT);
        assertThat(removal.parts()).isEqualTo(1);
        // Counted once reconfigure() returned, a little after the types changed.
        Await.until(WAIT, "the change counted", () -> watcher.stats().changesApplied() == 2);
    }

    @Test
    void closingTheAgentStopsItsWatcher() throws Exception {
        registry.pediaCluster(CLUSTER, LOCAL, Optional.empty());
        SyncAgent agent = SyncAgent.start(Config.of(CLUSTER, QUEUE, LOCAL.toArray(SyncResource[]::new))
                .withHealthPort(-1).withRegistry(registryConfig()), cluster.client(), sink);
        RegistryWatcher watcher = agent.watchRegistry(agent.config().registry().orElseThrow());
        Await.until(WAIT, "a few polls", () -> watcher.stats().polls() >= 3);
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        Sentinels.settle(cluster, agent, sink, WAIT);

        agent.close();

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive).extracting(Thread::getName)
                .as("close() joined the watcher's thread").doesNotContain("registry-watcher");
    }

    @Test
    void watcherSendsIfNoneMatchAndSkipsWhenNotModified() throws Exception {
        registry.pediaCluster(CLUSTER, List.of(SyncResource.of("", "configmaps", "secrets")), Optional.empty());
        SyncAgent agent = startAgent();
        RegistryWatcher watcher = new RegistryWatcher(registryConfig(), agent);
        toClose.add(watcher);
        registry.takeRequests();

        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Applied);
        assertThat(gvrs(agent)).containsExactly(CONFIGMAPS, SECRETS);
        RecordedRequest first = registry.takeRequests().get(0);
        assertThat(first.getPath()).isEqualTo(MockRegistry.PEDIA_CLUSTERS + CLUSTER);
        assertThat(first.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(first.getHeader("If-None-Match")).isNull();
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        discoveryRequests();

        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.NotModified);
        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.NotModified);

        List<RecordedRequest> conditional = registry.takeRequests();
        assertThat(conditional).hasSize(2).allSatisfy(r -> {
            assertThat(r.getHeader("If-None-Match")).isEqualTo("\"v1\"");
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        });
        assertThat(discoveryRequests()).as("no reconfiguration on 304").isEmpty();
        assertThat(watcher.stats()).isEqualTo(new RegistryStats(3, 2, 1, 0));

        // A new version with the same list: read, but nothing to reconfigure.
        registry.pediaCluster(CLUSTER, List.of(SyncResource.of("", "configmaps", "secrets")), Optional.empty());
        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Unchanged);
        assertThat(discoveryRequests()).isEmpty();
        // The token file is read at every poll: a rotated token is used at once.
        Files.writeString(tokenFile, "rotated-token");
        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.NotModified);
        List<RecordedRequest> last = registry.takeRequests();
        assertThat(last.get(0).getHeader("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(last.get(1).getHeader("If-None-Match")).isEqualTo("\"v2\"");
        assertThat(last.get(1).getHeader("Authorization")).isEqualTo("Bearer rotated-token");
    }

    @Test
    void watcherKeepsTheLocalListWhenTheClusterIsNotRegistered() throws Exception {
        SyncAgent agent = startAgent();
        RegistryWatcher watcher = new RegistryWatcher(registryConfig(), agent);
        toClose.add(watcher);

        try (LogCapture logs = new LogCapture("io.cloudpedia.agent.registry")) {
            assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.NotRegistered);
            assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.NotRegistered);

            assertThat(gvrs(agent)).containsExactly(CONFIGMAPS);
            assertThat(logs.lines()).filteredOn(l -> l.contains("not registered")).hasSize(1);
        }
        AgentStatus status = sink.await(AgentStatus.class, s -> s.message().contains("not registered"), WAIT);
        assertThat(status.message()).contains("syncing the local syncResources");
        assertThat(status.healthy()).isTrue();
        assertThat(watcher.stats().failures()).isZero();

        // Registered later: its list applies, and the remark goes.
        registry.pediaCluster(CLUSTER, List.of(SyncResource.of("", "configmaps", "secrets")), Optional.empty());
        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Applied);
        assertThat(gvrs(agent)).containsExactly(CONFIGMAPS, SECRETS);
        sink.await(AgentStatus.class, s -> s.message().isEmpty() && s.resources().size() == 2, WAIT);
    }

    @Test
    void anUnreachableRegistryIsReportedAndTheLocalListKeepsSyncing() throws Exception {
        SyncAgent agent = startAgent();
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        RegistryWatcher watcher = new RegistryWatcher(RegistryConfig.of(closedPort), agent);
        toClose.add(watcher);

        assertThat(watcher.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Failed);

        assertThat(gvrs(agent)).containsExactly(CONFIGMAPS);
        assertThat(watcher.stats().failures()).isEqualTo(1);
        AgentStatus status = sink.await(AgentStatus.class, s -> s.message().startsWith("registry: "), WAIT);
        assertThat(status.message()).contains("connection refused").contains("syncing the local syncResources");
    }

    @Test
    void anHttpsRegistryIsTrustedThroughCaFileOrInsecureSkipTlsVerifyOnly() throws Exception {
        MockRegistry secure = new MockRegistry(true);
        toClose.add(secure);
        secure.pediaCluster(CLUSTER, LOCAL, Optional.empty());
        SyncAgent agent = startAgent();
        RegistryConfig https = RegistryConfig.of(secure.url()).withTokenFile(tokenFile);
        assertThat(secure.url().getHost()).as("the name the certificate is for").isEqualTo("localhost");

        RegistryWatcher systemTrust = new RegistryWatcher(https, agent);
        RegistryWatcher withCa = new RegistryWatcher(https.withCaFile(secure.certificate()), agent);
        RegistryWatcher insecure = new RegistryWatcher(https.withInsecureSkipTLSVerify(true), agent);

        assertThat(systemTrust.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Failed);
        assertThat(withCa.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Unchanged);
        assertThat(insecure.pollOnce()).isEqualTo(RegistryWatcher.Outcome.Unchanged);
        assertThat(secure.takeRequests()).hasSize(2);
    }

    @Test
    void watcherNeverLogsTheToken() throws Exception {
        SyncAgent agent = startAgent();
        RegistryWatcher watcher = new RegistryWatcher(registryConfig(), agent);
        toClose.add(watcher);

        try (LogCapture logs = new LogCapture("io.cloudpedia.agent")) {
            watcher.pollOnce(); // 404
            registry.pediaCluster(CLUSTER, List.of(SyncResource.of("", "configmaps", "secrets")), Optional.empty());
            watcher.pollOnce(); // applied
            watcher.pollOnce(); // 304
            registry.failWith(401);
            watcher.pollOnce();
            registry.failWith(500);
            watcher.pollOnce();
            registry.failWith(0);
            registry.pediaCluster(CLUSTER, List.of(SyncResource.of("nope.example.com", "widgets")),
                    Optional.empty());
            watcher.pollOnce(); // resolves to nothing: refused
            Files.writeString(tokenFile, TOKEN + "\n" + TOKEN);
            watcher.pollOnce(); // a token a header cannot carry
            RegistryWatcher unreachable = new RegistryWatcher(RegistryConfig.of(URI.create("http://127.0.0.1:1"))
                    .withTokenFile(dir.resolve("absent")), agent);
            unreachable.pollOnce();
            Sentinels.settle(cluster, agent, sink, WAIT);

            assertThat(logs.lines()).as("something was logged").hasSizeGreaterThan(5)
                    .noneMatch(l -> l.contains(TOKEN) || l.contains("Bearer"));
        }
        assertThat(registry.takeRequests()).as("the token was sent")
                .anyMatch(r -> ("Bearer " + TOKEN).equals(r.getHeader("Authorization")));
        assertThat(watcher.stats().failures()).isEqualTo(4);
        assertThat(sink.of(AgentStatus.class)).extracting(AgentStatus::message)
                .noneMatch(m -> m.contains(TOKEN))
                .anyMatch(m -> m.contains("HTTP 401"));
    }
}
