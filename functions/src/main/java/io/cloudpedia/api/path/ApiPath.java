package io.cloudpedia.api.path;

import java.util.Objects;
import java.util.Optional;

/** What a URL path addresses, resolved before any handler runs (the apiserver's RequestInfo). */
public sealed interface ApiPath {

  Scope scope();

  /** {@code /version}. */
  record Version(Scope scope) implements ApiPath {}

  /** {@code /api}: the legacy API versions, or aggregated discovery of the core group. */
  record LegacyRoot(Scope scope) implements ApiPath {}

  /** {@code /api/{version}}: the core group's resources. */
  record LegacyVersion(Scope scope, String version) implements ApiPath {}

  /** {@code /apis}: the groups, or aggregated discovery of every named group. */
  record GroupList(Scope scope) implements ApiPath {}

  /** {@code /apis/{group}}. */
  record Group(Scope scope, String group) implements ApiPath {}

  /** {@code /apis/{group}/{version}}: that group version's resources. */
  record GroupVersion(Scope scope, String group, String version) implements ApiPath {}

  /**
   * A resource: list ({@code name} empty) or get, optionally in a namespace, optionally a subresource.
   *
   * @param watchPath the path had the old {@code /watch/} prefix
   */
  record Resource(
      Scope scope,
      String group,
      String version,
      String resource,
      Optional<String> namespace,
      Optional<String> name,
      Optional<String> subresource,
      boolean watchPath)
      implements ApiPath {
    public Resource {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(subresource, "subresource");
    }
  }

  /** Nothing is served here. */
  record Unknown(Scope scope) implements ApiPath {}
}
