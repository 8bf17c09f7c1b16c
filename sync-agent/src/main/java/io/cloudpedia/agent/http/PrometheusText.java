package io.cloudpedia.agent.http;

import io.cloudpedia.agent.BuildInfo;
import io.cloudpedia.agent.registry.RegistryStats;
import io.cloudpedia.agent.send.SinkStats;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.wire.RelistReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the agent's metrics in the Prometheus text exposition format (version 0.0.4). Per-type metrics carry the
 * cluster and the type ({@code cluster}, {@code gvr}), so that one Prometheus can scrape the agents of many clusters.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The reasons a synchro's list or watch fails with (its status reasons). */
    static final List<String> FAILURE_REASONS = List.of("ListFailed", "WatchFailed", "InternalError");

    private PrometheusText() {
    }

    public static String render(String cluster, BuildInfo build, List<TypeSnapshot> types, SinkStats sink) {
        return render(cluster, build, types, sink, Optional.empty());
    }

    /** With the registry watcher's counters when the agent reads its syncResources from a registry. */
    public static String render(String cluster, BuildInfo build, List<TypeSnapshot> types, SinkStats sink,
                                Optional<RegistryStats> registry) {
        StringBuilder out = new StringBuilder(4096);
        header(out, "cloudpedia_build_info", "gauge",
                "Build of the running program (version, git commit, build date) and its JVM; always 1.");
        out.append("cloudpedia_build_info{version=\"").append(escape(build.version()))
                .append("\",git_commit=\"").append(escape(build.gitCommit()))
                .append("\",build_date=\"").append(escape(build.buildDate()))
                .append("\",java_version=\"").append(escape(build.javaVersion())).append("\"} 1\n");
        header(out, "cloudpedia_agent_build_info", "gauge", "Version of the running agent and its cluster; always 1.");
        out.append("cloudpedia_agent_build_info{version=\"").append(escape(build.version())).append("\",cluster=\"")
                .append(escape(cluster)).append("\"} 1\n");
        String clusterLabel = "cluster=\"" + escape(cluster) + "\",";

        header(out, "cloudpedia_agent_objects", "gauge", "Objects the agent knows per type (keys in memory).");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_objects", t, t.objects());
        }
        header(out, "cloudpedia_agent_initial_list_done", "gauge", "1 once the type's first list was delivered.");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_initial_list_done", t, t.initialListPhase() ? 0 : 1);
        }
        header(out, "cloudpedia_agent_objects_truncated_total", "counter",
                "Objects sent as metadata-only stubs because they were too large even compressed.");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_objects_truncated_total", t, t.truncated());
        }
        header(out, "cloudpedia_agent_objects_added_total", "counter",
                "Upserts sent of objects the agent did not know (every object of the first list after start).");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_objects_added_total", t, t.changes().added());
        }
        header(out, "cloudpedia_agent_objects_updated_total", "counter",
                "Upserts sent of known objects with a new resourceVersion.");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_objects_updated_total", t, t.changes().updated());
        }
        header(out, "cloudpedia_agent_objects_deleted_total", "counter",
                "Objects deleted: deletes sent, and objects a relist no longer found.");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_objects_deleted_total", t, t.changes().deleted());
        }
        header(out, "cloudpedia_agent_sync_failures_total", "counter",
                "Failed lists and watches of a type, and unexpected errors, by reason (ListFailed, WatchFailed,"
                        + " InternalError); each is retried with backoff.");
        for (TypeSnapshot t : types) {
            // The usual reasons always, at 0 until they happen, so that rate() and increase() see the first one.
            Map<String, Long> failures = new java.util.TreeMap<>();
            FAILURE_REASONS.forEach(r -> failures.put(r, 0L));
            failures.putAll(t.changes().failures());
            for (Map.Entry<String, Long> e : failures.entrySet()) {
                labelled(out, clusterLabel, "cloudpedia_agent_sync_failures_total", t, "reason", e.getKey(),
                        e.getValue());
            }
        }
        header(out, "cloudpedia_agent_relists_total", "counter", "Full lists of a type, by reason.");
        for (TypeSnapshot t : types) {
            for (Map.Entry<RelistReason, Long> e : t.relists().entrySet()) {
                labelled(out, clusterLabel, "cloudpedia_agent_relists_total", t, "reason", e.getKey().name(),
                        e.getValue());
            }
        }
        header(out, "cloudpedia_agent_watch_restarts_total", "counter",
                "Watches re-established from the last resourceVersion after they ended.");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_watch_restarts_total", t, t.watchRestarts());
        }
        header(out, "cloudpedia_agent_watching", "gauge", "1 while a watch of the type is open, 0 otherwise.");
        for (TypeSnapshot t : types) {
            sample(out, clusterLabel, "cloudpedia_agent_watching", t, t.watching() ? 1 : 0);
        }
        header(out, "cloudpedia_agent_events_sent_total", "counter",
                "Events about objects of the type sent (upserts and deletes of v1/events), for types whose Events "
                        + "are synced.");
        for (TypeSnapshot t : types) {
            if (t.events().isPresent()) {
                sample(out, clusterLabel, "cloudpedia_agent_events_sent_total", t, t.events().get().sent());
            }
        }
        header(out, "cloudpedia_agent_events_skipped_total", "counter",
                "Events about objects of the type not sent because the agent had not synced their object.");
        for (TypeSnapshot t : types) {
            if (t.events().isPresent()) {
                sample(out, clusterLabel, "cloudpedia_agent_events_skipped_total", t, t.events().get().skipped());
            }
        }
        counter(out, "cloudpedia_agent_messages_sent_total", "Messages the queue accepted.", sink.messagesSent());
        counter(out, "cloudpedia_agent_deltas_sent_total", "Deltas in messages the queue accepted.",
                sink.deltasSent());
        counter(out, "cloudpedia_agent_bytes_sent_total", "Message bytes the queue accepted.", sink.bytesSent());
        counter(out, "cloudpedia_agent_send_retries_total", "Messages sent again after a failure or throttling.",
                sink.sendRetries());
        counter(out, "cloudpedia_agent_deltas_abandoned_total",
                "Deltas given up at shutdown because the queue kept failing.", sink.abandoned());
        header(out, "cloudpedia_agent_deltas_pending", "gauge", "Deltas handed to the sender and not yet delivered.");
        out.append("cloudpedia_agent_deltas_pending ").append(sink.pending()).append('\n');
        header(out, "cloudpedia_agent_last_successful_send_timestamp_seconds", "gauge",
                "When the queue last accepted a message (Unix time); 0 before the first. Deltas of every type share"
                        + " messages, so this is per cluster.");
        out.append("cloudpedia_agent_last_successful_send_timestamp_seconds{")
                .append(clusterLabel, 0, clusterLabel.length() - 1).append("} ")
                .append(seconds(sink.lastDeliveryEpochMillis())).append('\n');
        if (registry.isPresent()) {
            RegistryStats r = registry.get();
            counter(out, "cloudpedia_agent_registry_polls_total", "Polls of the PediaCluster in the registry.",
                    r.polls());
            counter(out, "cloudpedia_agent_registry_not_modified_total",
                    "Polls the registry answered 304 Not Modified.", r.notModified());
            counter(out, "cloudpedia_agent_registry_changes_applied_total",
                    "Polls whose syncResources changed the synced types.", r.changesApplied());
            counter(out, "cloudpedia_agent_registry_failures_total",
                    "Polls that failed (unreachable, error status, bad answer, failed reconfiguration).",
                    r.failures());
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String clusterLabel, String name, TypeSnapshot t, long value) {
        out.append(name).append('{').append(clusterLabel).append("gvr=\"").append(escape(t.type().gvr().toString()))
                .append("\"} ").append(value).append('\n');
    }

    private static void labelled(StringBuilder out, String clusterLabel, String name, TypeSnapshot t, String label,
                                 String labelValue, long value) {
        out.append(name).append('{').append(clusterLabel).append("gvr=\"").append(escape(t.type().gvr().toString()))
                .append("\",").append(label).append("=\"").append(escape(labelValue)).append("\"} ").append(value)
                .append('\n');
    }

    /** Milliseconds as Prometheus' seconds, exactly: 1700000000123 -> 1700000000.123. */
    static String seconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
