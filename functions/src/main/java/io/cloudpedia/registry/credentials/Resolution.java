package io.cloudpedia.registry.credentials;

import io.cloudpedia.registry.ClusterConditions;
import java.util.Objects;

/** What {@link CredentialResolver#resolve} found: credentials, or why the cluster's configuration cannot be used. */
public sealed interface Resolution {

  /** The cluster can be reached with these credentials. */
  record Resolved(ClusterCredentials credentials) implements Resolution {
    public Resolved {
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /**
   * The configuration cannot be used.
   *
   * @param reason {@value CredentialResolver#INVALID_CONFIG}, the PediaCluster's Validated reason
   * @param message "invalid cluster config: ...", naming fields, secrets and keys, never their content
   */
  record Invalid(String reason, String message) implements Resolution {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** The Validated input of {@link ClusterConditions} for this outcome. */
  default ClusterConditions.Validation validation() {
    if (this instanceof Invalid invalid) {
      return new ClusterConditions.Validation.Invalid(invalid.reason(), invalid.message());
    }
    return new ClusterConditions.Validation.Valid("");
  }
}
