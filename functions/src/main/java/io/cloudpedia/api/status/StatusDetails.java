package io.cloudpedia.api.status;

import java.util.List;
import java.util.Objects;

/**
 * The {@code details} of a Kubernetes {@code Status}. Empty strings and an empty cause list mean "absent" and are left
 * out of the JSON, as Kubernetes' {@code omitempty} does. For a not-found error {@code kind} holds the resource (e.g.
 * {@code pods}), as in Kubernetes.
 */
public record StatusDetails(String name, String group, String kind, List<StatusCause> causes) {
  public StatusDetails {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(kind, "kind");
    causes = List.copyOf(causes);
  }
}
