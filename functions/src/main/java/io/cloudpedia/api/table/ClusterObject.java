package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One object of the list and the cluster it was read from; the cluster fills the first column. */
public record ClusterObject(String cluster, JsonNode object) {
  public ClusterObject {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(object, "object");
  }
}
