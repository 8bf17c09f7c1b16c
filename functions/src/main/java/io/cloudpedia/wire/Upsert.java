package io.cloudpedia.wire;

import io.cloudpedia.store.GroupVersionResource;
import java.util.Objects;
import java.util.Optional;

/**
 * An object as the member cluster returned it (pruned and annotated by the agent).
 *
 * @param namespace {@code ""} for cluster-scoped types
 * @param objectJson the object's JSON, UTF-8: the gunzipped bytes of {@code objectGzip} exactly, or the {@code object}
 *     field re-serialised compactly. Records compare arrays by reference, so compare this field's content yourself.
 * @param identity the indexed fields, read from the object
 * @param truncated present when the object carries only its metadata
 * @param relistId present when a relist produced the upsert; informational
 * @param compressed whether it arrived as {@code objectGzip}
 */
public record Upsert(
    GroupVersionResource type,
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    ObjectIdentity identity,
    byte[] objectJson,
    Optional<Truncation> truncated,
    Optional<String> relistId,
    boolean compressed)
    implements Delta {

  public Upsert {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(objectJson, "objectJson");
    Objects.requireNonNull(truncated, "truncated");
    Objects.requireNonNull(relistId, "relistId");
  }

  @Override
  public String op() {
    return "upsert";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.upsert(this);
  }
}
