package io.cloudpedia.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;

/** Reads what the event stores need from a core/v1 Event's JSON. */
final class Events {
  private Events() {}

  /** Newest first by time; at an equal time, the later resourceVersion first, then by Event key. */
  static final Comparator<StoredEvent> NEWEST_FIRST =
      Comparator.comparing(StoredEvent::time)
          .thenComparing(e -> new java.math.BigInteger("0" + digits(e.resourceVersion())))
          .reversed()
          .thenComparing(StoredEvent::eventKey);

  private static String digits(String rv) {
    return io.cloudpedia.store.ResourceVersions.isNumeric(rv) ? rv : "";
  }

  /**
   * The Event as stored, or empty when it cannot be associated: not a JSON object, no {@code metadata.name} or
   * {@code resourceVersion}, no {@code involvedObject.name} or {@code kind}, or a key with a control character.
   *
   * @param now the time of an Event that carries none
   */
  static Optional<StoredEvent> parse(String cluster, byte[] json, Instant now) {
    JsonNode event;
    try {
      event = Json.mapper().readTree(json);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (event == null || !event.isObject()) {
      return Optional.empty();
    }
    JsonNode metadata = event.path("metadata");
    String namespace = text(metadata, "namespace");
    String name = text(metadata, "name");
    String rv = text(metadata, "resourceVersion");
    JsonNode involved = event.path("involvedObject");
    String involvedName = text(involved, "name");
    String kind = text(involved, "kind");
    if (name.isEmpty() || rv.isEmpty() || involvedName.isEmpty() || kind.isEmpty()) {
      return Optional.empty();
    }
    InvolvedRef ref =
        new InvolvedRef(
            InvolvedRef.groupOf(text(involved, "apiVersion")),
            kind,
            text(involved, "namespace"),
            involvedName,
            text(involved, "uid"));
    if (!EventKeys.orderable(ref.key()) || !EventKeys.orderable(namespace + name + kind + ref.group())) {
      return Optional.empty();
    }
    Instant time =
        time(event.path("lastTimestamp"))
            .or(() -> time(event.path("eventTime")))
            .or(() -> time(metadata.path("creationTimestamp")))
            .orElse(now)
            .truncatedTo(ChronoUnit.MILLIS); // what the stores keep
    return Optional.of(new StoredEvent(cluster, namespace, name, rv, ref, time, json));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : "";
  }

  private static Optional<Instant> time(JsonNode value) {
    if (!value.isTextual() || value.asText().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
