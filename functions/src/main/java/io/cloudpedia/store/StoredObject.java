package io.cloudpedia.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A live object read back from the store. {@code json} is uncompressed. The indexed fields ({@code labels},
 * {@code creationTimestamp}) come from the stored item, so that a reader can select without parsing the body.
 *
 * @param creationTimestamp RFC 3339, {@code ""} if the object has none
 */
public record StoredObject(
    ObjectKey key,
    String uid,
    String resourceVersion,
    Optional<String> truncated,
    Map<String, String> labels,
    String creationTimestamp,
    byte[] json) {

  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(truncated, "truncated");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(creationTimestamp, "creationTimestamp");
    Objects.requireNonNull(json, "json");
  }
}
