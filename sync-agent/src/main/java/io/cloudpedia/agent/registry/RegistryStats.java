package io.cloudpedia.agent.registry;

/**
 * The registry watcher's counters.
 *
 * @param polls          polls of the PediaCluster, whatever their outcome
 * @param notModified    polls answered 304 Not Modified (nothing read, nothing applied)
 * @param changesApplied polls that changed the set of synced types
 * @param failures       polls that failed (unreachable, an error status, an unreadable answer, a failed apply)
 */
public record RegistryStats(long polls, long notModified, long changesApplied, long failures) {
}
