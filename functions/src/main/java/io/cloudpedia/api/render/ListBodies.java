package io.cloudpedia.api.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * List bodies built from stored objects. A plain list never parses its items: the stored JSON (already the object as
 * the client sees it) is copied between the list's envelope bytes, which is what keeps a 500-item page cheap (see
 * docs/benchmarks.md). Metadata-only forms parse each item.
 */
public final class ListBodies {
  private ListBodies() {}

  /** The list metadata: continue and remainingItemCount as Kubernetes writes them; resourceVersion is empty. */
  public record ListMeta(Optional<String> continueToken, OptionalLong remainingItemCount) {
    public static final ListMeta COMPLETE = new ListMeta(Optional.empty(), OptionalLong.empty());
  }

  /** {@code {"apiVersion":..,"items":[<stored JSON>,..],"kind":"PodList","metadata":{..}}}. */
  public static byte[] list(String apiVersion, String listKind, ListMeta meta, List<StoredObject> items) {
    long size = 128;
    for (StoredObject o : items) {
      size += o.json().length + 1;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size + 256));
    write(out, "{\"apiVersion\":");
    write(out, quote(apiVersion));
    write(out, ",\"items\":[");
    boolean first = true;
    for (StoredObject o : items) {
      if (!first) {
        out.write(',');
      }
      first = false;
      out.writeBytes(o.json());
    }
    write(out, "],\"kind\":");
    write(out, quote(listKind));
    write(out, ",\"metadata\":");
    write(out, metadata(meta).toString());
    out.write('}');
    return out.toByteArray();
  }

  /** The same list with each item cut to {@code apiVersion}, {@code kind} and {@code metadata} (onlyMetadata). */
  public static byte[] onlyMetadataList(String apiVersion, String listKind, ListMeta meta, List<StoredObject> items) {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("apiVersion", apiVersion);
    var array = list.putArray("items");
    for (StoredObject o : items) {
      JsonNode object = parse(o);
      ObjectNode item = array.addObject();
      item.set("apiVersion", object.path("apiVersion"));
      item.set("kind", object.path("kind"));
      item.set("metadata", object.path("metadata"));
    }
    list.put("kind", listKind);
    list.set("metadata", metadata(meta));
    return bytes(list);
  }

  /** {@code meta.k8s.io} PartialObjectMetadataList. */
  public static byte[] partialMetadataList(String metaVersion, ListMeta meta, List<StoredObject> items) {
    ObjectNode list = Json.mapper().createObjectNode();
    list.put("kind", "PartialObjectMetadataList");
    list.put("apiVersion", "meta.k8s.io/" + metaVersion);
    list.set("metadata", metadata(meta));
    var array = list.putArray("items");
    for (StoredObject o : items) {
      array.add(partialMetadata(metaVersion, parse(o)));
    }
    return bytes(list);
  }

  public static ObjectNode partialMetadata(String metaVersion, JsonNode object) {
    ObjectNode item = Json.mapper().createObjectNode();
    item.put("kind", "PartialObjectMetadata");
    item.put("apiVersion", "meta.k8s.io/" + metaVersion);
    item.set("metadata", object.path("metadata").isObject() ? object.get("metadata") : Json.mapper().createObjectNode());
    return item;
  }

  static ObjectNode metadata(ListMeta meta) {
    ObjectNode metadata = Json.mapper().createObjectNode();
    meta.continueToken().ifPresent(c -> metadata.put("continue", c));
    meta.remainingItemCount().ifPresent(n -> metadata.put("remainingItemCount", n));
    metadata.put("resourceVersion", "");
    return metadata;
  }

  public static JsonNode parse(StoredObject o) {
    try {
      return Json.mapper().readTree(o.json());
    } catch (IOException e) {
      throw new UncheckedIOException("stored object " + o.key() + " is not JSON", e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String s) {
    return Json.mapper().getNodeFactory().textNode(s).toString();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

}
