package io.cloudpedia.agent.wire;

import java.util.Objects;

/**
 * A resource type as the wire format names it: {@code group/version/resource}, or {@code version/resource} for the
 * core group, the way {@code apiVersion} is written.
 */
public record Gvr(String group, String version, String resource) {

    public Gvr {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resource, "resource");
        if (version.isEmpty() || resource.isEmpty()) {
            throw new IllegalArgumentException("version and resource must not be empty");
        }
    }

    /** Parses {@code apps/v1/deployments} or {@code v1/pods}. */
    public static Gvr parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length == 2) {
            return new Gvr("", parts[0], parts[1]);
        }
        if (parts.length == 3 && !parts[0].isEmpty()) {
            return new Gvr(parts[0], parts[1], parts[2]);
        }
        throw new IllegalArgumentException("not a gvr: " + text);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion() + "/" + resource;
    }
}
