package io.cloudpedia.agent.wire;

import java.util.Objects;

/** A full list of the type starts. */
public record RelistBegin(Gvr gvr, String relistId, RelistReason reason) implements Delta {

    public RelistBegin {
        Objects.requireNonNull(gvr, "gvr");
        Objects.requireNonNull(relistId, "relistId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String op() {
        return "relistBegin";
    }
}
