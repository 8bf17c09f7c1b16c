package io.cloudpedia.wire;

import io.cloudpedia.store.GroupVersionResource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent's view of its cluster and of each synced type.
 *
 * @param clusterVersion {@code ""} when the agent could not tell
 * @param json the status delta's JSON, as kept by the sync-state store. Records compare arrays by reference.
 */
public record AgentStatus(
    Instant observedAt,
    String clusterVersion,
    boolean healthy,
    String message,
    List<ResourceStatus> resources,
    byte[] json)
    implements Delta {

  /** Clusterpedia's resource sync conditions. */
  public static final List<String> STATUSES = List.of("Pending", "Syncing", "Stop", "Error", "Unknown");

  public AgentStatus {
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(clusterVersion, "clusterVersion");
    Objects.requireNonNull(message, "message");
    resources = List.copyOf(resources);
    Objects.requireNonNull(json, "json");
  }

  @Override
  public String op() {
    return "status";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.status(this);
  }

  /**
   * One synced type.
   *
   * @param status one of {@link #STATUSES}
   * @param initialListPhase true until the type's first list has been sent
   * @param objects objects the agent tracks for the type
   * @param truncated objects the agent had to send truncated
   */
  public record ResourceStatus(
      GroupVersionResource type,
      String kind,
      boolean namespaced,
      String status,
      String reason,
      String message,
      boolean initialListPhase,
      long objects,
      long truncated) {
    public ResourceStatus {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
