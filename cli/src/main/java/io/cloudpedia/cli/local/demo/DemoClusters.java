package io.cloudpedia.cli.local.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.sync.ObjectEncoder;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.Gzip;
import io.cloudpedia.agent.wire.Json;
import io.cloudpedia.agent.wire.RelistBegin;
import io.cloudpedia.agent.wire.RelistEnd;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.SyncStatus;
import io.cloudpedia.agent.wire.WireCodec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled sample clusters that {@code cloudpedia local --demo} replays when the user has no cluster at hand, so
 * that {@code kubectl get pods -A} and friends answer at once, through the real ingest path.
 *
 * <p>Each cluster's objects ({@link DemoPlans}, built by {@link SampleBuilder}) are sent exactly as a freshly started
 * agent would send them: per type a relist (relistBegin, one upsert per object made by the agent's own
 * {@link ObjectEncoder}, relistEnd with the key set), then a status listing every type as syncing. The sample is
 * deterministic: the same clock gives the same deltas.
 */
public final class DemoClusters {

    /** The agent whose relists the demo imitates; only relist ids carry it (the sink names its own agent). */
    private static final String AGENT_SUFFIX = "-demo";

    /** Counts do not depend on the moment, so they are computed once per cluster. */
    private static final Map<String, Map<String, Integer>> COUNTS = new ConcurrentHashMap<>();

    private DemoClusters() {
    }

    /** The demo clusters' names: demo-east, demo-west, demo-edge. */
    public static List<String> names() {
        return DemoPlans.NAMES;
    }

    /**
     * Sends one cluster's sample through the sink as its agent would: per type a relist (relistBegin, the upserts,
     * relistEnd with the key set), then an agent status listing every type (Syncing, initial list done, object
     * counts), healthy, with the cluster's version. Then flushes the sink.
     *
     * @param clock the sample's "now": creation times, event times and the status' observedAt derive from it
     * @throws IllegalArgumentException if {@code cluster} is not one of {@link #names()}
     */
    public static void replay(String cluster, DeltaSink sink, Clock clock) throws InterruptedException {
        Sample sample = SampleBuilder.build(DemoPlans.plan(cluster), clock.instant());
        AgentIdentity agent = new AgentIdentity(cluster, cluster + AGENT_SUFFIX);
        ObjectEncoder encoder = Encoding.encoder(cluster, agent);
        List<AgentStatus.ResourceStatus> resources = new ArrayList<>();
        for (DemoType type : DemoType.values()) {
            List<ObjectNode> objects = sample.of(type);
            relist(type, objects, sample.listResourceVersion(), agent, encoder, sink);
            resources.add(new AgentStatus.ResourceStatus(type.gvr(), type.kind(), type.namespaced(),
                    SyncStatus.Syncing, "", "", false, objects.size(), 0));
        }
        sink.send(new AgentStatus(clock.instant(), sample.plan().version(), true, "", resources));
        sink.flush();
    }

    /**
     * What {@link #replay} sends for a cluster: gvr ({@code v1/pods}, {@code apps/v1/deployments}) to object count,
     * in replay order. The same at any moment.
     *
     * @throws IllegalArgumentException if {@code cluster} is not one of {@link #names()}
     */
    public static Map<String, Integer> counts(String cluster) {
        ClusterPlan plan = DemoPlans.plan(cluster);
        return COUNTS.computeIfAbsent(cluster, c -> SampleBuilder.build(plan, Instant.EPOCH.plusSeconds(2_000_000_000L))
                .counts());
    }

    /** One type's full list, framed as ResourceSynchro frames it: begin, every object in key order, end. */
    private static void relist(DemoType type, List<ObjectNode> objects, String listResourceVersion,
                               AgentIdentity agent, ObjectEncoder encoder, DeltaSink sink)
            throws InterruptedException {
        String relistId = agent.agentId() + "/" + type.gvr() + "/1";
        sink.send(new RelistBegin(type.gvr(), relistId, RelistReason.Initial));
        List<String> keys = new ArrayList<>(objects.size());
        for (ObjectNode object : objects) {
            keys.add(Sample.key(object));
            sink.send(encoder.upsert(type.resourceType(), Encoding.resource(object), Optional.of(relistId)));
        }
        // Keys are ASCII, so String order is the agent's unsigned byte order; a few hundred keys fit one part.
        keys.sort(null);
        byte[] keysGzip = Gzip.compress(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
        sink.send(new RelistEnd(type.gvr(), relistId, listResourceVersion, keys.size(), 0, 1, keysGzip));
    }

    /** The agent's encoder and fabric8's serialisation, built once: the latter takes a moment. */
    private static final class Encoding {
        private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

        /** The encoder as the agent configures it by default; the sample's objects are far below every limit. */
        static ObjectEncoder encoder(String cluster, AgentIdentity agent) {
            int maxDeltaBytes = QueueConfig.DEFAULT_MAX_MESSAGE_BYTES - WireCodec.envelopeOverhead(agent);
            return new ObjectEncoder(cluster, SERIALIZATION, QueueConfig.DEFAULT_COMPRESS_ABOVE_BYTES, maxDeltaBytes);
        }

        /** The object as a list or watch hands it to the agent. */
        static GenericKubernetesResource resource(ObjectNode object) {
            try {
                return SERIALIZATION.unmarshal(Json.MAPPER.writeValueAsString(object), GenericKubernetesResource.class);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
