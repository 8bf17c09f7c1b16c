package io.cloudpedia.agent.discovery;

import io.cloudpedia.agent.wire.Gvr;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;

/** A concrete type the agent synchronises, as discovery describes it. */
public record ResourceType(Gvr gvr, String kind, boolean namespaced) {

    public ResourceType {
        Objects.requireNonNull(gvr, "gvr");
        Objects.requireNonNull(kind, "kind");
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(gvr.group())
                .withVersion(gvr.version())
                .withPlural(gvr.resource())
                .withKind(kind)
                .withNamespaced(namespaced)
                .build();
    }

    @Override
    public String toString() {
        return gvr.toString();
    }
}
