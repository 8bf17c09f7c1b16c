package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods as kubectl prints them: READY counts ready containers (plus started sidecar init containers), STATUS is the
 * most telling container reason, RESTARTS carries the age of the last restart.
 */
final class PodPrinter implements Printer {
  private static final List<Column> COLUMNS =
      List.of(
          Column.nameColumn(),
          Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
          Column.string("Status", "The aggregate status of the containers in this pod."),
          Column.string("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
          Column.ageColumn(),
          Column.wide("IP", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
          Column.wide("Node", "NodeName indicates in which node this pod is scheduled."),
          Column.wide("Nominated Node", "nominatedNodeName is set when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."),
          Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<RowCondition> conditions(JsonNode pod) {
    switch (Obj.str(pod, "status", "phase")) {
      case "Succeeded":
        return List.of(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
      case "Failed":
        return List.of(new RowCondition("Completed", "True", "Failed", "The pod failed."));
      default:
        return List.of();
    }
  }

  @Override
  public List<Object> cells(JsonNode pod, Instant now) {
    int restarts = 0;
    int sidecarRestarts = 0;
    int total = Obj.list(pod, "spec", "containers").size();
    int ready = 0;
    Optional<Instant> lastRestart = Optional.empty();
    Optional<Instant> lastSidecarRestart = Optional.empty();

    String phase = Obj.str(pod, "status", "phase");
    String reason = Obj.str(pod, "status", "reason").isEmpty() ? phase : Obj.str(pod, "status", "reason");
    for (JsonNode c : Obj.list(pod, "status", "conditions")) {
      if ("PodScheduled".equals(Obj.str(c, "type")) && "SchedulingGated".equals(Obj.str(c, "reason"))) {
        reason = "SchedulingGated";
      }
    }

    List<JsonNode> initSpecs = Obj.list(pod, "spec", "initContainers");
    Map<String, JsonNode> initByName = new HashMap<>();
    for (JsonNode c : initSpecs) {
      initByName.put(Obj.str(c, "name"), c);
      if (isSidecar(c)) {
        total++;
      }
    }

    boolean initializing = false;
    List<JsonNode> initStatuses = Obj.list(pod, "status", "initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode cs = initStatuses.get(i);
      restarts += (int) Obj.num(cs, "restartCount");
      Optional<Instant> finished = Obj.time(cs, "lastState", "terminated", "finishedAt");
      lastRestart = later(lastRestart, finished);
      boolean sidecar = isSidecar(initByName.get(Obj.str(cs, "name")));
      if (sidecar) {
        sidecarRestarts += (int) Obj.num(cs, "restartCount");
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode terminated = Obj.at(cs, "state", "terminated");
      String waitingReason = Obj.str(cs, "state", "waiting", "reason");
      if (terminated.isObject() && Obj.num(terminated, "exitCode") == 0) {
        continue;
      } else if (sidecar && Obj.bool(cs, "started")) {
        if (Obj.bool(cs, "ready")) {
          ready++;
        }
        continue;
      } else if (terminated.isObject()) {
        if (Obj.str(terminated, "reason").isEmpty()) {
          reason =
              Obj.num(terminated, "signal") != 0
                  ? "Init:Signal:" + Obj.num(terminated, "signal")
                  : "Init:ExitCode:" + Obj.num(terminated, "exitCode");
        } else {
          reason = "Init:" + Obj.str(terminated, "reason");
        }
      } else if (!waitingReason.isEmpty() && !"PodInitializing".equals(waitingReason)) {
        reason = "Init:" + waitingReason;
      } else {
        reason = "Init:" + i + "/" + initSpecs.size();
      }
      initializing = true;
      break;
    }

    if (!initializing || conditionTrue(pod, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<JsonNode> statuses = Obj.list(pod, "status", "containerStatuses");
      // Last to first, so the first container's reason wins, as in kubectl.
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode cs = statuses.get(i);
        restarts += (int) Obj.num(cs, "restartCount");
        lastRestart = later(lastRestart, Obj.time(cs, "lastState", "terminated", "finishedAt"));
        JsonNode terminated = Obj.at(cs, "state", "terminated");
        String waitingReason = Obj.str(cs, "state", "waiting", "reason");
        if (!waitingReason.isEmpty()) {
          reason = waitingReason;
        } else if (terminated.isObject() && !Obj.str(terminated, "reason").isEmpty()) {
          reason = Obj.str(terminated, "reason");
        } else if (terminated.isObject()) {
          reason =
              Obj.num(terminated, "signal") != 0
                  ? "Signal:" + Obj.num(terminated, "signal")
                  : "ExitCode:" + Obj.num(terminated, "exitCode");
        } else if (Obj.bool(cs, "ready") && Obj.at(cs, "state", "running").isObject()) {
          hasRunning = true;
          ready++;
        }
      }
      if ("Completed".equals(reason) && hasRunning) {
        reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = Obj.has(pod, "metadata", "deletionTimestamp");
    if (deleting && "NodeLost".equals(Obj.str(pod, "status", "reason"))) {
      reason = "Unknown";
    } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
      reason = "Terminating";
    }

    String restartsCell = Integer.toString(restarts);
    if (restarts != 0 && lastRestart.isPresent()) {
      restartsCell = restarts + " (" + HumanDuration.since(lastRestart, now) + " ago)";
    }

    String ip = "";
    List<JsonNode> podIps = Obj.list(pod, "status", "podIPs");
    if (!podIps.isEmpty()) {
      ip = Obj.str(podIps.get(0), "ip");
    }
    if (ip.isEmpty()) {
      ip = Obj.str(pod, "status", "podIP");
    }
    String gates = "<none>";
    List<JsonNode> readinessGates = Obj.list(pod, "spec", "readinessGates");
    if (!readinessGates.isEmpty()) {
      int trueGates = 0;
      for (JsonNode gate : readinessGates) {
        if (conditionTrue(pod, Obj.str(gate, "conditionType"))) {
          trueGates++;
        }
      }
      gates = trueGates + "/" + readinessGates.size();
    }

    List<Object> cells = new ArrayList<>();
    cells.add(Obj.name(pod));
    cells.add(ready + "/" + total);
    cells.add(reason);
    cells.add(restartsCell);
    cells.add(Obj.age(pod, now));
    cells.add(Obj.orNone(ip));
    cells.add(Obj.orNone(Obj.str(pod, "spec", "nodeName")));
    cells.add(Obj.orNone(Obj.str(pod, "status", "nominatedNodeName")));
    cells.add(gates);
    return cells;
  }

  private static boolean isSidecar(JsonNode initContainer) {
    return initContainer != null && "Always".equals(Obj.str(initContainer, "restartPolicy"));
  }

  /** The first condition of that type decides, like kubectl. */
  private static boolean conditionTrue(JsonNode pod, String type) {
    for (JsonNode c : Obj.list(pod, "status", "conditions")) {
      if (type.equals(Obj.str(c, "type"))) {
        return "True".equals(Obj.str(c, "status"));
      }
    }
    return false;
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty() || a.get().isBefore(b.get())) {
      return b;
    }
    return a;
  }
}
