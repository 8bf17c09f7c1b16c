package io.cloudpedia.api.collections;

import io.cloudpedia.api.discovery.Discovery;
import io.cloudpedia.api.discovery.SyncedType;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.store.GroupVersionResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The built-in collections, as Clusterpedia defines them, and the synced types each one searches.
 *
 * <ul>
 *   <li>{@code any}: the types {@code groups=} and {@code resources=} name (OR-ed; one is required). {@code groups} is
 *       a comma list of {@code group} or {@code group/version}, {@code ""} or {@code /} for core, {@code *} for every
 *       type; {@code resources} is a comma list of {@code group/resource} or {@code group/version/resource} (core:
 *       {@code /pods}, or {@code pods});
 *   <li>{@code workloads}: apps deployments, daemonsets and statefulsets;
 *   <li>{@code kuberesources}: every type of a built-in group.
 * </ul>
 */
public enum BuiltinCollection {
  ANY("any"),
  WORKLOADS("workloads"),
  KUBERESOURCES("kuberesources");

  public static final String NEEDS_TYPES = "url query - `groups` or `resources` is required";
  static final List<String> WORKLOAD_RESOURCES = List.of("deployments", "daemonsets", "statefulsets");

  private final String collectionName;

  BuiltinCollection(String collectionName) {
    this.collectionName = collectionName;
  }

  public String collectionName() {
    return collectionName;
  }

  public static Optional<BuiltinCollection> named(String name) {
    for (BuiltinCollection c : values()) {
      if (c.collectionName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The types of {@code synced} this collection searches, in a fixed order (group, version, resource).
   *
   * @throws ApiException 400 for {@code any} without {@code groups}/{@code resources}, or with a malformed entry
   */
  public List<SyncedType> select(Collection<SyncedType> synced, Map<String, List<String>> query) {
    Predicate<GroupVersionResource> member = switch (this) {
      case WORKLOADS -> t -> t.group().equals("apps") && WORKLOAD_RESOURCES.contains(t.resource());
      case KUBERESOURCES -> t -> Discovery.isBuiltinGroup(t.group());
      case ANY -> anyOf(query);
    };
    List<SyncedType> types = new ArrayList<>();
    for (SyncedType t : synced) {
      if (member.test(t.type())) {
        types.add(t);
      }
    }
    types.sort(Comparator.comparing(BuiltinCollection::section));
    return types;
  }

  /** The key a type has in continue tokens, in the collection's order. */
  static String section(SyncedType type) {
    GroupVersionResource t = type.type();
    return t.group() + "/" + t.version() + "/" + t.resource();
  }

  private static Predicate<GroupVersionResource> anyOf(Map<String, List<String>> query) {
    List<String> groups = entries(query.get("groups"));
    List<String> resources = entries(query.get("resources"));
    if (query.get("groups") == null && query.get("resources") == null) {
      throw ApiException.badRequest(NEEDS_TYPES);
    }
    List<Predicate<GroupVersionResource>> any = new ArrayList<>();
    for (String g : groups) {
      any.add(group(g));
    }
    for (String r : resources) {
      any.add(resource(r));
    }
    return t -> any.stream().anyMatch(p -> p.test(t));
  }

  private static Predicate<GroupVersionResource> group(String entry) {
    if (entry.equals("*")) {
      return t -> true;
    }
    String[] parts = entry.split("/", -1);
    if (parts.length == 1 || entry.equals("/")) {
      String group = core(parts[0]);
      return t -> t.group().equals(group);
    }
    if (parts.length == 2 && !parts[1].isEmpty()) {
      String group = core(parts[0]);
      String version = parts[1];
      return t -> t.group().equals(group) && t.version().equals(version);
    }
    throw ApiException.badRequest("invalid groups entry '" + entry + "': use group or group/version ('' or / for"
        + " the core group, * for every type)");
  }

  private static Predicate<GroupVersionResource> resource(String entry) {
    String[] parts = entry.split("/", -1);
    for (String p : parts) {
      if (p.equals("*")) {
        throw ApiException.badRequest("invalid resources entry '" + entry + "': wildcards are not supported here,"
            + " use groups=");
      }
    }
    if (parts.length == 1 && !parts[0].isEmpty()) {
      return t -> t.group().isEmpty() && t.resource().equals(parts[0]);
    }
    if (parts.length == 2 && !parts[1].isEmpty()) {
      String group = core(parts[0]);
      return t -> t.group().equals(group) && t.resource().equals(parts[1]);
    }
    if (parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty()) {
      String group = core(parts[0]);
      return t -> t.group().equals(group) && t.version().equals(parts[1]) && t.resource().equals(parts[2]);
    }
    throw ApiException.badRequest("invalid resources entry '" + entry + "': use group/resource or"
        + " group/version/resource (core: /pods)");
  }

  private static String core(String group) {
    return group.toLowerCase(Locale.ROOT).equals("core") ? "" : group;
  }

  private static List<String> entries(List<String> values) {
    List<String> entries = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        for (String e : value.split(",", -1)) {
          entries.add(e.strip());
        }
      }
    }
    return entries;
  }
}
