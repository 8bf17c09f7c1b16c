package io.cloudpedia.api.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure {@code Status} (meta/v1) as the Kubernetes apiserver writes it, field order included:
 * {@code {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":..,"reason":..,"details":{..},"code":..}}.
 * {@code details} is left out when absent, and so are its empty members.
 */
public record Status(String message, String reason, Optional<StatusDetails> details, int code) {
  public Status {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(details, "details");
  }

  public static Status of(ApiException e) {
    return new Status(e.getMessage(), e.reason(), e.details(), e.code());
  }

  /** The Status as a JSON tree, built with the project's one mapper. */
  public ObjectNode toJsonNode() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("kind", "Status");
    root.put("apiVersion", "v1");
    root.putObject("metadata");
    root.put("status", "Failure");
    root.put("message", message);
    root.put("reason", reason);
    details.ifPresent(d -> writeDetails(root.putObject("details"), d));
    root.put("code", code);
    return root;
  }

  /** The Status as compact JSON text. */
  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static void writeDetails(ObjectNode out, StatusDetails d) {
    putIfNotEmpty(out, "name", d.name());
    putIfNotEmpty(out, "group", d.group());
    putIfNotEmpty(out, "kind", d.kind());
    if (!d.causes().isEmpty()) {
      ArrayNode causes = out.putArray("causes");
      for (StatusCause c : d.causes()) {
        ObjectNode n = causes.addObject();
        putIfNotEmpty(n, "reason", c.reason());
        putIfNotEmpty(n, "message", c.message());
        putIfNotEmpty(n, "field", c.field());
      }
    }
  }

  private static void putIfNotEmpty(ObjectNode n, String field, String value) {
    if (!value.isEmpty()) {
      n.put(field, value);
    }
  }
}
