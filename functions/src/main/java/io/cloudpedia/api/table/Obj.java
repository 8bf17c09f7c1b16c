package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Null-safe reads of Kubernetes objects as JSON trees; a missing field reads as the Go zero value. */
final class Obj {
  private Obj() {}

  static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node == null ? MissingNode.getInstance() : node;
    for (String p : path) {
      n = n.path(p);
    }
    return n;
  }

  static String str(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isValueNode() && !n.isNull() ? n.asText() : "";
  }

  static long num(JsonNode node, String... path) {
    return at(node, path).asLong(0);
  }

  static boolean bool(JsonNode node, String... path) {
    return at(node, path).asBoolean(false);
  }

  static boolean has(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return !n.isMissingNode() && !n.isNull();
  }

  static List<JsonNode> list(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    List<JsonNode> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(out::add);
    }
    return out;
  }

  /** A string map (labels, data, nodeSelector), sorted by key. */
  static Map<String, String> map(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    Map<String, String> out = new TreeMap<>();
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
      }
    }
    return out;
  }

  static int size(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isContainerNode() ? n.size() : 0;
  }

  /** An RFC 3339 time (metav1.Time or MicroTime); empty when absent or unparsable. */
  static Optional<Instant> time(JsonNode node, String... path) {
    String s = str(node, path);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static String age(JsonNode object, Instant now) {
    return HumanDuration.since(time(object, "metadata", "creationTimestamp"), now);
  }

  static String name(JsonNode object) {
    return str(object, "metadata", "name");
  }

  static String orNone(String s) {
    return s.isEmpty() ? "<none>" : s;
  }

  /** labels.FormatLabels: "k=v,k2=v2" sorted by key, "&lt;none&gt;" when empty. */
  static String formatLabels(Map<String, String> labels) {
    StringBuilder b = new StringBuilder();
    labels.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return orNone(b.toString());
  }
}
