package io.cloudpedia.events;

import java.util.Objects;

/**
 * The object an event is about, from its {@code involvedObject}.
 *
 * @param group the API group of {@code involvedObject.apiVersion} ({@code ""} for the core group or when absent)
 * @param kind {@code involvedObject.kind}
 * @param namespace {@code involvedObject.namespace}, {@code ""} for a cluster-scoped object
 * @param name {@code involvedObject.name}
 * @param uid {@code involvedObject.uid}, {@code ""} when absent
 */
public record InvolvedRef(String group, String kind, String namespace, String name, String uid) {

  public InvolvedRef {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    if (kind.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("an involved object needs a kind and a name");
    }
  }

  /** The object's key as the stores write it: {@code namespace/name}, or {@code /name} when cluster-scoped. */
  public String key() {
    return EventKeys.involvedKey(namespace, name);
  }

  /** The group of an {@code apiVersion}: {@code apps/v1} → {@code apps}, {@code v1} → {@code ""}. */
  /** The object a core/v1 Event's JSON involves, if it names one. */
  public static java.util.Optional<InvolvedRef> ofEvent(byte[] eventJson) {
    return Events.parse("", eventJson, java.time.Instant.EPOCH).map(StoredEvent::involved);
  }

  public static String groupOf(String apiVersion) {
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
