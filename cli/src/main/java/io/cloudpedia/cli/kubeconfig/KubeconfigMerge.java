package io.cloudpedia.cli.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.cli.CliException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Merges {@link KubeconfigEntries} into a kubeconfig tree with the rules of Clusterpedia's hack scripts:
 * <ul>
 *   <li>a cluster entry of the same name that points under this server's resources path is ours and is replaced;</li>
 *   <li>one that points anywhere else is kept, reported, and the new entry (and its context) is not written;</li>
 *   <li>with {@code removeStale}, entries pointing under this server's path at a member cluster that is no longer
 *       listed are removed (clean-clusterconfigs.sh), with the same-name context this command made for them;</li>
 *   <li>a user of the same name is replaced unless a context for another server uses it; then it is kept and no
 *       user or context is written;</li>
 *   <li>a context of the same name is replaced only if its cluster was ours;</li>
 *   <li>{@code current-context} changes only with {@code useContext}.</li>
 * </ul>
 * Everything else in the tree is left as it was.
 */
final class KubeconfigMerge {

    /**
     * What a merge did.
     *
     * @param changes one line per added, replaced or removed entry
     * @param kept    one line per entry left alone because it belongs to something else
     */
    record Result(List<String> changes, List<String> kept) {

        Result {
            changes = List.copyOf(changes);
            kept = List.copyOf(kept);
        }
    }

    private final ObjectNode config;
    private final ServerUrl server;
    private final List<String> changes = new ArrayList<>();
    private final List<String> kept = new ArrayList<>();
    /** Names of the cluster entries that pointed under this server's path before the merge. */
    private final Set<String> owned = new HashSet<>();

    private KubeconfigMerge(ObjectNode config, ServerUrl server) {
        this.config = config;
        this.server = server;
    }

    /** Changes {@code config} in place. */
    static Result merge(ObjectNode config, KubeconfigEntries entries, ServerUrl server, boolean removeStale,
                        boolean useContext) {
        KubeconfigMerge merge = new KubeconfigMerge(config, server);
        merge.run(entries, removeStale, useContext);
        return new Result(merge.changes, merge.kept);
    }

    private void run(KubeconfigEntries entries, boolean removeStale, boolean useContext) {
        ArrayNode clusters = list("clusters");
        for (JsonNode entry : clusters) {
            if (server.isUnder(server(entry))) {
                owned.add(name(entry));
            }
        }
        Set<String> writtenClusters = new HashSet<>();
        for (KubeconfigEntries.Cluster cluster : entries.clusters()) {
            Optional<JsonNode> existing = find(clusters, cluster.name());
            if (existing.isPresent() && !owned.contains(cluster.name())) {
                kept.add("kept cluster \"" + cluster.name() + "\" (server " + server(existing.get())
                        + " is not under " + server.resources() + "); its new entry is not written");
                continue;
            }
            put(clusters, "cluster", KubeconfigYaml.node(cluster));
            writtenClusters.add(cluster.name());
        }
        if (removeStale) {
            removeStale(clusters, writtenClusters, Set.copyOf(entries.members()));
        }
        Set<String> writtenContexts = new HashSet<>();
        if (entries.user().isPresent() && writeUser(entries.user().get())) {
            // Create "contexts" before "users" in a new file, as kubectl orders them.
            ArrayNode contexts = list("contexts");
            ArrayNode users = list("users");
            put(users, "user", KubeconfigYaml.node(entries.user().get()));
            for (KubeconfigEntries.Context context : entries.contexts()) {
                if (writtenClusters.contains(context.cluster()) && writeContext(contexts, context)) {
                    writtenContexts.add(context.name());
                }
            }
        }
        if (useContext) {
            setCurrentContext(entries.global(), writtenContexts);
        }
    }

    private void removeStale(ArrayNode clusters, Set<String> written, Set<String> listed) {
        Set<String> removed = new HashSet<>();
        for (int i = 0; i < clusters.size(); ) {
            JsonNode entry = clusters.get(i);
            String name = name(entry);
            Optional<String> member = server.memberOf(server(entry));
            if (!written.contains(name) && member.isPresent() && !listed.contains(member.get())) {
                clusters.remove(i);
                removed.add(name);
                changes.add("removed cluster " + name + " (cluster " + member.get() + " is no longer listed)");
            } else {
                i++;
            }
        }
        Optional<ArrayNode> contexts = existingList("contexts");
        for (int i = 0; contexts.isPresent() && i < contexts.get().size(); ) {
            JsonNode entry = contexts.get().get(i);
            String name = name(entry);
            // Only the context this command made for the entry (same name); others the user made are left alone.
            if (removed.contains(name) && name.equals(entry.path("context").path("cluster").asText())) {
                contexts.get().remove(i);
                changes.add("removed context " + name);
            } else {
                i++;
            }
        }
    }

    /** Whether the user entry may be written: not when a context for another server uses a user of that name. */
    private boolean writeUser(KubeconfigEntries.User user) {
        Optional<ArrayNode> contexts = existingList("contexts");
        Optional<ArrayNode> users = existingList("users");
        if (users.isEmpty() || find(users.get(), user.name()).isEmpty() || contexts.isEmpty()) {
            return true;
        }
        for (JsonNode context : contexts.get()) {
            String cluster = context.path("context").path("cluster").asText("");
            if (user.name().equals(context.path("context").path("user").asText()) && !owned.contains(cluster)) {
                kept.add("kept user \"" + user.name() + "\" (context \"" + name(context) + "\" uses it for cluster \""
                        + cluster + "\"); no user or contexts written, use another --name");
                return false;
            }
        }
        return true;
    }

    private boolean writeContext(ArrayNode contexts, KubeconfigEntries.Context context) {
        Optional<JsonNode> existing = find(contexts, context.name());
        if (existing.isPresent()) {
            String cluster = existing.get().path("context").path("cluster").asText("");
            if (!owned.contains(cluster)) {
                kept.add("kept context \"" + context.name() + "\" (it uses cluster \"" + cluster
                        + "\", which is not under " + server.resources() + "); its new entry is not written");
                return false;
            }
        }
        put(contexts, "context", KubeconfigYaml.node(context));
        return true;
    }

    private void setCurrentContext(String global, Set<String> writtenContexts) {
        if (!writtenContexts.contains(global)) {
            kept.add("current-context not changed: context \"" + global + "\" was not written");
            return;
        }
        if (!global.equals(config.path("current-context").asText())) {
            config.put("current-context", global);
            changes.add("set current-context to " + global);
        }
    }

    /** Replaces the entry of the same name in place, or appends it; records what changed. */
    private void put(ArrayNode list, String what, ObjectNode entry) {
        String name = name(entry);
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(name(list.get(i)))) {
                if (!list.get(i).equals(entry)) {
                    list.set(i, entry);
                    changes.add("replaced " + what + " " + name);
                }
                return;
            }
        }
        list.add(entry);
        changes.add("added " + what + " " + name);
    }

    private static Optional<JsonNode> find(ArrayNode list, String name) {
        for (JsonNode entry : list) {
            if (name.equals(name(entry))) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The top-level list, created when absent or null (kubectl writes {@code users: null}). */
    private ArrayNode list(String key) {
        return existingList(key).orElseGet(() -> config.putArray(key));
    }

    private Optional<ArrayNode> existingList(String key) {
        JsonNode node = config.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!(node instanceof ArrayNode list)) {
            throw new CliException("the kubeconfig's \"" + key + "\" is not a list");
        }
        return Optional.of(list);
    }

    private static String name(JsonNode entry) {
        return entry.path("name").asText("");
    }

    private static String server(JsonNode entry) {
        return entry.path("cluster").path("server").asText("");
    }
}
