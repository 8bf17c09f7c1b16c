package io.cloudpedia.cli.local.demo;

import io.cloudpedia.agent.discovery.ResourceType;
import io.cloudpedia.agent.wire.Gvr;

/** The types every demo cluster syncs, in the order a replay lists them (cluster-scoped types first). */
enum DemoType {
    NAMESPACES("v1/namespaces", "Namespace", false),
    NODES("v1/nodes", "Node", false),
    CONFIGMAPS("v1/configmaps", "ConfigMap", true),
    SERVICES("v1/services", "Service", true),
    DEPLOYMENTS("apps/v1/deployments", "Deployment", true),
    REPLICASETS("apps/v1/replicasets", "ReplicaSet", true),
    STATEFULSETS("apps/v1/statefulsets", "StatefulSet", true),
    DAEMONSETS("apps/v1/daemonsets", "DaemonSet", true),
    CRONJOBS("batch/v1/cronjobs", "CronJob", true),
    JOBS("batch/v1/jobs", "Job", true),
    PODS("v1/pods", "Pod", true),
    EVENTS("v1/events", "Event", true);

    private final ResourceType resourceType;

    DemoType(String gvr, String kind, boolean namespaced) {
        this.resourceType = new ResourceType(Gvr.parse(gvr), kind, namespaced);
    }

    /** The type as the agent describes it (gvr, kind, namespaced). */
    ResourceType resourceType() {
        return resourceType;
    }

    Gvr gvr() {
        return resourceType.gvr();
    }

    String kind() {
        return resourceType.kind();
    }

    boolean namespaced() {
        return resourceType.namespaced();
    }

    String apiVersion() {
        return gvr().apiVersion();
    }

    /** The type of an object of this kind, as an event's involvedObject names it. */
    static DemoType ofKind(String kind) {
        for (DemoType type : values()) {
            if (type.kind().equals(kind)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no demo type of kind " + kind);
    }
}
