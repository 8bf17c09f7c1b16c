package io.cloudpedia.agent.discovery;

import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.wire.Gvr;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code spec.syncResources} into concrete types through the member cluster's discovery, like Clusterpedia
 * does for a PediaCluster: {@code "*"} is every resource of the group; names match case-insensitively as plural,
 * singular or kind; subresources are ignored; types that cannot be both listed and watched are skipped. Without
 * versions, the group's preferred version is used.
 */
public final class TypeResolver {

    private static final Logger LOG = LoggerFactory.getLogger(TypeResolver.class);

    private final KubernetesClient client;
    private final Map<String, Optional<APIResourceList>> resourceLists = new HashMap<>();
    private final Set<String> unavailable = new LinkedHashSet<>();
    private final Set<Gvr> eventsInvolved = new LinkedHashSet<>();
    private List<APIGroup> groups;

    public TypeResolver(KubernetesClient client) {
        this.client = client;
    }

    /** The resolved types, in configuration order, without duplicates. Unresolvable entries are logged and skipped. */
    public List<ResourceType> resolve(List<SyncResource> syncResources) {
        Map<Gvr, ResourceType> resolved = new LinkedHashMap<>();
        for (SyncResource entry : syncResources) {
            for (String version : versionsOf(entry)) {
                Optional<APIResourceList> list = resources(entry.group(), version);
                if (list.isEmpty()) {
                    continue;
                }
                for (ResourceType type : select(entry, version, list.get())) {
                    resolved.putIfAbsent(type.gvr(), type);
                }
            }
        }
        return List.copyOf(resolved.values());
    }

    private List<String> versionsOf(SyncResource entry) {
        if (!entry.versions().isEmpty()) {
            return entry.versions();
        }
        if (entry.group().isEmpty()) {
            // The core group has only ever had v1.
            return List.of("v1");
        }
        Optional<APIGroup> group = group(entry.group());
        if (group.isEmpty()) {
            LOG.warn("group {} is not served by the cluster; skipping {}", entry.group(), entry.resources());
            return List.of();
        }
        GroupVersionForDiscovery preferred = group.get().getPreferredVersion();
        if (preferred != null && preferred.getVersion() != null) {
            return List.of(preferred.getVersion());
        }
        List<GroupVersionForDiscovery> versions = group.get().getVersions();
        if (versions == null || versions.isEmpty()) {
            LOG.warn("group {} has no versions; skipping", entry.group());
            return List.of();
        }
        return List.of(versions.get(0).getVersion());
    }

    private List<ResourceType> select(SyncResource entry, String version, APIResourceList list) {
        List<APIResource> candidates = new ArrayList<>();
        for (APIResource r : list.getResources()) {
            if (r.getName() != null && !r.getName().contains("/")) {
                candidates.add(r);
            }
        }
        List<ResourceType> types = new ArrayList<>();
        if (entry.allResources()) {
            for (APIResource r : candidates) {
                if (listAndWatch(r)) {
                    types.add(selected(entry, version, r));
                } else {
                    LOG.info("skipping {}: it cannot be listed and watched", gvr(entry.group(), version, r));
                }
            }
            return types;
        }
        for (String wanted : entry.resources()) {
            Optional<APIResource> match = match(candidates, wanted);
            if (match.isEmpty()) {
                LOG.warn("resource {} is not served in {}; skipping", wanted, groupVersion(entry.group(), version));
            } else if (!listAndWatch(match.get())) {
                LOG.warn("skipping {}: it cannot be listed and watched", gvr(entry.group(), version, match.get()));
            } else {
                types.add(selected(entry, version, match.get()));
            }
        }
        return types;
    }

    private static Optional<APIResource> match(List<APIResource> candidates, String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT);
        for (APIResource r : candidates) {
            if (w.equals(r.getName().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        // Singular names: discovery's singularName is often empty for built-in types, the kind never is.
        for (APIResource r : candidates) {
            if ((r.getSingularName() != null && w.equals(r.getSingularName().toLowerCase(Locale.ROOT)))
                    || (r.getKind() != null && w.equals(r.getKind().toLowerCase(Locale.ROOT)))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The type of a selected resource; notes whether the entry wants its events. */
    private ResourceType selected(SyncResource entry, String version, APIResource r) {
        ResourceType type = type(entry.group(), version, r);
        // Any name the resource goes by: with resources "*" the entry's event names were never checked against it.
        if (entry.eventsInvolved(Arrays.asList(r.getName(), r.getSingularName(), r.getKind()))) {
            eventsInvolved.add(type.gvr());
        }
        return type;
    }

    private static boolean listAndWatch(APIResource r) {
        return r.getVerbs() != null && r.getVerbs().contains("list") && r.getVerbs().contains("watch");
    }

    private static ResourceType type(String group, String version, APIResource r) {
        return new ResourceType(gvr(group, version, r), r.getKind(), Boolean.TRUE.equals(r.getNamespaced()));
    }

    private static Gvr gvr(String group, String version, APIResource r) {
        return new Gvr(group, version, r.getName());
    }

    private Optional<APIResourceList> resources(String group, String version) {
        String gv = groupVersion(group, version);
        return resourceLists.computeIfAbsent(gv, k -> {
            try {
                APIResourceList list = client.getApiResources(k);
                if (list == null || list.getResources() == null) {
                    LOG.warn("{} is not served by the cluster; skipping it", k);
                    return Optional.empty();
                }
                return Optional.of(list);
            } catch (KubernetesClientException e) {
                // An aggregated API whose backend is down must not keep the other types from syncing.
                LOG.warn("discovery of {} failed ({}); skipping it", k, e.getCode());
                unavailable.add(k);
                return Optional.empty();
            }
        });
    }

    private Optional<APIGroup> group(String name) {
        if (groups == null) {
            APIGroupList list = client.getApiGroups();
            groups = list == null || list.getGroups() == null ? List.of() : list.getGroups();
        }
        return groups.stream().filter(g -> name.equals(g.getName())).findFirst();
    }

    /**
     * The group-versions whose discovery failed (as opposed to not being served) during {@link #resolve}: their types
     * may well still exist, so a reconfiguration must not take their absence for a removal.
     */
    public Set<String> unavailable() {
        return Set.copyOf(unavailable);
    }

    /**
     * The types resolved by {@link #resolve} (this resolver's calls so far) whose core/v1 Events are synced too: those
     * an entry's {@code eventsInvolvedResources} names, or all of an entry's types for {@code "*"}.
     */
    public Set<Gvr> eventsInvolved() {
        return Set.copyOf(eventsInvolved);
    }

    private static String groupVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
