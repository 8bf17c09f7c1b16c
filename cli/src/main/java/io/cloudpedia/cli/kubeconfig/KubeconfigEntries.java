package io.cloudpedia.cli.kubeconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entries one run writes, as hack/gen-clusterconfigs.sh does for Clusterpedia: a cluster entry for the search over
 * every cluster, one per member cluster, and, when a token is given, a user and one context per cluster entry.
 *
 * @param global   the name of the entry (and context) that searches every cluster
 * @param members  member cluster names, in order; each names its entry too
 * @param clusters cluster entries, the global one first
 * @param user     the user holding the token, when one is given
 * @param contexts one per cluster entry (same name), only with a user
 */
public record KubeconfigEntries(String global, List<String> members, List<Cluster> clusters, Optional<User> user,
                                List<Context> contexts) {

    public KubeconfigEntries {
        members = List.copyOf(members);
        clusters = List.copyOf(clusters);
        contexts = List.copyOf(contexts);
    }

    /** A {@code clusters[]} entry. */
    public record Cluster(String name, String server, Tls tls) {
    }

    /** A {@code users[]} entry with a bearer token. */
    public record User(String name, String token) {
        @Override
        public String toString() {
            return "User[name=" + name + "]";
        }
    }

    /** A {@code contexts[]} entry. */
    public record Context(String name, String cluster, String user) {
    }

    /** The control entry's name: the global entry's name plus this. */
    public static final String CONTROL_SUFFIX = "-control";

    public static KubeconfigEntries of(ServerUrl server, String global, List<String> members, Tls tls,
                                       Optional<String> token) {
        List<Cluster> clusters = new ArrayList<>();
        clusters.add(new Cluster(global, server.resources(), tls));
        // The API root, where `kubectl --cluster <global>-control get pediaclusters` manages the registry.
        clusters.add(new Cluster(global + CONTROL_SUFFIX, server.root(), tls));
        members.forEach(member -> clusters.add(new Cluster(member, server.cluster(member), tls)));
        Optional<User> user = token.map(t -> new User(global, t));
        List<Context> contexts = user
                .map(u -> clusters.stream().map(c -> new Context(c.name(), c.name(), u.name())).toList())
                .orElse(List.of());
        return new KubeconfigEntries(global, members, clusters, user, contexts);
    }

    @Override
    public String toString() {
        // Never print the token.
        return "KubeconfigEntries[global=" + global + ", members=" + members + ", user=" + user.map(User::name)
                + "]";
    }
}
