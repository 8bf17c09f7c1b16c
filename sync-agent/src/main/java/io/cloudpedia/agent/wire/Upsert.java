package io.cloudpedia.agent.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * An object as the member cluster has it now. {@code object} is already pruned and annotated; it is either plain
 * JSON or its gzip. {@code namespace} is empty for cluster-scoped types.
 */
public record Upsert(
        Gvr gvr,
        String namespace,
        String name,
        String uid,
        String resourceVersion,
        ObjectPayload object,
        Optional<String> relistId,
        Optional<Truncation> truncated) implements Delta {

    public Upsert {
        Objects.requireNonNull(gvr, "gvr");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(relistId, "relistId");
        Objects.requireNonNull(truncated, "truncated");
    }

    @Override
    public String op() {
        return "upsert";
    }

    /** Kubernetes' cache key: {@code namespace/name}, or {@code name} when cluster-scoped. */
    public String key() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** Why and how much was cut off when an object could not be sent whole. */
    public record Truncation(String reason, long bytes) {
        public static final String TOO_LARGE = "TooLarge";

        public Truncation {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
