package io.cloudpedia.agent.wire;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The agent's view of its cluster and of each synced type. */
public record AgentStatus(Instant observedAt, String clusterVersion, boolean healthy, String message,
                          List<ResourceStatus> resources) implements Delta {

    public AgentStatus {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(clusterVersion, "clusterVersion");
        Objects.requireNonNull(message, "message");
        resources = List.copyOf(resources);
    }

    @Override
    public String op() {
        return "status";
    }

    /** One synced type. */
    public record ResourceStatus(Gvr gvr, String kind, boolean namespaced, SyncStatus status, String reason,
                                 String message, boolean initialListPhase, long objects, long truncated) {
        public ResourceStatus {
            Objects.requireNonNull(gvr, "gvr");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
