package io.cloudpedia.wire;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of an upserted object that the store indexes, read from its JSON once, at decode time.
 *
 * @param creationTimestamp {@code metadata.creationTimestamp}, {@code ""} if absent
 * @param labels {@code metadata.labels}
 * @param controllerOwnerUid the uid of the ownerReference with {@code controller: true}, if any
 */
public record ObjectIdentity(
    String kind, String creationTimestamp, Map<String, String> labels, Optional<String> controllerOwnerUid) {
  public ObjectIdentity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(creationTimestamp, "creationTimestamp");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(controllerOwnerUid, "controllerOwnerUid");
  }
}
