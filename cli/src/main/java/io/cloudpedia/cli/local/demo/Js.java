package io.cloudpedia.cli.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Terse JSON literals for the sample objects: {@code obj("name", "web", "port", 80)} reads like the manifest it
 * builds. A {@code null} value leaves the field out, as Kubernetes omits empty optional fields. Maps become objects
 * with sorted keys.
 */
final class Js {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Js() {
    }

    /** An object from alternating keys and values. */
    static ObjectNode obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("obj() takes key, value pairs");
        }
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null) {
                node.set((String) keysAndValues[i], node(value));
            }
        }
        return node;
    }

    /** An array; {@code null} elements are left out. */
    static ArrayNode arr(Object... values) {
        ArrayNode node = NODES.arrayNode();
        for (Object value : values) {
            if (value != null) {
                node.add(node(value));
            }
        }
        return node;
    }

    /** An array of every element of a collection. */
    static ArrayNode arrOf(Collection<?> values) {
        return arr(values.toArray());
    }

    /** A Kubernetes timestamp: RFC 3339 in UTC, whole seconds. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static JsonNode node(Object value) {
        if (value instanceof JsonNode json) {
            return json;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(time(instant));
        }
        if (value instanceof Map<?, ?> map) {
            // Sorted by key, as Kubernetes writes maps (labels, annotations, data): Map.of's order varies by run.
            ObjectNode node = NODES.objectNode();
            new TreeMap<>(map).forEach((k, v) -> {
                if (v != null) {
                    node.set((String) k, node(v));
                }
            });
            return node;
        }
        if (value instanceof Collection<?> list) {
            return arrOf(list);
        }
        throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
}
