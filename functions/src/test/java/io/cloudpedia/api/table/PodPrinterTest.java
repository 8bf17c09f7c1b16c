package io.cloudpedia.api.table;

import static io.cloudpedia.api.table.Fixtures.cells;
import static io.cloudpedia.api.table.Fixtures.columns;
import static io.cloudpedia.api.table.Fixtures.json;
import static io.cloudpedia.api.table.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PodPrinterTest {
  private static final ResourceType PODS = Fixtures.core("pods", "Pod");

  @Test
  void columnsAreKubectlsWithWideOnesAtPriorityOne() {
    assertThat(columns(table(PODS, "pod-running-2of3.json")))
        .containsExactly(
            "Cluster string 0",
            "Name string 0",
            "Ready string 0",
            "Status string 0",
            "Restarts string 0",
            "Age string 0",
            "IP string 1",
            "Node string 1",
            "Nominated Node string 1",
            "Readiness Gates string 1");
  }

  @Test
  void runningPodCountsReadyContainersAndSumsRestartsWithTheLatestRestartAge() {
    assertThat(cells(table(PODS, "pod-running-2of3.json"), 0))
        .isEqualTo(json("eu-1", "web-7d4b9c6f5-x2k9p", "2/3", "Running", "4 (10m ago)", "2d3h", "10.244.1.17", "worker-1", "<none>", "<none>"));
  }

  @Test
  void crashLoopingPodShowsTheWaitingReasonAndReadinessGates() {
    assertThat(cells(table(PODS, "pod-crashloop.json"), 0))
        .isEqualTo(json("eu-1", "worker-5c8f7-abcde", "0/1", "CrashLoopBackOff", "7 (45s ago)", "30m", "10.244.2.9", "worker-2", "<none>", "1/1"));
  }

  @Test
  void podInitialisingShowsInitProgressAndNoIp() {
    assertThat(cells(table(PODS, "pod-init.json"), 0))
        .isEqualTo(json("eu-1", "db-0", "0/1", "Init:1/2", "0", "90s", "<none>", "worker-3", "<none>", "<none>"));
  }

  @Test
  void failingInitContainerShowsItsReason() {
    ObjectNode pod = (ObjectNode) Fixtures.load("pod-init.json");
    ObjectNode migrate = (ObjectNode) pod.at("/status/initContainerStatuses/1");
    migrate.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff");
    assertThat(new PodPrinter().cells(pod, Fixtures.NOW).get(2)).isEqualTo("Init:CrashLoopBackOff");
    migrate.putObject("state").putObject("terminated").put("exitCode", 3);
    assertThat(new PodPrinter().cells(pod, Fixtures.NOW).get(2)).isEqualTo("Init:ExitCode:3");
  }

  @Test
  void podWithDeletionTimestampIsTerminating() {
    assertThat(cells(table(PODS, "pod-terminating.json"), 0))
        .isEqualTo(json("eu-1", "web-old", "1/1", "Terminating", "0", "31d", "10.244.1.3", "worker-1", "<none>", "<none>"));
  }

  @Test
  void completedPodShowsCompletedAndACompletedRowCondition() {
    JsonNode t = table(PODS, "pod-completed.json");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "pi-x7h2k", "0/1", "Completed", "0", "120m", "10.244.2.40", "worker-2", "<none>", "<none>"));
    assertThat(t.get("rows").get(0).get("conditions").toString())
        .isEqualTo("[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\",\"message\":\"The pod has completed successfully.\"}]");
  }

  @Test
  void startedSidecarInitContainerCountsTowardsReady() {
    ObjectNode pod = (ObjectNode) Fixtures.load("pod-terminating.json");
    pod.with("metadata").remove("deletionTimestamp");
    pod.with("spec").putArray("initContainers").addObject().put("name", "istio-proxy").put("restartPolicy", "Always");
    pod.with("status").putArray("initContainerStatuses").addObject()
        .put("name", "istio-proxy").put("ready", true).put("started", true).put("restartCount", 2)
        .<ObjectNode>set("lastState", Fixtures.load("pod-crashloop.json").at("/status/containerStatuses/0/lastState"));
    assertThat(new PodPrinter().cells(pod, Fixtures.NOW).subList(0, 3)).containsExactly("web-old", "2/2", "Running");
    assertThat(new PodPrinter().cells(pod, Fixtures.NOW).get(3)).isEqualTo("2 (45s ago)");
  }
}
