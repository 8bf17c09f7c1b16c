package io.cloudpedia.api.forward;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Objects;

/**
 * A registered member cluster as forwarding needs it: its API server (the only host a request may go to) and its
 * PediaCluster spec (for its own credentials, when those may be used).
 */
public record ForwardTarget(URI server, JsonNode spec) {
  public ForwardTarget {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(spec, "spec");
  }
}
