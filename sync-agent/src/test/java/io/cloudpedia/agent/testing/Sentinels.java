package io.cloudpedia.agent.testing;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.sync.ResourceSynchro;
import io.cloudpedia.agent.wire.Upsert;
import io.fabric8.kubernetes.api.model.EventBuilder;
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
            String name = settle(cluster, type, sink, timeout);
            if (agent.eventsInvolved().contains(type)) {
                settleEvents(cluster, agent, type, name, sink, timeout);
            }
        }
    }

    /**
     * Settles the watch of a type's Events: once it is open, creates an event about the type's (synced) sentinel
     * and waits for its upsert.
     */
    private static void settleEvents(MockCluster cluster, SyncAgent agent, ResourceType type, String sentinel,
                                     RecordingSink sink, Duration timeout) throws InterruptedException {
        Await.until(timeout, "the watches of " + agent.types() + " and their events", agent::watching);
        String name = "zz-sentinel-event-" + NEXT.incrementAndGet();
        cluster.client().v1().events().inNamespace("default").resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewInvolvedObject().withApiVersion(type.gvr().apiVersion()).withKind(type.kind())
                .withNamespace(type.namespaced() ? "default" : null).withName(sentinel).endInvolvedObject()
                .withReason("Sentinel").build()).create();
        sink.await(Upsert.class, u -> u.gvr().equals(ResourceSynchro.EVENTS.gvr()) && u.name().equals(name),
                timeout);
    }

    /** @return the sentinel's name */
    public static String settle(MockCluster cluster, ResourceType type, RecordingSink sink, Duration timeout)
            throws InterruptedException {
        String name = "zz-sentinel-" + NEXT.incrementAndGet();
        GenericKubernetesResource sentinel = new GenericKubernetesResource();
        sentinel.setApiVersion(type.gvr().apiVersion());
        sentinel.setKind(type.kind());
        sentinel.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        cluster.client().genericKubernetesResources(type.context()).inNamespace("default").resource(sentinel)
                .create();
        sink.await(Upsert.class, u -> u.gvr().equals(type.gvr()) && u.name().equals(name), timeout);
        return name;
    }
}
