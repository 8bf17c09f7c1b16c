package io.cloudpedia.cli.local.demo;

import static io.cloudpedia.cli.local.demo.Js.arr;
import static io.cloudpedia.cli.local.demo.Js.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A pod's {@code status} as the kubelet reports it, for the few situations the demo shows. kubectl derives its
 * READY, STATUS and RESTARTS columns from these fields (phase, container states, restart counts), so they must
 * agree with one another.
 */
final class PodStatus {

    /** How often a crash-looping container has restarted. */
    static final int CRASH_LOOP_RESTARTS = 17;
    /** When the crash-looping container last failed, before now. */
    static final Duration LAST_CRASH = Duration.ofSeconds(130);

    enum Shape {
        /** Scheduled, started, ready. */
        RUNNING,
        /** Scheduled and started, but its container keeps exiting: waiting in CrashLoopBackOff, not ready. */
        CRASH_LOOP,
        /** No node fits it: unscheduled, no address, no container status. */
        PENDING,
        /** A job's pod whose container exited 0. */
        SUCCEEDED
    }

    /**
     * Where and when a pod ran.
     *
     * @param finished when a SUCCEEDED pod's container exited (ignored otherwise)
     */
    record Run(Shape shape, String namespace, String podName, String podUid, String container, String image,
               Instant created,
               Optional<String> hostIp, Optional<String> podIp, Instant finished) {
    }

    private PodStatus() {
    }

    /** The unschedulable pod's scheduler message, also the message of its FailedScheduling event. */
    static String unschedulableMessage(ClusterPlan plan) {
        long cordoned = plan.nodes().stream().filter(ClusterPlan.NodePlan::cordoned).count();
        long tainted = plan.nodes().stream().filter(n -> n.tainted() && !n.cordoned()).count();
        long full = plan.nodes().size() - cordoned - tainted;
        StringBuilder reasons = new StringBuilder();
        if (cordoned > 0) {
            reasons.append(cordoned).append(" node(s) were unschedulable, ");
        }
        if (tainted > 0) {
            reasons.append(tainted)
                    .append(" node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ");
        }
        reasons.append(full).append(" Insufficient cpu");
        return "0/" + plan.nodes().size() + " nodes are available: " + reasons + ". preemption: 0/"
                + plan.nodes().size() + " nodes are available: " + (plan.nodes().size() - full)
                + " Preemption is not helpful for scheduling, " + full
                + " No preemption victims found for incoming pod.";
    }

    static ObjectNode of(Run run, Instant now, String unschedulableMessage) {
        Instant started = run.created().plusSeconds(2);
        Instant running = started.plusSeconds(2);
        return switch (run.shape()) {
            case PENDING -> obj(
                    "conditions", arr(condition("PodScheduled", false, run.created(), "Unschedulable",
                            unschedulableMessage)),
                    "phase", "Pending",
                    "qosClass", "Burstable");
            case RUNNING -> started(run, "Running", started, arr(
                    condition("PodReadyToStartContainers", true, started.plusSeconds(1), null, null),
                    condition("Initialized", true, run.created().plusSeconds(1), null, null),
                    condition("Ready", true, running.plusSeconds(3), null, null),
                    condition("ContainersReady", true, running.plusSeconds(3), null, null),
                    condition("PodScheduled", true, run.created(), null, null)),
                    obj("name", run.container(), "ready", true, "restartCount", 0, "started", true,
                            "state", obj("running", obj("startedAt", running))));
            case CRASH_LOOP -> {
                Instant crashed = now.minus(LAST_CRASH);
                String notReady = "containers with unready status: [" + run.container() + "]";
                yield started(run, "Running", started, arr(
                        condition("PodReadyToStartContainers", true, started.plusSeconds(1), null, null),
                        condition("Initialized", true, run.created().plusSeconds(1), null, null),
                        condition("Ready", false, crashed, "ContainersNotReady", notReady),
                        condition("ContainersReady", false, crashed, "ContainersNotReady", notReady),
                        condition("PodScheduled", true, run.created(), null, null)),
                        obj("name", run.container(), "ready", false, "restartCount", CRASH_LOOP_RESTARTS,
                                "started", false,
                                "lastState", obj("terminated", obj("containerID", containerId(run, "last"),
                                        "exitCode", 1, "finishedAt", crashed, "reason", "Error",
                                        "startedAt", crashed.minusSeconds(4))),
                                "state", obj("waiting", obj("reason", "CrashLoopBackOff",
                                        "message", "back-off 5m0s restarting failed container=" + run.container()
                                                + " pod=" + run.podName() + "_" + run.namespace() + "(" + run.podUid()
                                                + ")"))));
            }
            case SUCCEEDED -> started(run, "Succeeded", started, arr(
                    condition("PodReadyToStartContainers", false, run.finished().plusSeconds(1), null, null),
                    condition("Initialized", true, run.created().plusSeconds(1), "PodCompleted", null),
                    condition("Ready", false, run.finished(), "PodCompleted", null),
                    condition("ContainersReady", false, run.finished(), "PodCompleted", null),
                    condition("PodScheduled", true, run.created(), null, null)),
                    obj("name", run.container(), "ready", false, "restartCount", 0, "started", false,
                            "state", obj("terminated", obj("containerID", containerId(run, "run"), "exitCode", 0,
                                    "finishedAt", run.finished(), "reason", "Completed", "startedAt", running))));
        };
    }

    /** The status of a pod that got a node and started its container. */
    private static ObjectNode started(Run run, String phase, Instant started, Object conditions, ObjectNode container) {
        ObjectNode status = container.deepCopy();
        // Field order as the kubelet writes it: id and image first.
        ObjectNode ordered = obj("containerID", containerId(run, "run"), "image", fullImage(run.image()),
                "imageID", imageId(run.image()));
        ordered.setAll(status);
        if (!ordered.has("lastState")) {
            ordered.set("lastState", obj());
        }
        String hostIp = run.hostIp().orElseThrow();
        String podIp = run.podIp().orElseThrow();
        return obj(
                "conditions", conditions,
                "containerStatuses", arr(ordered),
                "hostIP", hostIp,
                "hostIPs", arr(obj("ip", hostIp)),
                "phase", phase,
                "podIP", podIp,
                "podIPs", arr(obj("ip", podIp)),
                "qosClass", "Burstable",
                "startTime", started);
    }

    private static ObjectNode condition(String type, boolean status, Instant at, String reason, String message) {
        return obj("lastTransitionTime", at, "message", message, "reason", reason, "status", status ? "True" : "False",
                "type", type);
    }

    private static String containerId(Run run, String which) {
        return "containerd://" + Ids.hex(run.podUid() + "/" + run.container() + "/" + which, 64);
    }

    /** The image as the runtime names it: docker.io images get their registry and library/ prefix. */
    static String fullImage(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return image;
        }
        return slash < 0 ? "docker.io/library/" + image : "docker.io/" + image;
    }

    /** The repository digest the runtime pulled: stable per image. */
    static String imageId(String image) {
        String full = fullImage(image);
        int tag = full.lastIndexOf(':');
        String repository = tag > full.lastIndexOf('/') ? full.substring(0, tag) : full;
        return repository + "@sha256:" + Ids.hex("image/" + image, 64);
    }
}
