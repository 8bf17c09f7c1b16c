package io.cloudpedia.agent.wire;

import java.util.Objects;

/** The object is gone; {@code resourceVersion} is the one the watch's DELETED event carried. */
public record Delete(Gvr gvr, String namespace, String name, String uid, String resourceVersion) implements Delta {

    public Delete {
        Objects.requireNonNull(gvr, "gvr");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
    }

    @Override
    public String op() {
        return "delete";
    }
}
