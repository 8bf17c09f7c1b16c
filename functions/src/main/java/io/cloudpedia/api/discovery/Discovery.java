package io.cloudpedia.api.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.store.GroupVersionResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Kubernetes discovery documents for a set of synced types: {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/{group}}, {@code /apis/{group}/{version}}, and the aggregated {@code APIGroupDiscoveryList} form of
 * {@code /api} and {@code /apis}. Immutable; every call returns a fresh document the caller may change.
 *
 * <p>Choices, each so that kubectl behaves as against a real cluster:
 *
 * <ul>
 *   <li>Core {@code v1} is always served, even with no core type synced: {@code /api} says {@code ["v1"]} (as
 *       Clusterpedia does), {@code /api/v1} is then an empty list and the aggregated {@code /api} an empty core
 *       group, so the client never finds an advertised version missing.
 *   <li>Only synced versions are listed, in Kubernetes version priority; the first is the preferred version.
 *   <li>Groups: built-in groups first, then custom groups, each by name. A real apiserver ranks built-in groups
 *       above CRDs, and kubectl resolves an ambiguous name or short name to the first group that has it.
 *   <li>Verbs are {@code get} and {@code list}: watch and writes are not served.
 *   <li>When clusters disagree on a type's kind or scope, the report that matches the built-in catalogue wins, else
 *       the first in {@link SyncedType#ORDER} (smallest kind, then namespaced).
 * </ul>
 */
public final class Discovery {
  /** Which aggregated document: {@code /api} holds only the core group, {@code /apis} every other group. */
  public enum Scope {
    LEGACY,
    APIS
  }

  static final String CORE = "";
  static final String CORE_VERSION = "v1";

  /** Core first, then built-in groups, then custom groups, by name within each. */
  static final Comparator<String> GROUP_ORDER =
      Comparator.comparing((String g) -> !g.isEmpty())
          .thenComparing(g -> !BuiltinCatalogue.isBuiltinGroup(g))
          .thenComparing(Comparator.naturalOrder());

  private final Map<GroupVersionResource, ServedResource> byType;
  /** group -> version (priority order) -> resources by name. */
  private final SortedMap<String, SortedMap<String, List<ServedResource>>> groups;

  private Discovery(Map<GroupVersionResource, ServedResource> byType) {
    this.byType = byType;
    SortedMap<String, SortedMap<String, List<ServedResource>>> index = new TreeMap<>(GROUP_ORDER);
    for (ServedResource r : byType.values()) {
      GroupVersionResource t = r.synced().type();
      index
          .computeIfAbsent(t.group(), g -> new TreeMap<>(KubeVersions.PRIORITY))
          .computeIfAbsent(t.version(), v -> new ArrayList<>())
          .add(r);
    }
    Comparator<ServedResource> byName = Comparator.comparing(ServedResource::resource);
    index.values().forEach(versions -> versions.values().forEach(resources -> resources.sort(byName)));
    this.groups = index;
  }

  public static Discovery of(Collection<SyncedType> synced) {
    Map<GroupVersionResource, List<SyncedType>> reports =
        synced.stream().collect(Collectors.groupingBy(SyncedType::type));
    Map<GroupVersionResource, ServedResource> byType = new LinkedHashMap<>();
    reports.values().stream()
        .map(Discovery::choose)
        .sorted(SyncedType.ORDER)
        .forEach(t -> byType.put(t.type(), ServedResource.of(t)));
    return new Discovery(Collections.unmodifiableMap(byType));
  }

  private static SyncedType choose(List<SyncedType> reports) {
    List<SyncedType> sorted = reports.stream().sorted(SyncedType.ORDER).toList();
    return sorted.stream().filter(Discovery::matchesCatalogue).findFirst().orElse(sorted.get(0));
  }

  private static boolean matchesCatalogue(SyncedType t) {
    return BuiltinCatalogue.find(t.type().group(), t.type().resource())
        .filter(b -> b.kind().equals(t.kind()) && b.namespaced() == t.namespaced())
        .isPresent();
  }

  /** Whether Kubernetes itself serves {@code group} ({@code ""}: core). */
  public static boolean isBuiltinGroup(String group) {
    return BuiltinCatalogue.isBuiltinGroup(group);
  }

  /** The groups Kubernetes itself serves, sorted ({@code ""}, the core group, first). */
  public static List<String> builtinGroups() {
    return BuiltinCatalogue.entries().stream().map(BuiltinResource::group).distinct().sorted().toList();
  }

  /** This discovery with only the types {@code keep} accepts. */
  public Discovery filter(java.util.function.Predicate<SyncedType> keep) {
    List<SyncedType> kept = new ArrayList<>();
    for (ServedResource r : byType.values()) {
      if (keep.test(r.synced())) {
        kept.add(r.synced());
      }
    }
    return kept.size() == byType.size() ? this : of(kept);
  }

  public boolean isEmpty() {
    return byType.isEmpty();
  }

  /** One type per group/version/resource (after resolving disagreements), in {@link SyncedType#ORDER}. */
  public Set<SyncedType> types() {
    Set<SyncedType> types = new LinkedHashSet<>();
    byType.values().forEach(r -> types.add(r.synced()));
    return Collections.unmodifiableSet(types);
  }

  /** The synced type behind a URL's plural resource name; exact and case-sensitive, like the apiserver. */
  public Optional<SyncedType> resolve(String group, String version, String resource) {
    GroupVersionResource type;
    try {
      type = new GroupVersionResource(group, version, resource);
    } catch (IllegalArgumentException | NullPointerException notAType) {
      return Optional.empty();
    }
    return Optional.ofNullable(byType.get(type)).map(ServedResource::synced);
  }

  /** {@code GET /api}. */
  public ObjectNode apiVersions() {
    return Documents.apiVersions(List.of(CORE_VERSION));
  }

  /** {@code GET /apis}. */
  public ObjectNode apiGroupList() {
    return Documents.apiGroupList(nonCoreGroups());
  }

  /** {@code GET /apis/{group}}; empty for the core group and for a group nothing syncs. */
  public Optional<ObjectNode> apiGroup(String group) {
    if (group == null || group.isEmpty() || !groups.containsKey(group)) {
      return Optional.empty();
    }
    return Optional.of(Documents.apiGroup(group, versionsOf(group)));
  }

  /**
   * {@code GET /api/v1} (group "") or {@code GET /apis/{group}/{version}}; empty when nothing there is synced, except
   * core v1, which {@code /api} always advertises and so always answers (possibly with no resources).
   */
  public Optional<ObjectNode> apiResourceList(String group, String version) {
    if (group == null || version == null) {
      return Optional.empty();
    }
    List<ServedResource> resources = groups.getOrDefault(group, Collections.emptySortedMap()).get(version);
    if (resources == null) {
      if (group.isEmpty() && version.equals(CORE_VERSION)) {
        return Optional.of(Documents.apiResourceList(CORE, CORE_VERSION, List.of()));
      }
      return Optional.empty();
    }
    return Optional.of(Documents.apiResourceList(group, version, resources));
  }

  /**
   * The aggregated {@code APIGroupDiscoveryList} for {@code /api} ({@link Scope#LEGACY}) or {@code /apis}
   * ({@link Scope#APIS}), in {@code apidiscovery.k8s.io} {@code v2} or {@code v2beta1} (same shape).
   */
  public ObjectNode aggregated(Scope scope, String discoveryVersion) {
    Objects.requireNonNull(scope, "scope");
    if (!AggregatedMediaType.VERSIONS.contains(discoveryVersion)) {
      throw new IllegalArgumentException("unsupported aggregated discovery version '" + discoveryVersion + "'");
    }
    SortedMap<String, SortedMap<String, List<ServedResource>>> selected = new TreeMap<>(GROUP_ORDER);
    if (scope == Scope.LEGACY) {
      SortedMap<String, List<ServedResource>> core = new TreeMap<>(KubeVersions.PRIORITY);
      core.put(CORE_VERSION, List.of());
      core.putAll(groups.getOrDefault(CORE, Collections.emptySortedMap()));
      selected.put(CORE, core);
    } else {
      selected.putAll(nonCoreGroups());
    }
    return Documents.aggregated(discoveryVersion, selected);
  }

  /**
   * The aggregated version ({@code v2} or {@code v2beta1}) an HTTP Accept header asks for, or empty when the client
   * should get the legacy document. kubectl sends
   * {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json}.
   */
  public static Optional<String> acceptedAggregatedVersion(String acceptHeader) {
    return AggregatedMediaType.negotiate(acceptHeader);
  }

  /**
   * The Content-Type of an aggregated answer, e.g.
   * {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}; client-go reads the version from it.
   */
  public static String aggregatedContentType(String version) {
    return AggregatedMediaType.contentType(version);
  }

  private SortedMap<String, SortedMap<String, List<ServedResource>>> nonCoreGroups() {
    SortedMap<String, SortedMap<String, List<ServedResource>>> out = new TreeMap<>(GROUP_ORDER);
    out.putAll(groups);
    out.remove(CORE);
    return out;
  }

  private List<String> versionsOf(String group) {
    return List.copyOf(groups.get(group).keySet());
  }
}
