package io.cloudpedia.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How an object's body is stored: gzip of its JSON, at most {@link #MAX_GZIP_BODY_BYTES}. An object whose compressed
 * JSON does not fit is stored as its metadata only (docs/storage.md, "Large objects"). Both store implementations
 * apply this one rule, so they agree on what is truncated.
 */
public final class ObjectBodies {
  private ObjectBodies() {}

  /** What is left of DynamoDB's 400 KB item for the body once the other attributes are counted. */
  public static final int MAX_GZIP_BODY_BYTES = 380_000;

  public static final String TRUNCATED_ANNOTATION = "cloudpedia.io/truncated";
  public static final String TOO_LARGE = "TooLarge";

  /**
   * A body ready to store.
   *
   * @param gzip the compressed JSON
   * @param size the uncompressed JSON's length
   * @param truncated why the body is only metadata, if it is (the agent's reason, or {@code TooLarge})
   * @param truncatedByStore whether this store replaced the body (the agent had not)
   */
  public record Encoded(byte[] gzip, int size, Optional<String> truncated, boolean truncatedByStore) {}

  public static Encoded encode(ObjectRecord object) {
    byte[] gzip = gzip(object.json());
    if (gzip.length <= MAX_GZIP_BODY_BYTES) {
      return new Encoded(gzip, object.json().length, object.truncated(), false);
    }
    byte[] metadata = metadataOnly(object.json(), true);
    byte[] metadataGzip = gzip(metadata);
    if (metadataGzip.length > MAX_GZIP_BODY_BYTES) {
      // Annotations and labels alone too large (Kubernetes allows 256 KB of annotations): keep the identity only.
      metadata = metadataOnly(object.json(), false);
      metadataGzip = gzip(metadata);
    }
    return new Encoded(metadataGzip, metadata.length, Optional.of(TOO_LARGE), true);
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] gunzip(byte[] gzip) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("stored body is not gzip", e);
    }
  }

  /**
   * {@code {"apiVersion","kind","metadata"}} of the object, with the annotation {@code cloudpedia.io/truncated:
   * TooLarge}. Without {@code full}, metadata keeps only name, namespace, uid, resourceVersion, creationTimestamp,
   * ownerReferences and that annotation.
   */
  static byte[] metadataOnly(byte[] json, boolean full) {
    JsonNode object;
    try {
      object = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("object is not JSON", e);
    }
    if (object == null || !object.isObject()) {
      throw new IllegalArgumentException("object is not a JSON object");
    }
    ObjectNode result = Json.mapper().createObjectNode();
    copy(object, result, "apiVersion");
    copy(object, result, "kind");
    ObjectNode metadata = result.putObject("metadata");
    JsonNode original = object.path("metadata");
    if (original.isObject()) {
      if (full) {
        metadata.setAll((ObjectNode) original.deepCopy());
      } else {
        for (String field :
            new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp", "ownerReferences"}) {
          copy(original, metadata, field);
        }
      }
    }
    JsonNode annotations = metadata.path("annotations");
    ObjectNode kept = annotations.isObject() ? (ObjectNode) annotations : metadata.putObject("annotations");
    kept.put(TRUNCATED_ANNOTATION, TOO_LARGE);
    try {
      return Json.mapper().writeValueAsBytes(result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null) {
      to.set(field, value.deepCopy());
    }
  }
}
