package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.wire.Gvr;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relist ids of one agent incarnation, {@code <agentId>/<gvr>/<n>} with {@code n} counting per type. Shared by
 * every synchro of the agent, so that a type that is removed and added again never reuses an id: ingest collects a
 * relist's parts by id.
 */
public final class RelistIds {

    private final String agentId;
    private final Map<Gvr, AtomicInteger> counters = new ConcurrentHashMap<>();

    public RelistIds(String agentId) {
        this.agentId = agentId;
    }

    public String next(Gvr gvr) {
        int n = counters.computeIfAbsent(gvr, g -> new AtomicInteger()).incrementAndGet();
        return agentId + "/" + gvr + "/" + n;
    }
}
