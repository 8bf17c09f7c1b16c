package io.cloudpedia.ingest;

import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.wire.Delete;
import io.cloudpedia.wire.Delta;
import io.cloudpedia.wire.Envelope;
import io.cloudpedia.wire.ObjectIdentity;
import io.cloudpedia.wire.RelistBegin;
import io.cloudpedia.wire.RelistEnd;
import io.cloudpedia.wire.Truncation;
import io.cloudpedia.wire.Upsert;
import io.cloudpedia.wire.WireDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decoded deltas for ingest tests, built directly (the decoder has its own tests). */
final class Deltas {
  static final String CLUSTER = "cluster-1";
  static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  static final Instant SENT_AT = Instant.parse("2026-11-25T21:00:00Z");

  private Deltas() {}

  static Envelope envelope(Delta... deltas) {
    return envelope(CLUSTER, deltas);
  }

  static Envelope envelope(String cluster, Delta... deltas) {
    return new Envelope(WireDecoder.FORMAT, cluster, cluster + "-agent", SENT_AT, List.of(deltas));
  }

  static Upsert pod(String namespace, String name, String rv) {
    return upsert(PODS, namespace, name, rv, "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"}}");
  }

  static Upsert upsert(GroupVersionResource type, String namespace, String name, String rv, String json) {
    return new Upsert(
        type,
        namespace,
        name,
        "uid-" + name,
        rv,
        new ObjectIdentity("Pod", "2026-11-25T20:00:00Z", Map.of("app", name), Optional.of("owner-uid")),
        json.getBytes(StandardCharsets.UTF_8),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  static Upsert truncatedPod(String namespace, String name, String rv) {
    Upsert u = pod(namespace, name, rv);
    return new Upsert(u.type(), u.namespace(), u.name(), u.uid(), u.resourceVersion(), u.identity(), u.objectJson(),
        Optional.of(new Truncation("TooLarge", 5_000_000)), Optional.empty(), false);
  }

  static Delete deletePod(String namespace, String name, String rv) {
    return new Delete(PODS, namespace, name, "uid-" + name, rv);
  }

  static RelistBegin relistBegin(String relistId) {
    return new RelistBegin(PODS, relistId, "Expired");
  }

  static RelistEnd relistEnd(String relistId, String rv, long count, String... keys) {
    return relistEnd(relistId, rv, count, 0, 1, keys);
  }

  static RelistEnd relistEnd(String relistId, String rv, long count, int part, int parts, String... keys) {
    return new RelistEnd(PODS, relistId, rv, count, part, parts, List.of(keys));
  }
}
