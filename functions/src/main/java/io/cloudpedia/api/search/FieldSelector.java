package io.cloudpedia.api.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.status.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A field selector: terms {@code field=value}, {@code field==value} or {@code field!=value}, AND-ed by commas.
 *
 * <p><b>Fields.</b> As in Clusterpedia, a field is any JSON path into the stored object, with or without a leading
 * dot: {@code metadata.name}, {@code status.phase}, {@code spec.replicas}. A segment that holds dots is quoted,
 * {@code metadata.annotations.'a.b/c'} (or {@code "a.b/c"}), or bracketed, {@code metadata.annotations['a.b/c']}.
 * Every segment must be a qualified name (an optional DNS prefix and {@code /}, then at most 63 name characters).
 * List segments ({@code spec.containers[].name}, {@code [0]}) are rejected: the store cannot search inside lists.
 *
 * <p><b>Values.</b> Everything after the operator up to the next unescaped comma; {@code \,}, {@code \=} and
 * {@code \\} escape, as in Kubernetes. Whitespace around keys and values is trimmed.
 *
 * <p><b>Matching</b> is textual: a JSON string compares as itself, a number or boolean as its JSON text
 * ({@code spec.replicas=3}, {@code spec.unschedulable=true}). A path that is absent, {@code null}, an object or a list
 * has no value: {@code =} does not match it and {@code !=} does. The Kubernetes field selectors of
 * {@code metadata.name}, {@code metadata.namespace} and the per-kind fields Kubernetes supports keep their Kubernetes
 * meaning, including its Go zero values for absent fields (so {@code spec.nodeName=} selects unscheduled pods):
 *
 * <ul>
 *   <li>Pod: {@code spec.nodeName}, {@code spec.restartPolicy}, {@code spec.schedulerName},
 *       {@code spec.serviceAccountName}, {@code status.phase}, {@code status.podIP}, {@code status.nominatedNodeName}
 *       (absent = ""), {@code spec.hostNetwork} (absent = "false"), {@code status.podIPs} (matches any of
 *       {@code status.podIPs[*].ip});
 *   <li>Event: {@code involvedObject.{kind,namespace,name,uid,apiVersion,resourceVersion,fieldPath}}, {@code reason},
 *       {@code reportingComponent}, {@code type} (absent = ""), {@code source} (= {@code source.component});
 *   <li>Secret: {@code type}; Namespace: {@code status.phase}; CertificateSigningRequest: {@code spec.signerName}
 *       (absent = "");
 *   <li>ReplicaSet, ReplicationController: {@code status.replicas} (absent = "0"); Job: {@code status.successful}
 *       (= {@code status.succeeded}, absent = "0"); Node: {@code spec.unschedulable} (absent = "false").
 * </ul>
 *
 * The kind is read from the object's {@code kind}. Malformed input is a 400 {@link ApiException#badRequest}.
 */
public record FieldSelector(List<FieldRequirement> requirements) {

  private static final Map<String, Map<String, Function<JsonNode, List<String>>>> KIND_FIELDS = kindFields();

  public FieldSelector {
    requirements = List.copyOf(requirements);
  }

  /** The selector that selects everything. */
  public static FieldSelector everything() {
    return new FieldSelector(List.of());
  }

  /** Parses {@code text}; see the class comment. */
  public static FieldSelector parse(String text) {
    Objects.requireNonNull(text, "text");
    List<FieldRequirement> out = new ArrayList<>();
    if (text.isBlank()) {
      return new FieldSelector(out);
    }
    for (Term term : splitTerms(text)) {
      out.add(requirement(text, term));
    }
    return new FieldSelector(out);
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** True if every term matches {@code object}; see the class comment for the comparison rules. */
  public boolean matches(JsonNode object) {
    for (FieldRequirement r : requirements) {
      boolean found = valuesOf(object, r).contains(r.value());
      if (found != (r.operator() == Operator.EQUALS)) {
        return false;
      }
    }
    return true;
  }

  /** Canonical text: terms in the order written, {@code ==} as {@code =}. */
  @Override
  public String toString() {
    return requirements.stream().map(FieldRequirement::toString).collect(Collectors.joining(","));
  }

  private static List<String> valuesOf(JsonNode object, FieldRequirement r) {
    String field = r.field();
    if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
      return List.of(object.path("metadata").path(r.path().get(1)).asText(""));
    }
    Map<String, Function<JsonNode, List<String>>> forKind = KIND_FIELDS.get(object.path("kind").asText(""));
    if (forKind != null && forKind.containsKey(field)) {
      return forKind.get(field).apply(object);
    }
    JsonNode n = at(object, r.path());
    return n.isValueNode() ? List.of(n.asText()) : List.of();
  }

  private static JsonNode at(JsonNode object, List<String> path) {
    JsonNode n = object;
    for (String s : path) {
      n = n.path(s);
    }
    return n;
  }

  private static Map<String, Map<String, Function<JsonNode, List<String>>>> kindFields() {
    Map<String, Function<JsonNode, List<String>>> pod = new java.util.HashMap<>();
    for (String f :
        List.of(
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "status.phase", "status.podIP", "status.nominatedNodeName")) {
      pod.put(f, orDefault(f, ""));
    }
    pod.put("spec.hostNetwork", orDefault("spec.hostNetwork", "false"));
    pod.put(
        "status.podIPs",
        o -> {
          List<String> ips = new ArrayList<>();
          o.path("status").path("podIPs").forEach(ip -> ips.add(ip.path("ip").asText("")));
          return ips;
        });
    Map<String, Function<JsonNode, List<String>>> event = new java.util.HashMap<>();
    for (String f :
        List.of(
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "type")) {
      event.put(f, orDefault(f, ""));
    }
    event.put("source", orDefault("source.component", ""));
    Map<String, Function<JsonNode, List<String>>> replicas = Map.of("status.replicas", orDefault("status.replicas", "0"));
    return Map.of(
        "Pod", Map.copyOf(pod),
        "Event", Map.copyOf(event),
        "Secret", Map.of("type", orDefault("type", "")),
        "Namespace", Map.of("status.phase", orDefault("status.phase", "")),
        "ReplicaSet", replicas,
        "ReplicationController", replicas,
        "Job", Map.of("status.successful", orDefault("status.succeeded", "0")),
        "Node", Map.of("spec.unschedulable", orDefault("spec.unschedulable", "false")),
        "CertificateSigningRequest", Map.of("spec.signerName", orDefault("spec.signerName", "")));
  }

  private static Function<JsonNode, List<String>> orDefault(String dotted, String zero) {
    List<String> path = List.of(dotted.split("\\."));
    return o -> {
      JsonNode n = at(o, path);
      return List.of(n.isValueNode() ? n.asText() : zero);
    };
  }

  private record Term(String text, int pos) {}

  /** Splits on commas not escaped by a backslash, keeping escapes for the value parser. */
  private static List<Term> splitTerms(String text) {
    List<Term> terms = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ',') {
        terms.add(new Term(text.substring(start, i), start));
        start = i + 1;
      }
    }
    terms.add(new Term(text.substring(start), start));
    return terms;
  }

  private static FieldRequirement requirement(String input, Term term) {
    String t = term.text();
    int opAt = -1;
    int opLen = 0;
    Operator op = null;
    char quote = 0;
    for (int i = 0; i < t.length() && op == null; i++) {
      char c = t.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '!' && i + 1 < t.length() && t.charAt(i + 1) == '=') {
        op = Operator.NOT_EQUALS;
        opAt = i;
        opLen = 2;
      } else if (c == '=') {
        op = Operator.EQUALS;
        opAt = i;
        opLen = i + 1 < t.length() && t.charAt(i + 1) == '=' ? 2 : 1;
      }
    }
    if (op == null) {
      if (t.isBlank()) {
        throw error(input, "empty term", term.pos());
      }
      throw error(input, "expected '=', '==' or '!=' in '" + t.trim() + "'", term.pos());
    }
    List<String> path = path(input, t.substring(0, opAt), term.pos());
    String value = unescape(input, t.substring(opAt + opLen).trim(), term.pos() + opAt + opLen);
    return new FieldRequirement(path, op, value);
  }

  /** Parses {@code a.b}, {@code .a.b}, {@code a.'x.y'}, {@code a['x.y']}, {@code a["x.y"]}. */
  private static List<String> path(String input, String rawKey, int base) {
    String key = rawKey.strip();
    int offset = base + rawKey.indexOf(key.isEmpty() ? rawKey : key);
    if (key.isEmpty()) {
      throw error(input, "missing field name", base);
    }
    List<String> segments = new ArrayList<>();
    int i = key.startsWith(".") ? 1 : 0;
    boolean expectSegment = true;
    while (i < key.length()) {
      char c = key.charAt(i);
      String segment;
      if (c == '[') {
        if (i + 1 < key.length() && (key.charAt(i + 1) == '\'' || key.charAt(i + 1) == '"')) {
          char q = key.charAt(i + 1);
          int close = key.indexOf(q, i + 2);
          if (close < 0 || close + 1 >= key.length() || key.charAt(close + 1) != ']') {
            throw error(input, "unterminated bracketed segment in field '" + key + "'", offset + i);
          }
          segment = key.substring(i + 2, close);
          i = close + 2;
        } else {
          throw error(input, "list fields are not supported: '" + key + "'", offset + i);
        }
      } else {
        if (!expectSegment) {
          throw error(input, "expected '.' or '[' in field '" + key + "'", offset + i);
        }
        if (c == '\'' || c == '"') {
          int close = key.indexOf(c, i + 1);
          if (close < 0) {
            throw error(input, "unterminated quoted segment in field '" + key + "'", offset + i);
          }
          segment = key.substring(i + 1, close);
          i = close + 1;
        } else {
          int end = i;
          while (end < key.length() && ".['\"".indexOf(key.charAt(end)) < 0) {
            end++;
          }
          segment = key.substring(i, end);
          if (segment.isEmpty()) {
            throw error(input, "empty segment in field '" + key + "'", offset + i);
          }
          i = end;
        }
      }
      int segmentAt = offset + i;
      Names.qualifiedNameProblem(segment)
          .ifPresent(p -> {
            throw error(input, "invalid segment '" + segment + "' in field '" + key + "': " + p, segmentAt);
          });
      segments.add(segment);
      expectSegment = false;
      if (i < key.length() && key.charAt(i) == '.') {
        i++;
        expectSegment = true;
        if (i == key.length()) {
          throw error(input, "empty segment in field '" + key + "'", offset + i);
        }
      }
    }
    if (segments.isEmpty()) {
      throw error(input, "missing field name", base);
    }
    return segments;
  }

  private static String unescape(String input, String raw, int pos) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        if (i + 1 == raw.length() || "\\,=".indexOf(raw.charAt(i + 1)) < 0) {
          throw error(input, "invalid escape sequence in value '" + raw + "'", pos);
        }
        b.append(raw.charAt(++i));
      } else if (c == '=' ) {
        throw error(input, "unescaped '=' in value '" + raw + "'", pos);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static ApiException error(String input, String problem, int pos) {
    return ApiException.badRequest(
        "unable to parse field selector \"" + input + "\": " + problem + " at position " + pos);
  }
}
