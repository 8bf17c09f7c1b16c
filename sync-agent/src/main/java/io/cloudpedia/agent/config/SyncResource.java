package io.cloudpedia.agent.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code spec.syncResources}, exactly as in Clusterpedia's PediaCluster: a group ({@code ""} = core),
 * optional versions (empty = the group's preferred version) and resource names ({@code "*"} = every type of the group).
 *
 * <p>{@code eventsInvolvedResources} names those of the entry's types whose core/v1 Events are synced too: names
 * from {@code resources} (case-insensitive), or {@code "*"} for all of the entry's types. Unlike Clusterpedia it is
 * kept with {@code resources: ["*"]}: names then match the group's resolved types (plural, singular or kind).
 */
public record SyncResource(String group, List<String> versions, List<String> resources,
                           List<String> eventsInvolvedResources) {

    public SyncResource {
        Objects.requireNonNull(group, "group");
        versions = List.copyOf(versions);
        resources = List.copyOf(resources);
        eventsInvolvedResources = List.copyOf(eventsInvolvedResources);
        Optional<String> unknown = unknownEventsInvolvedResource(resources, eventsInvolvedResources);
        if (unknown.isPresent()) {
            throw new IllegalArgumentException("eventsInvolvedResources names " + unknown.get()
                    + ", which is not among the entry's resources " + resources);
        }
    }

    /** An entry without events. */
    public SyncResource(String group, List<String> versions, List<String> resources) {
        this(group, versions, resources, List.of());
    }

    public static SyncResource of(String group, String... resources) {
        return new SyncResource(group, List.of(), List.of(resources));
    }

    /** The same entry with the events of the named types (or {@code "*"}) synced too. */
    public SyncResource withEventsInvolvedResources(String... names) {
        return new SyncResource(group, versions, resources, List.of(names));
    }

    public boolean allResources() {
        return resources.contains("*");
    }

    /**
     * The first name of {@code events} that is neither {@code "*"} nor among {@code resources} (case-insensitive);
     * any name passes when {@code resources} is {@code "*"}, since only discovery knows the group's types then.
     * The parsers call it first to report the error in their own terms.
     */
    public static Optional<String> unknownEventsInvolvedResource(List<String> resources, List<String> events) {
        if (resources.contains("*")) {
            return Optional.empty();
        }
        for (String name : events) {
            if (!name.equals("*") && resources.stream().noneMatch(r -> r.equalsIgnoreCase(name))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the events of a type of this entry are synced, given the names it can be called by (its plural,
     * singular and kind, as discovery gives them).
     */
    public boolean eventsInvolved(List<String> typeNames) {
        for (String name : eventsInvolvedResources) {
            if (name.equals("*")) {
                return true;
            }
            String n = name.toLowerCase(Locale.ROOT);
            if (typeNames.stream().anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).equals(n))) {
                return true;
            }
        }
        return false;
    }
}
