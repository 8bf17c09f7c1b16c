package io.cloudpedia.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.sync.KeyVersionIndex;
import io.cloudpedia.agent.testing.AgentHarness;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.testing.RecordingSink;
import io.cloudpedia.agent.testing.Sentinels;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.Delete;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.Gzip;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SyncAgent#reconfigure}: types come and go without a restart. */
class SyncAgentReconfigureTest {

    private static final Duration WAIT = AgentHarness.WAIT;
    private static final QueueConfig QUEUE = AgentHarness.QUEUE;
    private static final Gvr CONFIGMAPS = Gvr.parse("v1/configmaps");
    private static final Gvr SECRETS = Gvr.parse("v1/secrets");
    private static final Gvr DEPLOYMENTS = Gvr.parse("apps/v1/deployments");

    private final AgentHarness harness = new AgentHarness();

    @AfterEach
    void closeAll() throws Exception {
        harness.close();
    }

    private MockCluster cluster() {
        return harness.cluster();
    }

    private SyncAgent start(MockCluster cluster, RecordingSink sink, SyncResource... resources) throws Exception {
        return harness.startSynced(cluster, sink, resources);
    }

    private static void createSecret(MockCluster cluster, String name) {
        cluster.client().secrets().inNamespace("default").resource(new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToStringData("k", "v").build()).create();
    }

    /** The highest resourceVersion the agent sent for a type, in any delta. */
    private static long highestSent(RecordingSink sink, Gvr gvr) {
        return sink.all().stream().flatMap(d -> {
            if (d instanceof Upsert u && u.gvr().equals(gvr)) {
                return Stream.of(u.resourceVersion());
            }
            if (d instanceof Delete x && x.gvr().equals(gvr)) {
                return Stream.of(x.resourceVersion());
            }
            if (d instanceof RelistEnd e && e.gvr().equals(gvr)) {
                return Stream.of(e.resourceVersion());
            }
            return Stream.empty();
        }).mapToLong(Long::parseLong).max().orElseThrow();
    }

    private static List<Gvr> gvrs(AgentStatus status) {
        return status.resources().stream().map(AgentStatus.ResourceStatus::gvr).collect(Collectors.toList());
    }

    private static List<String> syncThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("sync-")).collect(Collectors.toList());
    }

    @Test
    void reconfigureStartsNewTypesAndStopsRemovedOnes() throws Exception {
        MockCluster cluster = cluster();
        cluster.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("c1").withNamespace("default").endMetadata().build()).create();
        createSecret(cluster, "s1");
        createSecret(cluster, "s2");
        cluster.client().apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, SyncResource.of("", "configmaps", "secrets"));
        // fabric8's mock does not replay changes made between a list and the watch after it: change only once every
        // type is watched.
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        io.cloudpedia.agent.testing.Await.until(WAIT, "every type watched", agent::watching);
        // Changes seen by the watch, so the removal must be newer than the list and than these.
        createSecret(cluster, "s3");
        cluster.client().secrets().inNamespace("default").withName("s1").delete();
        sink.await(Delete.class, d -> d.name().equals("s1"), WAIT);
        Sentinels.settle(cluster, agent, sink, WAIT);
        long highestSecret = highestSent(sink, SECRETS);
        List<String> secretRelists = sink.relistBegins().stream().map(RelistBegin::relistId)
                .collect(Collectors.toList());

        SyncAgent.Reconfiguration result = agent.reconfigure(List.of(
                SyncResource.of("", "configmaps"), SyncResource.of("apps", "deployments")));

        assertThat(result.started()).extracting(ResourceType::gvr).containsExactly(DEPLOYMENTS);
        assertThat(result.stopped()).extracting(ResourceType::gvr).containsExactly(SECRETS);
        assertThat(result.changed()).isTrue();
        assertThat(agent.types()).extracting(ResourceType::gvr).containsExactly(CONFIGMAPS, DEPLOYMENTS);

        List<Delta> all = sink.all();
        RelistBegin removal = sink.await(RelistBegin.class,
                b -> b.gvr().equals(SECRETS) && b.reason() == RelistReason.Removed, WAIT);
        assertThat(secretRelists).doesNotContain(removal.relistId());
        assertThat(removal.relistId()).startsWith(agent.identity().agentId() + "/v1/secrets/");
        RelistEnd end = sink.await(RelistEnd.class, e -> e.relistId().equals(removal.relistId()), WAIT);
        assertThat(end.gvr()).isEqualTo(SECRETS);
        assertThat(end.count()).isZero();
        assertThat(end.part()).isZero();
        assertThat(end.parts()).isEqualTo(1);
        assertThat(Gzip.decompress(end.keysGzip())).isEmpty();
        assertThat(Long.parseLong(end.resourceVersion())).as("newer than anything sent of the type")
                .isGreaterThanOrEqualTo(highestSecret);
        // Nothing of the type after its removal.
        List<Delta> afterRemoval = all.subList(all.indexOf(end) + 1, all.size());
        assertThat(afterRemoval).noneMatch(d -> d instanceof Upsert u && u.gvr().equals(SECRETS));
        assertThat(all.indexOf(removal)).isLessThan(all.indexOf(end));

        assertThat(agent.index(SECRETS)).as("its key index is dropped").isEmpty();
        assertThat(syncThreads()).doesNotContain("sync-v1/secrets");
        assertThat(agent.metricsText()).doesNotContain("v1/secrets").contains("apps/v1/deployments");
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        assertThat(sink.await(Upsert.class, u -> u.name().equals("web"), WAIT).gvr()).isEqualTo(DEPLOYMENTS);
        AgentStatus status = sink.await(AgentStatus.class, s -> gvrs(s).equals(List.of(CONFIGMAPS, DEPLOYMENTS))
                && !s.resources().get(1).initialListPhase(), WAIT);
        assertThat(gvrs(status)).doesNotContain(SECRETS);
        // Later statuses never list the removed type again.
        Sentinels.settle(cluster, agent, sink, WAIT);
        List<AgentStatus> statuses = sink.of(AgentStatus.class);
        assertThat(statuses.subList(statuses.indexOf(status), statuses.size()))
                .allSatisfy(s -> assertThat(gvrs(s)).doesNotContain(SECRETS));
    }

    @Test
    void reconfigureWithTheSameTypesChangesNothing() throws Exception {
        MockCluster cluster = cluster();
        createSecret(cluster, "s1");
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, SyncResource.of("", "configmaps", "secrets"));
        Sentinels.settle(cluster, agent, sink, WAIT);
        KeyVersionIndex secrets = agent.index(SECRETS).orElseThrow();
        List<ResourceType> types = agent.types();
        int before = sink.all().size();

        // The same types, named differently (kind, other order).
        SyncAgent.Reconfiguration result = agent.reconfigure(List.of(
                SyncResource.of("", "Secret"), SyncResource.of("", "configmaps")));

        assertThat(result.changed()).isFalse();
        assertThat(result.started()).isEmpty();
        assertThat(result.stopped()).isEmpty();
        assertThat(agent.types()).isEqualTo(types);
        assertThat(agent.index(SECRETS)).containsSame(secrets);
        // The watches go on: a sentinel per type arrives, and nothing else was sent (no relist, no status).
        Sentinels.settle(cluster, agent, sink, WAIT);
        List<Delta> after = sink.all().subList(before, sink.all().size());
        assertThat(after).hasSize(2).allSatisfy(d -> assertThat(d).isInstanceOf(Upsert.class));
    }

    @Test
    void aTypeAddedAgainRelistsUnderANewRelistId() throws Exception {
        MockCluster cluster = cluster();
        createSecret(cluster, "s1");
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, SyncResource.of("", "configmaps", "secrets"));
        Sentinels.settle(cluster, agent, sink, WAIT);

        agent.reconfigure(List.of(SyncResource.of("", "configmaps")));
        agent.reconfigure(List.of(SyncResource.of("", "configmaps", "secrets")));

        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        List<RelistBegin> secrets = sink.relistBegins().stream().filter(b -> b.gvr().equals(SECRETS))
                .collect(Collectors.toList());
        assertThat(secrets).extracting(RelistBegin::reason)
                .containsExactly(RelistReason.Initial, RelistReason.Removed, RelistReason.Initial);
        assertThat(secrets).extracting(RelistBegin::relistId).doesNotHaveDuplicates();
        assertThat(sink.await(Upsert.class, u -> u.name().equals("s1") && u.relistId().isPresent()
                && u.relistId().get().equals(secrets.get(2).relistId()), WAIT).gvr()).isEqualTo(SECRETS);
    }

    @Test
    void aRunningTypeWhoseDiscoveryFailsIsKept() throws Exception {
        MockCluster cluster = cluster();
        // policy/v1 answers discovery once (at start), then fails (403 rather than 503, which fabric8 retries for
        // about 20 s before it gives up).
        cluster.server().expect().get().withPath("/apis/policy/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("policy/v1")
                .withResources(MockCluster.resource("poddisruptionbudgets", "PodDisruptionBudget", true,
                        MockCluster.ALL_VERBS)).build()).once();
        cluster.server().expect().get().withPath("/apis/policy/v1").andReturn(403, "forbidden").always();
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, SyncResource.of("", "configmaps"),
                new SyncResource("policy", List.of("v1"), List.of("poddisruptionbudgets")));
        Sentinels.settle(cluster, agent, sink, WAIT);

        // PodDisruptionBudgets are still wanted, but discovery cannot confirm them now: that is no reason to delete them.
        SyncAgent.Reconfiguration result = agent.reconfigure(List.of(SyncResource.of("", "configmaps", "secrets"),
                new SyncResource("policy", List.of("v1"), List.of("poddisruptionbudgets"))));

        assertThat(result.started()).extracting(ResourceType::gvr).containsExactly(SECRETS);
        assertThat(result.stopped()).isEmpty();
        assertThat(result.unavailable()).containsExactly("policy/v1");
        assertThat(agent.types()).extracting(ResourceType::gvr)
                .containsExactly(CONFIGMAPS, SECRETS, Gvr.parse("policy/v1/poddisruptionbudgets"));
        assertThat(agent.awaitInitialSync(WAIT)).isTrue();
        assertThat(sink.relistBegins()).noneMatch(b -> b.reason() == RelistReason.Removed);
    }

    @Test
    void aListThatResolvesToNoTypeIsRefusedAndTheTypesStay() throws Exception {
        MockCluster cluster = cluster();
        RecordingSink sink = new RecordingSink();
        SyncAgent agent = start(cluster, sink, SyncResource.of("", "configmaps"));

        assertThatThrownBy(() -> agent.reconfigure(List.of(SyncResource.of("nope.example.com", "widgets"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("keeping the current types");

        assertThat(agent.types()).extracting(ResourceType::gvr).containsExactly(CONFIGMAPS);
        assertThat(sink.relistBegins()).extracting(RelistBegin::reason).containsExactly(RelistReason.Initial);
    }
}
