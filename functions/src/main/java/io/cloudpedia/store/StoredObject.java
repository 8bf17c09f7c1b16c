package io.cloudpedia.store;

import java.util.Objects;
import java.util.Optional;

/** A live object read back from the store. {@code json} is uncompressed. */
public record StoredObject(
    ObjectKey key, String uid, String resourceVersion, Optional<String> truncated, byte[] json) {

  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(truncated, "truncated");
    Objects.requireNonNull(json, "json");
  }
}
