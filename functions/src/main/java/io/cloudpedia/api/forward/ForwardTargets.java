package io.cloudpedia.api.forward;

import io.cloudpedia.registry.ClusterRegistry;
import io.cloudpedia.registry.PediaClusters;
import io.cloudpedia.registry.RegistryKind;
import io.cloudpedia.registry.Stored;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.Resolution;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/** Where a registered cluster's API server is, from the cluster registry. */
public final class ForwardTargets {
  private ForwardTargets() {}

  /**
   * A cluster's target: {@code status.apiserver}, else {@code spec.apiserver}, else the server of its resolved
   * credentials (a kubeconfig); none for a cluster that is not registered or is being deleted.
   */
  public static Function<String, Optional<ForwardTarget>> from(ClusterRegistry registry, CredentialResolver resolver) {
    return name -> registry.get(RegistryKind.PEDIA_CLUSTER, name)
        .filter(stored -> stored.deletionTimestamp().isEmpty())
        .flatMap(stored -> server(stored, resolver).map(server -> new ForwardTarget(server, stored.spec())));
  }

  private static Optional<URI> server(Stored stored, CredentialResolver resolver) {
    for (String url : new String[] {
        stored.status().path("apiserver").asText(""), stored.spec().path("apiserver").asText("")}) {
      if (!url.isEmpty() && PediaClusters.serverUrlProblem(url).isEmpty()) {
        return Optional.of(URI.create(url));
      }
    }
    Resolution resolution = resolver.resolve(stored.spec());
    return resolution instanceof Resolution.Resolved resolved
        ? Optional.of(resolved.credentials().server())
        : Optional.empty();
  }
}
