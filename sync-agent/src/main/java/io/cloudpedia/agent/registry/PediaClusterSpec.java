package io.cloudpedia.agent.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.wire.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of a PediaCluster (and of a ClusterSyncResources) the agent reads: {@code spec.syncResources}, items
 * {@code {group, versions, resources, eventsInvolvedResources}}, and {@code spec.syncResourcesRefName}. Unlike the
 * agent's own file, unknown fields are ignored: the registry's objects carry much more (status, ...).
 *
 * @param syncResources the PediaCluster's own entries
 * @param refName       the ClusterSyncResources whose entries are added, if any
 */
record PediaClusterSpec(List<SyncResource> syncResources, Optional<String> refName) {

    static PediaClusterSpec pediaCluster(byte[] json) throws RegistryException {
        JsonNode spec = spec(json, "PediaCluster");
        JsonNode ref = spec.path("syncResourcesRefName");
        if (!ref.isMissingNode() && !ref.isNull() && !ref.isTextual()) {
            throw new RegistryException("the PediaCluster's spec.syncResourcesRefName is not a string");
        }
        Optional<String> refName = ref.isTextual() && !ref.asText().isBlank() ? Optional.of(ref.asText().strip())
                : Optional.empty();
        return new PediaClusterSpec(syncResources(spec.path("syncResources"), "PediaCluster"), refName);
    }

    static List<SyncResource> clusterSyncResources(byte[] json) throws RegistryException {
        return syncResources(spec(json, "ClusterSyncResources").path("syncResources"), "ClusterSyncResources");
    }

    private static JsonNode spec(byte[] json, String kind) throws RegistryException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new RegistryException("the " + kind + " is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new RegistryException("the " + kind + " is not a JSON object");
        }
        String actual = root.path("kind").asText("");
        if (!actual.isEmpty() && !actual.equals(kind)) {
            throw new RegistryException("expected a " + kind + ", got a " + actual);
        }
        return root.path("spec");
    }

    private static List<SyncResource> syncResources(JsonNode node, String kind) throws RegistryException {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        String path = kind + " spec.syncResources";
        if (!node.isArray()) {
            throw new RegistryException("the " + path + " is not a list");
        }
        List<SyncResource> result = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                throw new RegistryException("the " + at + " is not an object");
            }
            JsonNode group = entry.path("group");
            if (!group.isMissingNode() && !group.isNull() && !group.isTextual()) {
                throw new RegistryException("the " + at + ".group is not a string");
            }
            List<String> resources = strings(entry.path("resources"), at + ".resources");
            if (resources.isEmpty()) {
                throw new RegistryException("the " + at + ".resources is empty");
            }
            List<String> events = strings(entry.path("eventsInvolvedResources"), at + ".eventsInvolvedResources");
            Optional<String> unknown = SyncResource.unknownEventsInvolvedResource(resources, events);
            if (unknown.isPresent()) {
                throw new RegistryException("the " + at + ".eventsInvolvedResources names " + unknown.get()
                        + ", which is not among its resources");
            }
            result.add(new SyncResource(group.asText(""), strings(entry.path("versions"), at + ".versions"),
                    resources, events));
        }
        return result;
    }

    private static List<String> strings(JsonNode node, String path) throws RegistryException {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new RegistryException("the " + path + " is not a list");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new RegistryException("the " + path + " holds something other than a name");
            }
            values.add(item.asText().strip());
        }
        return values;
    }
}
