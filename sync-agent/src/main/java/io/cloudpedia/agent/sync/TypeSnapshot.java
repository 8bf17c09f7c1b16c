package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.wire.AgentStatus;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.SyncStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One type's state and counters at one moment: what status deltas and /metrics report. {@code watching} is true while
 * a watch is open (between lists and watch restarts it is false). {@code events} is present while the type's Events
 * are synced too.
 */
public record TypeSnapshot(ResourceType type, SyncStatus status, String reason, String message,
                           boolean initialListPhase, long objects, long truncated, Map<RelistReason, Long> relists,
                           long watchRestarts, boolean watching, Optional<Events> events, Changes changes) {

    public TypeSnapshot {
        relists = Map.copyOf(relists);
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(changes, "changes");
    }

    /**
     * What the synchro saw change, since it started: objects {@code added} (upserts of keys it did not know),
     * {@code updated} (upserts of a new resourceVersion), {@code deleted} (deletes sent, and keys a relist no longer
     * found), and {@code failures} by reason ({@code ListFailed}, {@code WatchFailed}, {@code InternalError}).
     */
    public record Changes(long added, long updated, long deleted, Map<String, Long> failures) {
        public Changes {
            failures = Map.copyOf(failures);
        }
    }

    /**
     * The type's Events: {@code sent} upserts and deletes, {@code skipped} events about objects of the type the agent
     * has not synced; {@code watching} while the event watch is open.
     */
    public record Events(long sent, long skipped, boolean watching) {
    }

    public AgentStatus.ResourceStatus toResourceStatus() {
        return new AgentStatus.ResourceStatus(type.gvr(), type.kind(), type.namespaced(), status, reason, message,
                initialListPhase, objects, truncated);
    }
}
