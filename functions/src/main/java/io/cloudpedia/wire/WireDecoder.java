package io.cloudpedia.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.GroupVersionResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Decodes and validates one SQS message body of the wire format (docs/wire-format.md). Everything is checked before
 * anything is applied, so a malformed message changes nothing: not JSON, an unknown format or op, a missing or
 * mistyped field, a bad gvr or cluster name, both or neither object forms, undecodable base64 or gzip, no deltas or
 * more than {@value #MAX_DELTAS}, a relist part out of range or a single-part key set whose size differs from its
 * count. Unknown fields are ignored (additions within {@value #FORMAT} stay compatible).
 *
 * <p>Thread-safe and stateless.
 */
public final class WireDecoder {

  /** The one format this version accepts. */
  public static final String FORMAT = "cloudpedia.io/v1";

  public static final int MAX_DELTAS = 1_000;

  /**
   * Upper bound of one object's JSON once gunzipped: Kubernetes itself refuses objects above ~3 MiB, so anything
   * larger is a broken or hostile message, not an object.
   */
  public static final int MAX_OBJECT_BYTES = 16 * 1024 * 1024;

  /** Upper bound of one relist part's key list once gunzipped (~150,000 keys take about 5 MB). */
  public static final int MAX_KEYS_BYTES = 64 * 1024 * 1024;

  static final int MAX_PARTS = 100_000;
  static final int MAX_RELIST_ID = 512;
  static final long MAX_COUNT = 100_000_000L;

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private static final ObjectReader READER =
      Json.mapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private WireDecoder() {}

  /** Decodes one message body, or throws {@link MalformedMessageException} saying why it cannot be applied. */
  public static Envelope decode(String body) {
    if (body == null || body.isBlank()) {
      throw new MalformedMessageException("body is empty");
    }
    JsonNode root;
    try {
      root = READER.readTree(body);
    } catch (JsonProcessingException e) {
      // Parser messages quote the input: say only what kind of problem it is.
      throw new MalformedMessageException("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedMessageException("body is not a JSON object");
    }
    Fields envelope = new Fields(root, "");
    String format = envelope.requiredString("format");
    if (!FORMAT.equals(format)) {
      throw new MalformedMessageException("unknown format " + quote(format) + " (accepted: " + FORMAT + ")");
    }
    String cluster = envelope.requiredString("cluster");
    if (!DNS1123_LABEL.matcher(cluster).matches()) {
      throw new MalformedMessageException("cluster " + quote(cluster) + " is not a DNS-1123 label");
    }
    String agent = envelope.requiredString("agent");
    Instant sentAt = envelope.requiredTime("sentAt");
    JsonNode deltasNode = envelope.required("deltas");
    if (!deltasNode.isArray()) {
      throw new MalformedMessageException("field 'deltas' must be an array");
    }
    if (deltasNode.isEmpty()) {
      throw new MalformedMessageException("no deltas");
    }
    if (deltasNode.size() > MAX_DELTAS) {
      throw new MalformedMessageException(deltasNode.size() + " deltas, more than " + MAX_DELTAS);
    }
    List<Delta> deltas = new ArrayList<>(deltasNode.size());
    for (int i = 0; i < deltasNode.size(); i++) {
      deltas.add(delta(deltasNode.get(i), "deltas[" + i + "]: "));
    }
    return new Envelope(format, cluster, agent, sentAt, deltas);
  }

  private static Delta delta(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new MalformedMessageException(path + "not a JSON object");
    }
    Fields d = new Fields(node, path);
    String op = d.requiredString("op");
    switch (op) {
      case "upsert":
        return upsert(d);
      case "delete":
        return new Delete(
            d.gvr(), d.namespace(), d.objectName(), d.requiredString("uid"), d.requiredString("resourceVersion"));
      case "relistBegin":
        return new RelistBegin(d.gvr(), d.relistId(), d.requiredString("reason"));
      case "relistEnd":
        return relistEnd(d);
      case "status":
        return status(d, node);
      default:
        throw new MalformedMessageException(path + "unknown op " + quote(op));
    }
  }

  private static Upsert upsert(Fields d) {
    GroupVersionResource type = d.gvr();
    String namespace = d.namespace();
    String name = d.objectName();
    String uid = d.requiredString("uid");
    String resourceVersion = d.requiredString("resourceVersion");
    Optional<JsonNode> inline = d.optional("object");
    Optional<JsonNode> gzip = d.optional("objectGzip");
    if (inline.isPresent() && gzip.isPresent()) {
      throw d.malformed("both 'object' and 'objectGzip'");
    }
    if (inline.isEmpty() && gzip.isEmpty()) {
      throw d.malformed("neither 'object' nor 'objectGzip'");
    }
    JsonNode object;
    byte[] json;
    if (inline.isPresent()) {
      object = inline.get();
      if (!object.isObject()) {
        throw d.malformed("field 'object' must be a JSON object");
      }
      json = toBytes(object);
    } else {
      if (!gzip.get().isTextual()) {
        throw d.malformed("field 'objectGzip' must be a string");
      }
      json = d.gunzip("objectGzip", gzip.get().asText(), MAX_OBJECT_BYTES);
      try {
        object = READER.readTree(json);
      } catch (IOException e) {
        throw d.malformed("objectGzip does not hold JSON");
      }
      if (object == null || !object.isObject()) {
        throw d.malformed("objectGzip does not hold a JSON object");
      }
    }
    ObjectIdentity identity = identity(d, object, namespace, name, uid, resourceVersion);
    Optional<Truncation> truncated = Optional.empty();
    Optional<JsonNode> truncatedNode = d.optional("truncated");
    if (truncatedNode.isPresent()) {
      if (!truncatedNode.get().isObject()) {
        throw d.malformed("field 'truncated' must be an object");
      }
      Fields t = new Fields(truncatedNode.get(), d.path + "truncated.");
      truncated = Optional.of(new Truncation(t.requiredString("reason"), t.requiredLong("bytes", 0, Long.MAX_VALUE)));
    }
    Optional<String> relistId = d.optionalString("relistId");
    return new Upsert(
        type, namespace, name, uid, resourceVersion, identity, json, truncated, relistId, gzip.isPresent());
  }

  /** Reads the indexed fields and checks that the object is the one the delta names. */
  private static ObjectIdentity identity(
      Fields d, JsonNode object, String namespace, String name, String uid, String resourceVersion) {
    Fields o = new Fields(object, d.path + "object.");
    String kind = o.requiredString("kind");
    JsonNode metadataNode = o.required("metadata");
    if (!metadataNode.isObject()) {
      throw o.malformed("field 'metadata' must be an object");
    }
    Fields metadata = new Fields(metadataNode, d.path + "object.metadata.");
    sameAs(metadata, "name", name, "name");
    sameAs(metadata, "namespace", namespace, "namespace");
    sameAs(metadata, "uid", uid, "uid");
    sameAs(metadata, "resourceVersion", resourceVersion, "resourceVersion");
    String created = metadata.optionalString("creationTimestamp").orElse("");

    Map<String, String> labels = new LinkedHashMap<>();
    Optional<JsonNode> labelsNode = metadata.optional("labels");
    if (labelsNode.isPresent()) {
      if (!labelsNode.get().isObject()) {
        throw metadata.malformed("field 'labels' must be an object");
      }
      for (Map.Entry<String, JsonNode> label : labelsNode.get().properties()) {
        if (!label.getValue().isTextual()) {
          throw metadata.malformed("label values must be strings");
        }
        labels.put(label.getKey(), label.getValue().asText());
      }
    }

    Optional<String> controller = Optional.empty();
    Optional<JsonNode> owners = metadata.optional("ownerReferences");
    if (owners.isPresent()) {
      if (!owners.get().isArray()) {
        throw metadata.malformed("field 'ownerReferences' must be an array");
      }
      for (JsonNode owner : owners.get()) {
        if (owner.isObject() && owner.path("controller").asBoolean(false)) {
          controller = new Fields(owner, metadata.path + "ownerReferences[controller].").optionalString("uid");
          if (controller.isEmpty()) {
            throw metadata.malformed("the controller ownerReference has no uid");
          }
          break;
        }
      }
    }
    return new ObjectIdentity(kind, created, labels, controller);
  }

  /** The object's own metadata, where present, must agree with the delta's key fields. */
  private static void sameAs(Fields metadata, String field, String expected, String deltaField) {
    Optional<String> actual = metadata.optionalString(field);
    if (actual.isPresent() && !actual.get().equals(expected)) {
      throw metadata.malformed("field '" + field + "' differs from the delta's '" + deltaField + "'");
    }
  }

  private static RelistEnd relistEnd(Fields d) {
    GroupVersionResource type = d.gvr();
    String relistId = d.relistId();
    String resourceVersion = d.requiredString("resourceVersion");
    long count = d.requiredLong("count", 0, MAX_COUNT);
    int parts = (int) d.requiredLong("parts", 1, MAX_PARTS);
    int part = (int) d.requiredLong("part", 0, MAX_PARTS);
    if (part >= parts) {
      throw d.malformed("part " + part + " is out of range for " + parts + " parts");
    }
    String keysGzip = d.requiredString("keysGzip");
    byte[] raw = d.gunzip("keysGzip", keysGzip, MAX_KEYS_BYTES);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw d.malformed("keysGzip is not UTF-8");
    }
    List<String> keys = new ArrayList<>();
    for (String key : text.split("\n", -1)) {
      if (key.isEmpty()) {
        continue; // a trailing newline, or an empty list
      }
      int slash = key.indexOf('/');
      if (slash == 0 || slash == key.length() - 1 || (slash > 0 && key.indexOf('/', slash + 1) >= 0)) {
        throw d.malformed("keysGzip holds a key that is neither namespace/name nor name");
      }
      keys.add(key);
    }
    if (keys.size() > count && new HashSet<>(keys).size() > count) {
      throw d.malformed("relist part has more keys than the relist's count " + count);
    }
    if (parts == 1) {
      int distinct = new HashSet<>(keys).size();
      if (distinct != count) {
        throw d.malformed("relist key set has " + distinct + " distinct keys, count says " + count);
      }
    }
    return new RelistEnd(type, relistId, resourceVersion, count, part, parts, keys);
  }

  private static AgentStatus status(Fields d, JsonNode node) {
    Instant observedAt = d.requiredTime("observedAt");
    String clusterVersion = d.optionalString("clusterVersion").orElse("");
    boolean healthy = d.requiredBoolean("healthy");
    String message = d.optionalString("message").orElse("");
    JsonNode resourcesNode = d.required("resources");
    if (!resourcesNode.isArray()) {
      throw d.malformed("field 'resources' must be an array");
    }
    List<AgentStatus.ResourceStatus> resources = new ArrayList<>(resourcesNode.size());
    for (int i = 0; i < resourcesNode.size(); i++) {
      JsonNode r = resourcesNode.get(i);
      String path = d.path + "resources[" + i + "].";
      if (!r.isObject()) {
        throw d.malformed("resources[" + i + "] is not a JSON object");
      }
      Fields f = new Fields(r, path);
      String status = f.requiredString("status");
      if (!AgentStatus.STATUSES.contains(status)) {
        throw f.malformed("unknown status " + quote(status));
      }
      resources.add(
          new AgentStatus.ResourceStatus(
              f.gvr(),
              f.requiredString("kind"),
              f.requiredBoolean("namespaced"),
              status,
              f.optionalString("reason").orElse(""),
              f.optionalString("message").orElse(""),
              f.requiredBoolean("initialListPhase"),
              f.optionalLong("objects", 0, Long.MAX_VALUE).orElse(0L),
              f.optionalLong("truncated", 0, Long.MAX_VALUE).orElse(0L)));
    }
    return new AgentStatus(observedAt, clusterVersion, healthy, message, resources, toBytes(node));
  }

  private static byte[] toBytes(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written back", e);
    }
  }

  /** A value from the message, made safe and short enough for a log line. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(value.length(), 64);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.append(value.length() > limit ? "...'" : "'").toString();
  }

  /** Typed access to one JSON object's fields, with reasons that name the field's path. */
  private static final class Fields {
    final JsonNode node;
    final String path;

    Fields(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    MalformedMessageException malformed(String reason) {
      return new MalformedMessageException(path + reason);
    }

    /** Absent and JSON null are the same. */
    Optional<JsonNode> optional(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    JsonNode required(String field) {
      return optional(field).orElseThrow(() -> malformed("missing field '" + field + "'"));
    }

    Optional<String> optionalString(String field) {
      Optional<JsonNode> value = optional(field);
      if (value.isPresent() && !value.get().isTextual()) {
        throw malformed("field '" + field + "' must be a string");
      }
      return value.map(JsonNode::asText);
    }

    String requiredString(String field) {
      JsonNode value = required(field);
      if (!value.isTextual()) {
        throw malformed("field '" + field + "' must be a string");
      }
      if (value.asText().isEmpty()) {
        throw malformed("field '" + field + "' is empty");
      }
      return value.asText();
    }

    boolean requiredBoolean(String field) {
      JsonNode value = required(field);
      if (!value.isBoolean()) {
        throw malformed("field '" + field + "' must be true or false");
      }
      return value.booleanValue();
    }

    long requiredLong(String field, long min, long max) {
      return integer(field, required(field), min, max);
    }

    Optional<Long> optionalLong(String field, long min, long max) {
      return optional(field).map(value -> integer(field, value, min, max));
    }

    private long integer(String field, JsonNode value, long min, long max) {
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw malformed("field '" + field + "' must be an integer");
      }
      long v = value.longValue();
      if (v < min || v > max) {
        throw malformed("field '" + field + "' is " + v + ", out of range " + min + ".." + max);
      }
      return v;
    }

    Instant requiredTime(String field) {
      String text = requiredString(field);
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw malformed("field '" + field + "' is not an RFC 3339 time");
      }
    }

    GroupVersionResource gvr() {
      String text = requiredString("gvr");
      try {
        return GroupVersionResource.parse(text);
      } catch (IllegalArgumentException e) {
        throw malformed("bad gvr " + quote(text) + " (want group/version/resource or version/resource)");
      }
    }

    /** Part of a sync-state key, so bounded (agents send {@code agent/gvr/n}, well under the limit). */
    String relistId() {
      String relistId = requiredString("relistId");
      if (relistId.length() > MAX_RELIST_ID) {
        throw malformed("relistId is longer than " + MAX_RELIST_ID + " characters");
      }
      return relistId;
    }

    /** {@code ""} when absent, as for cluster-scoped types. */
    String namespace() {
      String namespace = optionalString("namespace").orElse("");
      if (!namespace.isEmpty() && !DNS1123_LABEL.matcher(namespace).matches()) {
        throw malformed("namespace " + quote(namespace) + " is not a DNS-1123 label");
      }
      return namespace;
    }

    String objectName() {
      String name = requiredString("name");
      // Kubernetes names never hold '/' (it would split the cache key) and are at most 253 characters.
      if (name.length() > 253 || name.indexOf('/') >= 0 || name.chars().anyMatch(c -> c < 0x20)) {
        throw malformed("name " + quote(name) + " is not a Kubernetes object name");
      }
      return name;
    }

    byte[] gunzip(String field, String base64, int maxBytes) {
      byte[] compressed;
      try {
        compressed = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw malformed(field + " is not valid base64");
      }
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
        byte[] out = in.readNBytes(maxBytes + 1);
        if (out.length > maxBytes) {
          throw malformed(field + " inflates to more than " + maxBytes + " bytes");
        }
        return out;
      } catch (IOException e) {
        throw malformed(field + " is not valid gzip");
      }
    }
  }
}
