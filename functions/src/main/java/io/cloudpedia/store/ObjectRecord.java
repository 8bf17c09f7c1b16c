package io.cloudpedia.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One object as ingest hands it to the store: its key, identity, resourceVersion, the indexed fields and the body.
 *
 * @param json the object's JSON, uncompressed (the store compresses it)
 * @param creationTimestamp RFC 3339, {@code ""} if the object has none
 * @param labels the object's labels, for server-side label selection
 * @param controllerOwnerUid the uid of the ownerReference with {@code controller: true}, if any
 * @param truncated why the body is only the object's metadata, if it is
 */
public record ObjectRecord(
    ObjectKey key,
    String uid,
    String resourceVersion,
    String kind,
    String creationTimestamp,
    Map<String, String> labels,
    Optional<String> controllerOwnerUid,
    Optional<String> truncated,
    byte[] json) {

  public ObjectRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(creationTimestamp, "creationTimestamp");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(controllerOwnerUid, "controllerOwnerUid");
    Objects.requireNonNull(truncated, "truncated");
    Objects.requireNonNull(json, "json");
  }
}
