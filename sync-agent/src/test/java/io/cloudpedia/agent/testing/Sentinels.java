package io.cloudpedia.agent.testing;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Proves that an agent's watches consumed everything the mock server sent so far: creates a sentinel object per type
 * and waits for its upsert (each watch is ordered, so it comes after every earlier event). fabric8's mock server
 * blocks its event loop for a minute when a watch is closed while it is still sending events (the ADDED replay at
 * the start of every mock watch), so a test settles every type before the agent closes it: at close, and before a
 * reconfiguration removes it.
 */
public final class Sentinels {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Sentinels() {
    }

    public static void settle(MockCluster cluster, SyncAgent agent, RecordingSink sink, Duration timeout)
            throws InterruptedException {
        for (ResourceType type : agent.types()) {
            settle(cluster, type, sink, timeout);
        }
    }

    public static void settle(MockCluster cluster, ResourceType type, RecordingSink sink, Duration timeout)
            throws InterruptedException {
        String name = "zz-sentinel-" + NEXT.incrementAndGet();
        GenericKubernetesResource sentinel = new GenericKubernetesResource();
        sentinel.setApiVersion(type.gvr().apiVersion());
        sentinel.setKind(type.kind());
        sentinel.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        cluster.client().genericKubernetesResources(type.context()).inNamespace("default").resource(sentinel)
                .create();
        sink.await(Upsert.class, u -> u.gvr().equals(type.gvr()) && u.name().equals(name), timeout);
    }
}
