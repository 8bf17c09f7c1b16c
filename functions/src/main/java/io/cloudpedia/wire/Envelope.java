package io.cloudpedia.wire;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One SQS message body, decoded and validated (docs/wire-format.md).
 *
 * @param cluster the member cluster (a DNS-1123 label)
 * @param agent the agent incarnation that sent it; for logs only
 * @param sentAt when the agent packed it; for logs, lag and the order of sync-state records, never for objects
 * @param deltas 1 to {@value WireDecoder#MAX_DELTAS} deltas, in the order sent
 */
public record Envelope(String format, String cluster, String agent, Instant sentAt, List<Delta> deltas) {
  public Envelope {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(sentAt, "sentAt");
    deltas = List.copyOf(deltas);
  }
}
