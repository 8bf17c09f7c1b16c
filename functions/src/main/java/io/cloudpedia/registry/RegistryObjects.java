package io.cloudpedia.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The write rules both registries apply, as pure functions of the stored object and the one sent, so that they behave
 * the same: which metadata the server owns, when generation and resourceVersion move, and the preconditions of an
 * update.
 */
final class RegistryObjects {
  /** Metadata fields only the server sets: whatever a client sends for them is replaced or dropped. */
  private static final String[] SERVER_METADATA = {
    "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
    "namespace", "selfLink"
  };

  private RegistryObjects() {}

  /** {@code metadata.name}; {@link IllegalArgumentException} when absent or empty (the caller validates first). */
  static String nameOf(RegistryKind kind, JsonNode object) {
    JsonNode name = object.path("metadata").path("name");
    if (!name.isTextual() || name.textValue().isEmpty()) {
      throw new IllegalArgumentException("a " + kind.kind() + " needs metadata.name");
    }
    return name.textValue();
  }

  /** The first resourceVersion of a new object: the clock's milliseconds, so that a re-created name starts higher. */
  static long firstResourceVersion(Instant now) {
    return Math.max(1, now.toEpochMilli());
  }

  /** The resourceVersion after {@code current}: one more, or the clock's milliseconds if that is more. */
  static long nextResourceVersion(long current, Instant now) {
    return Math.max(current + 1, now.toEpochMilli());
  }

  static ObjectNode created(RegistryKind kind, ObjectNode sent, Instant now, long resourceVersion) {
    ObjectNode next = sent.deepCopy();
    next.put("apiVersion", kind.apiVersion());
    next.put("kind", kind.kind());
    ObjectNode metadata = metadata(next);
    for (String field : SERVER_METADATA) {
      metadata.remove(field);
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", timestamp(now));
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    metadata.put("generation", 1);
    next.remove("status");
    return next;
  }

  static ObjectNode updated(RegistryKind kind, Stored current, ObjectNode sent, long resourceVersion) {
    checkPreconditions(kind, current, sent);
    ObjectNode stored = current.object();
    ObjectNode next = sent.deepCopy();
    next.put("apiVersion", kind.apiVersion());
    next.put("kind", kind.kind());
    ObjectNode metadata = metadata(next);
    for (String field : SERVER_METADATA) {
      metadata.remove(field);
    }
    JsonNode was = stored.path("metadata");
    for (String kept : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
      if (was.has(kept)) {
        metadata.set(kept, was.get(kept).deepCopy());
      }
    }
    boolean specChanged = !Objects.equals(stored.get("spec"), next.get("spec"));
    putNumber(metadata, "generation", current.generation() + (specChanged ? 1 : 0));
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    next.remove("status");
    if (kind.hasStatus() && stored.has("status")) {
      next.set("status", stored.get("status").deepCopy());
    }
    return next;
  }

  static ObjectNode statusUpdated(RegistryKind kind, Stored current, ObjectNode sent, long resourceVersion) {
    if (!kind.hasStatus()) {
      throw new IllegalArgumentException(kind.kind() + " has no status subresource");
    }
    checkPreconditions(kind, current, sent);
    ObjectNode next = current.object();
    next.remove("status");
    JsonNode status = sent.get("status");
    if (status != null && !status.isNull()) {
      next.set("status", status.deepCopy());
    }
    metadata(next).put("resourceVersion", Long.toString(resourceVersion));
    return next;
  }

  static ObjectNode deleting(Stored current, Instant at, long resourceVersion) {
    ObjectNode next = current.object();
    ObjectNode metadata = metadata(next);
    metadata.put("deletionTimestamp", timestamp(at));
    metadata.put("deletionGracePeriodSeconds", 0);
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    return next;
  }

  /**
   * The client's {@code resourceVersion} and {@code uid}, when it sent them, must be the stored ones: the first catches
   * a write based on an outdated read, the second one meant for an object that was deleted and created again.
   */
  static void checkPreconditions(RegistryKind kind, Stored current, ObjectNode sent) {
    JsonNode rv = sent.path("metadata").path("resourceVersion");
    if (rv.isTextual() && !rv.textValue().isEmpty() && !rv.textValue().equals(Long.toString(current.resourceVersion()))) {
      throw new RegistryException.Conflict(kind, current.name());
    }
    JsonNode uid = sent.path("metadata").path("uid");
    if (uid.isTextual() && !uid.textValue().isEmpty() && !uid.textValue().equals(current.uid())) {
      throw new RegistryException.Conflict(
          kind,
          current.name(),
          "Precondition failed: UID in precondition: " + uid.textValue() + ", UID in object meta: " + current.uid());
    }
  }

  /** Whether the client sent a resourceVersion (then a lost race is its {@link RegistryException.Conflict}). */
  static boolean hasResourceVersion(ObjectNode sent) {
    JsonNode rv = sent.path("metadata").path("resourceVersion");
    return rv.isTextual() && !rv.textValue().isEmpty();
  }

  /** The object's JSON, checked against {@link ClusterRegistry#MAX_OBJECT_BYTES}. */
  static String json(RegistryKind kind, String name, ObjectNode object) {
    String json;
    try {
      json = Json.mapper().writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > ClusterRegistry.MAX_OBJECT_BYTES) {
      throw new RegistryException.TooLarge(kind, name, bytes);
    }
    return json;
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("a stored registry object is not a JSON object", e);
    }
  }

  /** RFC 3339 in UTC, to the second, as Kubernetes writes metav1.Time. */
  static String timestamp(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * An int node when the value fits, as a JSON parser reads it back, so that an object compares equal to itself after
   * a round trip through the store.
   */
  private static void putNumber(ObjectNode object, String field, long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      object.put(field, (int) value);
    } else {
      object.put(field, value);
    }
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    return metadata instanceof ObjectNode m ? m : object.putObject("metadata");
  }
}
