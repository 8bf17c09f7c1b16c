package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.wire.Gzip;
import io.cloudpedia.agent.wire.ObjectPayload;
import io.cloudpedia.agent.wire.Upsert;
import io.cloudpedia.agent.wire.Utf8;
import io.cloudpedia.agent.wire.WireCodec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a member-cluster object into an {@link Upsert}: pruned (no {@code managedFields}, no last-applied
 * annotation), annotated with the cluster name, gzip when large, and cut down to a metadata-only stub when even the
 * gzip cannot fit one message. Mutates the object it is given (it came from a list or watch and is not kept).
 */
public final class ObjectEncoder {

    public static final String CLUSTER_ANNOTATION = "shadow.clusterpedia.io/cluster-name";
    public static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    public static final String TRUNCATED_ANNOTATION = "cloudpedia.io/truncated";

    /** Room for an upsert's own fields (gvr, key, uid, rv, relistId, truncated) around its object: generous. */
    private static final int UPSERT_FIELDS_BOUND = 4096;

    private final String cluster;
    private final KubernetesSerialization serialization;
    private final int compressAboveBytes;
    private final int maxDeltaBytes;

    /**
     * @param maxDeltaBytes the largest encoded delta that fits one message (message limit minus envelope overhead)
     */
    public ObjectEncoder(String cluster, KubernetesSerialization serialization, int compressAboveBytes,
                         int maxDeltaBytes) {
        this.cluster = cluster;
        this.serialization = serialization;
        this.compressAboveBytes = compressAboveBytes;
        this.maxDeltaBytes = maxDeltaBytes;
    }

    public Upsert upsert(ResourceType type, GenericKubernetesResource object, Optional<String> relistId) {
        // Items of a list response carry no apiVersion/kind; the type is authoritative anyway.
        object.setApiVersion(type.gvr().apiVersion());
        object.setKind(type.kind());
        ObjectMeta meta = object.getMetadata();
        prune(meta);
        String json = serialization.asJson(object);
        Upsert upsert = build(type, meta, payload(json), relistId, Optional.empty());
        if (fits(upsert)) {
            return upsert;
        }
        Upsert.Truncation truncation = new Upsert.Truncation(Upsert.Truncation.TOO_LARGE, Utf8.length(json));
        annotate(meta, TRUNCATED_ANNOTATION, Upsert.Truncation.TOO_LARGE);
        Upsert stub = build(type, meta, payload(serialization.asJson(stub(type, meta))), relistId,
                Optional.of(truncation));
        if (fits(stub)) {
            return stub;
        }
        // Even the metadata is too large (huge labels or annotations): keep only what identifies the object.
        ObjectMeta minimal = new ObjectMeta();
        minimal.setName(meta.getName());
        minimal.setNamespace(meta.getNamespace());
        minimal.setUid(meta.getUid());
        minimal.setResourceVersion(meta.getResourceVersion());
        minimal.setCreationTimestamp(meta.getCreationTimestamp());
        annotate(minimal, CLUSTER_ANNOTATION, cluster);
        annotate(minimal, TRUNCATED_ANNOTATION, Upsert.Truncation.TOO_LARGE);
        return build(type, minimal, payload(serialization.asJson(stub(type, minimal))), relistId,
                Optional.of(truncation));
    }

    private void prune(ObjectMeta meta) {
        meta.setManagedFields(null);
        Map<String, String> annotations = meta.getAnnotations() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
        annotations.remove(LAST_APPLIED_ANNOTATION);
        annotations.put(CLUSTER_ANNOTATION, cluster);
        meta.setAnnotations(annotations);
    }

    private static void annotate(ObjectMeta meta, String key, String value) {
        Map<String, String> annotations = meta.getAnnotations() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
        annotations.put(key, value);
        meta.setAnnotations(annotations);
    }

    private static GenericKubernetesResource stub(ResourceType type, ObjectMeta meta) {
        GenericKubernetesResource stub = new GenericKubernetesResource();
        stub.setApiVersion(type.gvr().apiVersion());
        stub.setKind(type.kind());
        stub.setMetadata(meta);
        return stub;
    }

    private ObjectPayload payload(String json) {
        if (Utf8.length(json) <= compressAboveBytes) {
            return new ObjectPayload.Plain(json);
        }
        return new ObjectPayload.Gzipped(Gzip.compress(json.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean fits(Upsert upsert) {
        long payload = upsert.object().wireBytes();
        if (payload + UPSERT_FIELDS_BOUND <= maxDeltaBytes) {
            return true;
        }
        // Close to the limit: measure exactly (rare, and only for large objects).
        return payload <= maxDeltaBytes && WireCodec.encodeDelta(upsert).length <= maxDeltaBytes;
    }

    private static Upsert build(ResourceType type, ObjectMeta meta, ObjectPayload payload, Optional<String> relistId,
                                Optional<Upsert.Truncation> truncated) {
        String namespace = type.namespaced() ? nullToEmpty(meta.getNamespace()) : "";
        return new Upsert(type.gvr(), namespace, meta.getName(), nullToEmpty(meta.getUid()),
                nullToEmpty(meta.getResourceVersion()), payload, relistId, truncated);
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
