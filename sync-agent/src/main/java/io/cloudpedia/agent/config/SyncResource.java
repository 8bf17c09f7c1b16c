package io.cloudpedia.agent.config;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code spec.syncResources}, exactly as in Clusterpedia's PediaCluster: a group ({@code ""} = core),
 * optional versions (empty = the group's preferred version) and resource names ({@code "*"} = every type of the group).
 */
public record SyncResource(String group, List<String> versions, List<String> resources) {

    public SyncResource {
        Objects.requireNonNull(group, "group");
        versions = List.copyOf(versions);
        resources = List.copyOf(resources);
    }

    public static SyncResource of(String group, String... resources) {
        return new SyncResource(group, List.of(), List.of(resources));
    }

    public boolean allResources() {
        return resources.contains("*");
    }
}
