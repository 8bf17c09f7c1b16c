package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Which core/v1 Events an event synchro sends: those whose {@code involvedObject} is an object its type has synced,
 * i.e. whose key is in that type's {@link KeyVersionIndex} at the time (Clusterpedia's orphan filter).
 */
final class InvolvedObjects {

    enum Verdict {
        /** About another kind (or group): not this synchro's business, not counted. */
        OTHER_KIND,
        /** About this type, but an object it has not synced (not yet, or no longer): skipped and counted. */
        NOT_SYNCED,
        SYNCED
    }

    private final ResourceType type;
    private final KeyVersionIndex index;
    private final TypeState counters;

    /** @param counters the involved type's state, which counts its events sent and skipped */
    InvolvedObjects(ResourceType type, KeyVersionIndex index, TypeState counters) {
        this.type = type;
        this.index = index;
        this.counters = counters;
    }

    TypeState counters() {
        return counters;
    }

    void sent() {
        counters.eventSent();
    }

    void skipped() {
        counters.eventSkipped();
    }

    ResourceType type() {
        return type;
    }

    Verdict check(GenericKubernetesResource event) {
        String kind = text(event, "kind");
        // The list and watch ask the server for this kind only (field selector); checked again because fabric8's
        // mock server ignores field selectors other than metadata.name.
        if (!type.kind().equals(kind)) {
            return Verdict.OTHER_KIND;
        }
        // Two groups may serve the same kind; the version may differ from the synced one, the group may not.
        String apiVersion = text(event, "apiVersion");
        if (!apiVersion.isEmpty() && !group(apiVersion).equals(type.gvr().group())) {
            return Verdict.OTHER_KIND;
        }
        String namespace = text(event, "namespace");
        String name = text(event, "name");
        if (name.isEmpty() || (type.namespaced() ? namespace.isEmpty() : !namespace.isEmpty())) {
            return Verdict.NOT_SYNCED;
        }
        return index.contains(type.namespaced() ? namespace + "/" + name : name) ? Verdict.SYNCED
                : Verdict.NOT_SYNCED;
    }

    private static String text(GenericKubernetesResource event, String field) {
        Object value = event.get("involvedObject", field);
        return value instanceof String s ? s : "";
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
