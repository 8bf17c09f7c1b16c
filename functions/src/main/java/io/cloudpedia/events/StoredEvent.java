package io.cloudpedia.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One core/v1 Event as the event store keeps it, associated with its involved object.
 *
 * @param cluster the member cluster
 * @param eventNamespace the Event's own namespace
 * @param eventName the Event's own name
 * @param resourceVersion the Event's resourceVersion
 * @param involved what the Event is about
 * @param time {@code lastTimestamp}, else {@code eventTime}, else {@code metadata.creationTimestamp}, else when it was
 *     stored
 * @param json the Event as the agent sent it
 */
public record StoredEvent(
    String cluster,
    String eventNamespace,
    String eventName,
    String resourceVersion,
    InvolvedRef involved,
    Instant time,
    byte[] json) {

  public StoredEvent {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(eventNamespace, "eventNamespace");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(involved, "involved");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(json, "json");
  }

  /** {@code namespace/name} of the Event itself. */
  public String eventKey() {
    return eventNamespace + "/" + eventName;
  }

  @Override
  public String toString() {
    // Never the body (conventions: keys and counts only).
    return "StoredEvent[" + cluster + " " + eventKey() + " rv " + resourceVersion + " of " + involved.kind() + " "
        + involved.key() + "]";
  }
}
