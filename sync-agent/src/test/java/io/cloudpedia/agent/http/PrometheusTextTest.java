package io.cloudpedia.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.BuildInfo;
import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.send.SinkStats;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.wire.Gvr;
import io.cloudpedia.agent.wire.RelistReason;
import io.cloudpedia.agent.wire.SyncStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    static final BuildInfo BUILD = new BuildInfo("1.2.3", "0123456789abcdef0123456789abcdef01234567",
            "2026-01-02T03:04:05Z", "21.0.5+11");
    static final ResourceType PODS = new ResourceType(Gvr.parse("v1/pods"), "Pod", true);
    static final SinkStats SINK = new SinkStats(4, 40, 4000, 1, 0, 0, 1_767_323_045_678L);

    static TypeSnapshot pods(TypeSnapshot.Changes changes) {
        return new TypeSnapshot(PODS, SyncStatus.Syncing, "", "", false, 7, 0,
                Map.of(RelistReason.Initial, 1L, RelistReason.Expired, 2L), 3, true, Optional.empty(), changes);
    }

    @Test
    void buildInfoNamesVersionCommitDateAndJava() {
        String text = PrometheusText.render("c-1", BUILD, List.of(), SinkStats.NONE);

        assertThat(text).contains("# TYPE cloudpedia_build_info gauge\n")
                .contains("cloudpedia_build_info{version=\"1.2.3\",git_commit=\"0123456789abcdef0123456789abcdef01234567\","
                        + "build_date=\"2026-01-02T03:04:05Z\",java_version=\"21.0.5+11\"} 1\n")
                .contains("cloudpedia_agent_build_info{version=\"1.2.3\",cluster=\"c-1\"} 1\n");
    }

    @Test
    void syncCountersArePerClusterAndType() {
        String text = PrometheusText.render("c-1", BUILD,
                List.of(pods(new TypeSnapshot.Changes(5, 6, 2, Map.of("WatchFailed", 4L)))), SINK);

        String labels = "{cluster=\"c-1\",gvr=\"v1/pods\"";
        assertThat(text)
                .contains("cloudpedia_agent_objects" + labels + "} 7\n")
                .contains("cloudpedia_agent_objects_added_total" + labels + "} 5\n")
                .contains("cloudpedia_agent_objects_updated_total" + labels + "} 6\n")
                .contains("cloudpedia_agent_objects_deleted_total" + labels + "} 2\n")
                .contains("cloudpedia_agent_sync_failures_total" + labels + ",reason=\"WatchFailed\"} 4\n")
                .contains("cloudpedia_agent_sync_failures_total" + labels + ",reason=\"ListFailed\"} 0\n")
                .contains("cloudpedia_agent_sync_failures_total" + labels + ",reason=\"InternalError\"} 0\n")
                .contains("cloudpedia_agent_relists_total" + labels + ",reason=\"Expired\"} 2\n")
                .contains("cloudpedia_agent_watch_restarts_total" + labels + "} 3\n")
                .contains("# TYPE cloudpedia_agent_objects_added_total counter\n")
                .contains("cloudpedia_agent_last_successful_send_timestamp_seconds{cluster=\"c-1\"} 1767323045.678\n");
    }

    @Test
    void beforeTheFirstDeliveryTheLastSendTimestampIsZero() {
        assertThat(PrometheusText.render("c-1", BUILD, List.of(), SinkStats.NONE))
                .contains("cloudpedia_agent_last_successful_send_timestamp_seconds{cluster=\"c-1\"} 0.000\n");
    }

    @Test
    void everySampleLineIsWellFormedAndEveryMetricHasHelpAndType() {
        String text = PrometheusText.render("c-\"1\"", BUILD,
                List.of(pods(new TypeSnapshot.Changes(1, 0, 0, Map.of()))), SINK);

        Pattern sample = Pattern.compile("[a-z_]+(\\{([a-z_]+=\"([^\"\\\\]|\\\\.)*\",?)+})? -?[0-9.]+");
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                assertThat(line).matches("# (HELP|TYPE) [a-z_]+ .+");
                continue;
            }
            assertThat(line).matches(sample);
            String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
            assertThat(text).contains("# HELP " + name + " ").contains("# TYPE " + name + " ");
        }
        assertThat(text).contains("cluster=\"c-\\\"1\\\"\"");
    }
}
