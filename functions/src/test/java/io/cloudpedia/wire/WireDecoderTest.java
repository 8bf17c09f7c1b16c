package io.cloudpedia.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The malformed cases the example files do not cover, one rule each, and the limits of what is accepted. */
class WireDecoderTest {

  static ObjectNode example(String name) {
    try {
      return (ObjectNode) Json.mapper().readTree(WireContractTest.read(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode firstDelta(ObjectNode envelope) {
    return (ObjectNode) envelope.get("deltas").get(0);
  }

  static String gzipBase64(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The example with one change to its first delta, decoded. */
  static Envelope decodeChanged(String example, Consumer<ObjectNode> change) {
    ObjectNode envelope = example(example);
    change.accept(firstDelta(envelope));
    return WireDecoder.decode(envelope.toString());
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      String example, Consumer<ObjectNode> change, String reason) {
    return assertThatThrownBy(() -> decodeChanged(example, change))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(reason);
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertEnvelopeRejected(
      Consumer<ObjectNode> change, String reason) {
    ObjectNode envelope = example("delete-pod.json");
    change.accept(envelope);
    return assertThatThrownBy(() -> WireDecoder.decode(envelope.toString()))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void emptyOrNonObjectBodiesAreMalformed() {
    assertThatThrownBy(() -> WireDecoder.decode("")).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> WireDecoder.decode(null)).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> WireDecoder.decode("[1,2]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> WireDecoder.decode(WireContractTest.read("delete-pod.json") + " trailing"))
        .hasMessageContaining("not JSON");
  }

  @Test
  void duplicateFieldsAreMalformed() {
    String body = WireContractTest.read("delete-pod.json").replace("\"name\": \"web-0\"",
        "\"name\": \"web-0\", \"name\": \"web-1\"");
    assertThat(body).contains("web-1");
    assertThatThrownBy(() -> WireDecoder.decode(body)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void envelopeFieldsAreValidated() {
    assertEnvelopeRejected(e -> e.put("cluster", "Cluster_1"), "not a DNS-1123 label");
    assertEnvelopeRejected(e -> e.put("cluster", "c".repeat(64)), "not a DNS-1123 label");
    assertEnvelopeRejected(e -> e.remove("cluster"), "missing field 'cluster'");
    assertEnvelopeRejected(e -> e.remove("agent"), "missing field 'agent'");
    assertEnvelopeRejected(e -> e.put("sentAt", "yesterday"), "not an RFC 3339 time");
    assertEnvelopeRejected(e -> e.put("deltas", "none"), "must be an array");
    assertEnvelopeRejected(e -> e.put("format", 1), "must be a string");
  }

  @Test
  void sentAtAcceptsAnyRfc3339Offset() {
    ObjectNode envelope = example("delete-pod.json");
    envelope.put("sentAt", "2026-11-25T23:00:00.123+02:00");
    assertThat(WireDecoder.decode(envelope.toString()).sentAt().toString()).isEqualTo("2026-11-25T21:00:00.123Z");
  }

  @Test
  void atMostAThousandDeltas() {
    ObjectNode envelope = example("delete-pod.json");
    JsonNode delete = firstDelta(envelope);
    ArrayNode deltas = envelope.putArray("deltas");
    for (int i = 0; i < WireDecoder.MAX_DELTAS; i++) {
      deltas.add(delete.deepCopy());
    }
    assertThat(WireDecoder.decode(envelope.toString()).deltas()).hasSize(1000);

    deltas.add(delete.deepCopy());
    assertThatThrownBy(() -> WireDecoder.decode(envelope.toString())).hasMessageContaining("more than 1000");
  }

  @Test
  void objectFormsMustBeExactlyOneAndDecodable() {
    assertRejected("upsert-pod.json", d -> d.remove("object"), "neither 'object' nor 'objectGzip'");
    assertRejected("upsert-pod.json", d -> d.put("object", "{}"), "must be a JSON object");
    assertRejected("upsert-configmap-gzip.json", d -> d.put("objectGzip", "not base64!"), "not valid base64");
    assertRejected("upsert-configmap-gzip.json",
        d -> d.put("objectGzip", Base64.getEncoder().encodeToString("plain".getBytes(StandardCharsets.UTF_8))),
        "not valid gzip");
    assertRejected("upsert-configmap-gzip.json", d -> d.put("objectGzip", gzipBase64("{not json")),
        "objectGzip does not hold JSON");
    assertRejected("upsert-configmap-gzip.json", d -> d.put("objectGzip", gzipBase64("[]")),
        "does not hold a JSON object");
    String gzip = firstDelta(example("upsert-configmap-gzip.json")).get("objectGzip").asText();
    assertRejected("upsert-configmap-gzip.json", d -> d.put("objectGzip", gzip.substring(0, gzip.length() / 2)),
        "objectGzip");
  }

  @Test
  void objectMustBeTheOneTheDeltaNames() {
    assertRejected("upsert-pod.json", d -> ((ObjectNode) d.get("object")).remove("kind"), "missing field 'kind'");
    assertRejected("upsert-pod.json", d -> ((ObjectNode) d.get("object").get("metadata")).put("name", "web-9"),
        "differs from the delta's 'name'");
    assertRejected("upsert-pod.json", d -> ((ObjectNode) d.get("object").get("metadata")).put("namespace", "x"),
        "differs from the delta's 'namespace'");
    assertRejected("upsert-pod.json", d -> ((ObjectNode) d.get("object").get("metadata")).put("uid", "other"),
        "differs from the delta's 'uid'");
    assertRejected("upsert-pod.json",
        d -> ((ObjectNode) d.get("object").get("metadata")).put("resourceVersion", "1"),
        "differs from the delta's 'resourceVersion'");
    assertRejected("upsert-pod.json",
        d -> ((ObjectNode) d.get("object").get("metadata").get("labels")).put("n", 1), "label values");
  }

  @Test
  void keyFieldsAreValidated() {
    assertRejected("delete-pod.json", d -> d.put("gvr", "a/b/c/d"), "bad gvr");
    assertRejected("delete-pod.json", d -> d.put("gvr", "v1/"), "bad gvr");
    assertRejected("delete-pod.json", d -> d.put("name", "a/b"), "not a Kubernetes object name");
    assertRejected("delete-pod.json", d -> d.put("name", 7), "must be a string");
    assertRejected("delete-pod.json", d -> d.put("name", ""), "is empty");
    assertRejected("delete-pod.json", d -> d.put("namespace", "Default"), "not a DNS-1123 label");
    assertRejected("delete-pod.json", d -> d.remove("resourceVersion"), "missing field 'resourceVersion'");
    assertRejected("delete-pod.json", d -> d.remove("uid"), "missing field 'uid'");
    assertRejected("delete-pod.json", d -> d.remove("op"), "missing field 'op'");
  }

  @Test
  void absentOrNullNamespaceMeansClusterScoped() {
    Delete absent = (Delete) decodeChanged("delete-pod.json", d -> d.remove("namespace")).deltas().get(0);
    Delete nul = (Delete) decodeChanged("delete-pod.json", d -> d.putNull("namespace")).deltas().get(0);
    assertThat(absent.namespace()).isEmpty();
    assertThat(nul.namespace()).isEmpty();
  }

  @Test
  void relistEndPartMustBeInRange() {
    assertRejected("relist-end.json", d -> d.put("part", 1), "part 1 is out of range for 1 parts");
    assertRejected("relist-end.json", d -> d.put("part", -1), "out of range");
    assertRejected("relist-end.json", d -> d.put("parts", 0), "out of range");
    assertRejected("relist-end.json", d -> d.put("count", 2.5), "must be an integer");
    assertRejected("relist-end.json", d -> d.put("keysGzip", "%%%"), "keysGzip is not valid base64");
    assertRejected("relist-end.json", d -> d.put("keysGzip", gzipBase64("a//b\nc\nd")), "neither namespace/name");
    assertRejected("relist-begin.json", d -> d.put("relistId", "r".repeat(513)), "relistId is longer than 512");
    assertRejected("relist-begin.json", d -> d.remove("reason"), "missing field 'reason'");
  }

  @Test
  void relistEndPartsCheckTheirOwnKeysAgainstCount() {
    Consumer<ObjectNode> twoParts = d -> d.put("parts", 2).put("count", 5);
    RelistEnd partial = (RelistEnd) decodeChanged("relist-end.json", twoParts).deltas().get(0);
    assertThat(partial.keys()).hasSize(3);

    assertRejected("relist-end.json", d -> d.put("parts", 2).put("count", 2), "more keys than the relist's count");
  }

  @Test
  void emptyRelistHasNoKeys() {
    RelistEnd end =
        (RelistEnd) decodeChanged("relist-end.json", d -> d.put("count", 0).put("keysGzip", gzipBase64("")))
            .deltas().get(0);
    assertThat(end.keys()).isEmpty();
  }

  @Test
  void trailingNewlineInKeysIsIgnoredAndDuplicatesCountOnce() {
    RelistEnd end =
        (RelistEnd) decodeChanged("relist-end.json", d -> d.put("count", 2).put("keysGzip", gzipBase64("a/x\na/x\nb\n")))
            .deltas().get(0);
    assertThat(end.keys()).containsExactly("a/x", "a/x", "b");
  }

  @Test
  void statusFieldsAreValidated() {
    assertRejected("status.json", d -> d.remove("observedAt"), "missing field 'observedAt'");
    assertRejected("status.json", d -> d.put("healthy", "yes"), "must be true or false");
    assertRejected("status.json", d -> ((ObjectNode) d.get("resources").get(0)).put("status", "Running"),
        "unknown status 'Running'");
    assertRejected("status.json", d -> ((ObjectNode) d.get("resources").get(0)).put("gvr", "pods"), "bad gvr");
  }

  @Test
  void statusKeepsTheDeltaAsJson() throws IOException {
    AgentStatus status = (AgentStatus) WireDecoder.decode(WireContractTest.read("status.json")).deltas().get(0);
    assertThat(Json.mapper().readTree(status.json())).isEqualTo(firstDelta(example("status.json")));
  }

  @Test
  void unknownFieldsAreIgnored() {
    Envelope envelope = decodeChanged("delete-pod.json", d -> d.put("future", "field"));
    assertThat(envelope.deltas()).hasSize(1);
  }

  @Test
  void reasonsQuoteValuesShortAndWithoutControlCharacters() {
    assertRejected("delete-pod.json", d -> d.put("op", "x\n".repeat(100)), "unknown op 'x?x?")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120).doesNotContain("\n"));
  }
}
