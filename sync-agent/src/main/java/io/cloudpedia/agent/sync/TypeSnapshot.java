package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.SyncStatus;
import java.util.Map;

/**
 * One type's state and counters at one moment: what status deltas and /metrics report. {@code watching} is true while
 * a watch is open (between lists and watch restarts it is false).
 */
public record TypeSnapshot(ResourceType type, SyncStatus status, String reason, String message,
                           boolean initialListPhase, long objects, long truncated, Map<RelistReason, Long> relists,
                           long watchRestarts, boolean watching) {

    public TypeSnapshot {
        relists = Map.copyOf(relists);
    }

    public AgentStatus.ResourceStatus toResourceStatus() {
        return new AgentStatus.ResourceStatus(type.gvr(), type.kind(), type.namespaced(), status, reason, message,
                initialListPhase, objects, truncated);
    }
}
