package io.cloudpedia.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** RFC 7386 JSON merge patch: what {@code kubectl apply} and {@code kubectl patch --type merge} send for custom kinds. */
final class JsonMergePatch {
  private JsonMergePatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : io.cloudpedia.json.Json.mapper().createObjectNode();
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      fields.add(it.next());
    }
    for (Map.Entry<String, JsonNode> field : fields) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
