package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One object of the registry as stored: the whole JSON object (metadata, spec, status) and its resourceVersion (also
 * in {@code metadata.resourceVersion}, as a string). The object is copied in and out, so that a caller may change
 * what it got without changing the registry or another caller's copy.
 */
public record Stored(RegistryKind kind, String name, ObjectNode object, long resourceVersion) {
  public Stored {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    object = Objects.requireNonNull(object, "object").deepCopy();
  }

  /** A copy of the object. */
  @Override
  public ObjectNode object() {
    return object.deepCopy();
  }

  /** {@code metadata.uid}. */
  public String uid() {
    return object.path("metadata").path("uid").asText("");
  }

  /** {@code metadata.generation}: 1 at creation, one more for each update that changed the spec. */
  public long generation() {
    return object.path("metadata").path("generation").asLong(0);
  }

  /** {@code metadata.deletionTimestamp}: present once the object is being deleted ({@link ClusterRegistry#markDeleting}). */
  public Optional<Instant> deletionTimestamp() {
    JsonNode at = object.path("metadata").path("deletionTimestamp");
    return at.isTextual() ? Optional.of(Instant.parse(at.textValue())) : Optional.empty();
  }

  /** A copy of {@code spec}, or an empty object when there is none. */
  public ObjectNode spec() {
    JsonNode spec = object.get("spec");
    return spec instanceof ObjectNode o ? o.deepCopy() : object.objectNode();
  }

  /** A copy of {@code status}, or an empty object when there is none. */
  public ObjectNode status() {
    JsonNode status = object.get("status");
    return status instanceof ObjectNode o ? o.deepCopy() : object.objectNode();
  }
}
