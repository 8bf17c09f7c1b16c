package io.cloudpedia.cli.local.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one demo cluster at one moment, by type, each type's list in key order (as a list returns them),
 * and the resourceVersion a list of any type answers with (newer than every object).
 */
record Sample(ClusterPlan plan, Map<DemoType, List<ObjectNode>> objects, String listResourceVersion) {

    Sample {
        EnumMap<DemoType, List<ObjectNode>> copy = new EnumMap<>(DemoType.class);
        for (DemoType type : DemoType.values()) {
            copy.put(type, List.copyOf(objects.getOrDefault(type, List.of())));
        }
        objects = Collections.unmodifiableMap(copy);
    }

    List<ObjectNode> of(DemoType type) {
        return objects.get(type);
    }

    /** gvr string to object count, in replay order. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        objects.forEach((type, list) -> counts.put(type.gvr().toString(), list.size()));
        return Collections.unmodifiableMap(counts);
    }

    /** Kubernetes' cache key of a sample object: {@code namespace/name}, or {@code name} when cluster-scoped. */
    static String key(ObjectNode object) {
        String name = object.path("metadata").path("name").asText();
        String namespace = object.path("metadata").path("namespace").asText("");
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
