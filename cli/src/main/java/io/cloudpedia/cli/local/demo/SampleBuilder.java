package io.cloudpedia.cli.local.demo;

import static io.cloudpedia.cli.local.demo.Js.arr;
import static io.cloudpedia.cli.local.demo.Js.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.cli.local.demo.ClusterPlan.App;
import io.cloudpedia.cli.local.demo.ClusterPlan.ConfigPlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.CronPlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.Kind;
import io.cloudpedia.cli.local.demo.ClusterPlan.NodePlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.Platform;
import io.cloudpedia.cli.local.demo.ClusterPlan.Port;
import io.cloudpedia.cli.local.demo.ClusterPlan.ServicePlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.ServiceType;
import io.cloudpedia.cli.local.demo.ClusterPlan.Trouble;
import io.cloudpedia.cli.local.demo.PodStatus.Shape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a {@link ClusterPlan} into the objects its cluster would hold at a given moment: every workload with its
 * replica sets, pods and service, each owner reference pointing at the uid of the object that owns it, and the
 * events of the last hour pointing at the objects they are about.
 *
 * <p>Times are offsets from {@code now}; uids and names are hashes of the object's identity ({@link Ids}); so the
 * same plan and moment always give the same objects. The objects are built in memory first and get their
 * resourceVersions last, in order of their last change, as etcd would have numbered them.
 */
final class SampleBuilder {

    /** Pods of a recent rollout or a recent job have their lifecycle events; older events have expired (1 h). */
    private static final Duration EVENT_TTL = Duration.ofHours(1);
    /** How long before now the cordoned node was cordoned. */
    private static final Duration CORDONED = Duration.ofMinutes(134);
    /** How long before now the deployment with an unschedulable pod was scaled up to include it. */
    private static final Duration SCALED_UP = Duration.ofMinutes(40);
    /** Jobs finish well within this; a schedule tick closer to now than this has not fired yet in the sample. */
    private static final Duration JOB_MARGIN = Duration.ofMinutes(2);
    private static final Set<String> SYSTEM_NAMESPACES =
            Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final ClusterPlan plan;
    private final Platform platform;
    private final String cluster;
    private final Instant now;
    /** When the cluster was created: nothing in it is older. */
    private final Instant born;
    private final List<Made> made = new ArrayList<>();
    private final List<NodePlan> schedulable;
    private final Map<String, Integer> podsOnNode = new HashMap<>();
    private int nextNode;

    /** A built object and the moment it last changed, which orders resourceVersions. */
    private record Made(DemoType type, ObjectNode object, Instant changed) {
    }

    /** What an event needs to point at an object. */
    private record Involved(DemoType type, String namespace, String name, String uid, String fieldPath) {
        Involved field(String path) {
            return new Involved(type, namespace, name, uid, path);
        }
    }

    /** A pod once built, for its owner's status and its events. */
    private record PodRef(Involved involved, Optional<NodePlan> node, Shape shape, String container, String image,
                          Instant created) {
        boolean ready() {
            return shape == Shape.RUNNING;
        }
    }

    private SampleBuilder(ClusterPlan plan, Instant now) {
        this.plan = plan;
        this.platform = plan.platform();
        this.cluster = plan.name();
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        this.born = this.now.minus(plan.age());
        this.schedulable = plan.nodes().stream().filter(NodePlan::schedulable).toList();
    }

    static Sample build(ClusterPlan plan, Instant now) {
        return new SampleBuilder(plan, now).build();
    }

    private Sample build() {
        for (int i = 0; i < plan.nodes().size(); i++) {
            node(i, plan.nodes().get(i));
        }
        namespaces();
        kubernetesService();
        plan.configMaps().forEach(this::configMap);
        for (App app : plan.apps()) {
            switch (app.kind()) {
                case DEPLOYMENT -> deployment(app);
                case STATEFULSET -> statefulSet(app);
                case DAEMONSET -> daemonSet(app);
            }
        }
        plan.cronJobs().forEach(this::cronJob);
        return numbered();
    }

    // ---------------------------------------------------------------- cluster-scoped

    private void node(int index, NodePlan node) {
        Instant created = born.plusSeconds(90L * index);
        Map<String, String> labels = new TreeMap<>(Map.of(
                "beta.kubernetes.io/arch", platform.arch(),
                "beta.kubernetes.io/instance-type", node.instanceType(),
                "beta.kubernetes.io/os", "linux",
                "kubernetes.io/arch", platform.arch(),
                "kubernetes.io/hostname", node.name(),
                "kubernetes.io/os", "linux",
                "node.kubernetes.io/instance-type", node.instanceType(),
                "topology.kubernetes.io/region", platform.region(),
                "topology.kubernetes.io/zone", node.zone()));
        // kubectl's ROLES column reads these labels.
        node.roles().forEach(role -> labels.put("node-role.kubernetes.io/" + role, platform.roleLabelValue()));
        List<ObjectNode> taints = new ArrayList<>();
        if (node.tainted()) {
            taints.add(obj("effect", "NoSchedule", "key", "node-role.kubernetes.io/control-plane"));
        }
        if (node.cordoned()) {
            taints.add(obj("effect", "NoSchedule", "key", "node.kubernetes.io/unschedulable",
                    "timeAdded", now.minus(CORDONED)));
        }
        String podCidr = platform.podIpPrefix() + "." + index + ".0/24";
        long memoryKi = node.memoryGi() * 1024L * 1024 - 98_304;
        Instant heartbeat = now.minusSeconds(5 + (index * 13) % 40);
        Instant ready = created.plusSeconds(40);
        ObjectNode object = add(DemoType.NODES, heartbeat,
                metadata(DemoType.NODES, "", node.name(), created,
                        "labels", labels,
                        "annotations", Map.of(
                                "node.alpha.kubernetes.io/ttl", "0",
                                "volumes.kubernetes.io/controller-managed-attach-detach", "true")),
                "spec", obj(
                        "podCIDR", podCidr,
                        "podCIDRs", arr(podCidr),
                        "taints", taints.isEmpty() ? null : taints,
                        "unschedulable", node.cordoned() ? true : null),
                "status", obj(
                        "addresses", arr(
                                obj("address", nodeIp(node), "type", "InternalIP"),
                                obj("address", node.name(), "type", "Hostname")),
                        "allocatable", obj(
                                "cpu", (node.cpus() * 1000 - 70 - 10 * node.cpus()) + "m",
                                "ephemeral-storage", "76224326324",
                                "hugepages-1Gi", "0",
                                "hugepages-2Mi", "0",
                                "memory", (memoryKi - 700_000) + "Ki",
                                "pods", "110"),
                        "capacity", obj(
                                "cpu", Integer.toString(node.cpus()),
                                "ephemeral-storage", "81106868Ki",
                                "hugepages-1Gi", "0",
                                "hugepages-2Mi", "0",
                                "memory", memoryKi + "Ki",
                                "pods", "110"),
                        "conditions", arr(
                                nodeCondition("MemoryPressure", false, heartbeat, ready, "KubeletHasSufficientMemory",
                                        "kubelet has sufficient memory available"),
                                nodeCondition("DiskPressure", false, heartbeat, ready, "KubeletHasNoDiskPressure",
                                        "kubelet has no disk pressure"),
                                nodeCondition("PIDPressure", false, heartbeat, ready, "KubeletHasSufficientPID",
                                        "kubelet has sufficient PID available"),
                                nodeCondition("Ready", true, heartbeat, ready, "KubeletReady",
                                        "kubelet is posting ready status")),
                        "daemonEndpoints", obj("kubeletEndpoint", obj("Port", 10250)),
                        "nodeInfo", obj(
                                "architecture", platform.arch(),
                                "bootID", Ids.uid(cluster, DemoType.NODES, "boot", node.name()),
                                "containerRuntimeVersion", platform.containerRuntime(),
                                "kernelVersion", platform.kernelVersion(),
                                "kubeProxyVersion", plan.version(),
                                "kubeletVersion", plan.version(),
                                "machineID", Ids.hex(cluster + "/machine/" + node.name(), 32),
                                "operatingSystem", "linux",
                                "osImage", platform.osImage(),
                                "systemUUID", Ids.uid(cluster, DemoType.NODES, "system", node.name()))));
        if (node.cordoned()) {
            Involved on = involved(DemoType.NODES, object);
            Instant at = now.minus(CORDONED);
            event(on, "Normal", "NodeNotSchedulable", "Node " + node.name() + " status is now: NodeNotSchedulable",
                    at, at, 1, "kubelet", node.name());
        }
    }

    private static ObjectNode nodeCondition(String type, boolean status, Instant heartbeat, Instant transition,
                                            String reason, String message) {
        return obj("lastHeartbeatTime", heartbeat, "lastTransitionTime", transition, "message", message,
                "reason", reason, "status", status ? "True" : "False", "type", type);
    }

    /** The system namespaces date from the cluster's creation, the others from just before their first object. */
    private void namespaces() {
        Map<String, Instant> created = new TreeMap<>();
        SYSTEM_NAMESPACES.forEach(ns -> created.put(ns, born));
        for (String ns : plan.namespaces()) {
            created.put(ns, now);
        }
        plan.apps().forEach(app -> created.merge(app.namespace(), since(app.created()), SampleBuilder::earlier));
        plan.cronJobs().forEach(cron -> created.merge(cron.namespace(), since(cron.created()), SampleBuilder::earlier));
        plan.configMaps().forEach(cm -> created.merge(cm.namespace(), since(cm.created()), SampleBuilder::earlier));
        created.forEach((ns, first) -> {
            Instant at = SYSTEM_NAMESPACES.contains(ns) ? born : later(first.minusSeconds(30), born);
            add(DemoType.NAMESPACES, at,
                    metadata(DemoType.NAMESPACES, "", ns, at, "labels", Map.of("kubernetes.io/metadata.name", ns)),
                    "spec", obj("finalizers", arr("kubernetes")),
                    "status", obj("phase", "Active"));
            // Every namespace gets the API server's CA bundle, as kube-controller-manager publishes it.
            add(DemoType.CONFIGMAPS, at.plusSeconds(1),
                    metadata(DemoType.CONFIGMAPS, ns, "kube-root-ca.crt", at.plusSeconds(1),
                            "annotations", Map.of("kubernetes.io/description", "Contains a CA bundle that can be used"
                                    + " to verify the kube-apiserver when using internal endpoints such as the"
                                    + " internal service IP or kubernetes.default.svc. No other usage is guaranteed"
                                    + " across distributions of Kubernetes clusters.")),
                    "data", obj("ca.crt", fakeCertificate()));
        });
    }

    private String fakeCertificate() {
        StringBuilder pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (int line = 0; line < 4; line++) {
            byte[] bytes = Ids.hex(cluster + "/ca/" + line, 64).getBytes(StandardCharsets.US_ASCII);
            pem.append(Base64.getEncoder().encodeToString(bytes), 0, 64).append('\n');
        }
        return pem.append("-----END CERTIFICATE-----\n").toString();
    }

    // ---------------------------------------------------------------- config and services

    private void kubernetesService() {
        Instant at = born.plusSeconds(5);
        String ip = platform.serviceIpPrefix() + ".0.1";
        add(DemoType.SERVICES, at,
                metadata(DemoType.SERVICES, "default", "kubernetes", at,
                        "labels", Map.of("component", "apiserver", "provider", "kubernetes")),
                "spec", obj(
                        "clusterIP", ip,
                        "clusterIPs", arr(ip),
                        "internalTrafficPolicy", "Cluster",
                        "ipFamilies", arr("IPv4"),
                        "ipFamilyPolicy", "SingleStack",
                        "ports", arr(obj("name", "https", "port", 443, "protocol", "TCP", "targetPort", 6443)),
                        "sessionAffinity", "None",
                        "type", "ClusterIP"),
                "status", obj("loadBalancer", obj()));
    }

    private void configMap(ConfigPlan cm) {
        Instant at = since(cm.created());
        add(DemoType.CONFIGMAPS, at, metadata(DemoType.CONFIGMAPS, cm.namespace(), cm.name(), at), "data", cm.data());
    }

    private void service(App app, ServicePlan svc, Instant created) {
        String ip = switch (svc.type()) {
            case HEADLESS -> "None";
            case CLUSTER_IP, LOAD_BALANCER -> svc.clusterIp().orElseGet(() -> serviceIp(app.namespace(), svc.name()));
        };
        boolean lb = svc.type() == ServiceType.LOAD_BALANCER;
        List<ObjectNode> ports = new ArrayList<>();
        for (Port p : app.ports()) {
            // NodePorts come from 30000-32767.
            String seed = cluster + "/nodePort/" + svc.name() + "/" + p.name();
            Integer nodePort = lb ? 30000 + Ids.below(seed, 2768) : null;
            ports.add(obj("name", p.name(),
                    "nodePort", nodePort,
                    "port", p.servicePort(), "protocol", p.protocol(), "targetPort", p.containerPort()));
        }
        List<ObjectNode> ingress = new ArrayList<>();
        for (String address : svc.ingress()) {
            boolean hostname = address.chars().anyMatch(Character::isLetter);
            ingress.add(hostname ? obj("hostname", address) : obj("ip", address, "ipMode", "VIP"));
        }
        add(DemoType.SERVICES, created,
                metadata(DemoType.SERVICES, app.namespace(), svc.name(), created, "labels", appLabels(app)),
                "spec", obj(
                        "allocateLoadBalancerNodePorts", lb ? true : null,
                        "clusterIP", ip,
                        "clusterIPs", arr(ip),
                        "externalTrafficPolicy", lb ? "Cluster" : null,
                        "internalTrafficPolicy", "Cluster",
                        "ipFamilies", arr("IPv4"),
                        "ipFamilyPolicy", "SingleStack",
                        "ports", ports,
                        "selector", app.selector(),
                        "sessionAffinity", "None",
                        "type", lb ? "LoadBalancer" : "ClusterIP"),
                "status", obj("loadBalancer", ingress.isEmpty() ? obj() : obj("ingress", ingress)));
    }

    /** A ClusterIP picked by hashing the service's name (a real API server picks at random). */
    private String serviceIp(String namespace, String name) {
        String seed = cluster + "/svc/" + namespace + "/" + name;
        return platform.serviceIpPrefix() + "." + (1 + Ids.below(seed + "/3", 254)) + "." + (2 + Ids.below(seed, 250));
    }

    // ---------------------------------------------------------------- workloads

    private void deployment(App app) {
        Instant created = since(app.created());
        Instant rollout = app.rolledOutAgain() ? since(app.age()) : created;
        String uid = uid(DemoType.DEPLOYMENTS, app.namespace(), app.name());
        ObjectNode owner = ownerReference(DemoType.DEPLOYMENTS, app.name(), uid);
        int revision = app.rolledOutAgain() ? 2 : 1;
        Map<String, String> labels = appLabels(app);
        // A `kubectl rollout restart` changes only this annotation of the template: a new replica set, same image.
        Map<String, String> restarted = app.rolledOutAgain()
                ? Map.of("kubectl.kubernetes.io/restartedAt", Js.time(rollout)) : Map.of();
        app.service().ifPresent(svc -> service(app, svc, created));

        if (app.rolledOutAgain()) {
            replicaSet(app, owner, 1, created, Map.of(), 0, List.of());
        }
        String rsName = app.name() + "-" + templateHash(app, revision);
        Instant rsCreated = rollout.plusSeconds(1);
        List<PodRef> pods = new ArrayList<>();
        for (int i = 0; i < app.replicas(); i++) {
            boolean troubled = i == app.replicas() - 1 && app.trouble() != Trouble.NONE;
            Instant podCreated = troubled && app.trouble() == Trouble.PENDING
                    ? later(now.minus(SCALED_UP), rsCreated) : rsCreated.plusSeconds(1 + i);
            Shape shape = !troubled ? Shape.RUNNING
                    : app.trouble() == Trouble.PENDING ? Shape.PENDING : Shape.CRASH_LOOP;
            String name = rsName + "-" + Ids.safe(cluster + "/" + rsName + "/" + i, 5);
            Map<String, String> podLabels = with(labels, "pod-template-hash", templateHash(app, revision));
            pods.add(pod(app, name, rsName + "-", podLabels, restarted,
                    ownerReference(DemoType.REPLICASETS, rsName, uid(DemoType.REPLICASETS, app.namespace(), rsName)),
                    podCreated, shape, obj()));
        }
        ObjectNode rs = replicaSet(app, owner, revision, rsCreated, restarted, app.replicas(), pods);
        int ready = (int) pods.stream().filter(PodRef::ready).count();
        int unavailable = app.replicas() - ready;
        // Available while no more than maxUnavailable (25%, rounded down) replicas are missing.
        boolean available = unavailable <= app.replicas() / 4;
        add(DemoType.DEPLOYMENTS, created,
                metadata(DemoType.DEPLOYMENTS, app.namespace(), app.name(), created,
                        "generation", revision,
                        "labels", labels,
                        "annotations", Map.of("deployment.kubernetes.io/revision", Integer.toString(revision))),
                "spec", obj(
                        "progressDeadlineSeconds", 600,
                        "replicas", app.replicas(),
                        "revisionHistoryLimit", 10,
                        "selector", obj("matchLabels", app.selector()),
                        "strategy", obj("rollingUpdate", obj("maxSurge", "25%", "maxUnavailable", "25%"),
                                "type", "RollingUpdate"),
                        "template", template(app, labels, restarted)),
                "status", obj(
                        "availableReplicas", ready,
                        "conditions", arr(
                                available
                                        ? obj("lastTransitionTime", rollout.plusSeconds(8), "lastUpdateTime",
                                        rollout.plusSeconds(8), "message", "Deployment has minimum availability.",
                                        "reason", "MinimumReplicasAvailable", "status", "True", "type", "Available")
                                        : obj("lastTransitionTime", now.minus(SCALED_UP), "lastUpdateTime",
                                        now.minus(SCALED_UP),
                                        "message", "Deployment does not have minimum availability.",
                                        "reason", "MinimumReplicasUnavailable", "status", "False", "type", "Available"),
                                obj("lastTransitionTime", created.plusSeconds(1), "lastUpdateTime",
                                        rollout.plusSeconds(8),
                                        "message", "ReplicaSet \"" + rsName + "\" has successfully progressed.",
                                        "reason", "NewReplicaSetAvailable", "status", "True", "type", "Progressing")),
                        "observedGeneration", revision,
                        "readyReplicas", ready == 0 ? null : ready,
                        "replicas", app.replicas(),
                        "unavailableReplicas", unavailable == 0 ? null : unavailable,
                        "updatedReplicas", app.replicas()));

        Involved deploymentRef = new Involved(DemoType.DEPLOYMENTS, app.namespace(), app.name(), uid, null);
        Involved rsRef = involved(DemoType.REPLICASETS, rs);
        if (app.rolledOutAgain() && since(app.age()).isAfter(now.minus(EVENT_TTL))) {
            String oldName = app.name() + "-" + templateHash(app, 1);
            event(deploymentRef, "Normal", "ScalingReplicaSet", "Scaled up replica set " + rsName + " from 0 to "
                    + app.replicas(), rollout, rollout, 1, "deployment-controller", "");
            event(deploymentRef, "Normal", "ScalingReplicaSet", "Scaled down replica set " + oldName + " from "
                    + app.replicas() + " to 0", rollout.plusSeconds(20), rollout.plusSeconds(20), 1,
                    "deployment-controller", "");
            pods.forEach(pod -> {
                podCreatedEvent(rsRef, pod, "replicaset-controller");
                lifecycleEvents(pod);
            });
        }
        pods.stream().filter(p -> p.shape() == Shape.PENDING).forEach(pod -> {
            event(deploymentRef, "Normal", "ScalingReplicaSet", "Scaled up replica set " + rsName + " from "
                    + (app.replicas() - 1) + " to " + app.replicas(), pod.created(), pod.created(), 1,
                    "deployment-controller", "");
            podCreatedEvent(rsRef, pod, "replicaset-controller");
        });
        pods.forEach(this::troubleEvents);
    }

    private ObjectNode replicaSet(App app, ObjectNode deploymentOwner, int revision, Instant created,
                                  Map<String, String> templateAnnotations, int replicas, List<PodRef> pods) {
        String hash = templateHash(app, revision);
        String name = app.name() + "-" + hash;
        Map<String, String> labels = with(appLabels(app), "pod-template-hash", hash);
        int ready = (int) pods.stream().filter(PodRef::ready).count();
        return add(DemoType.REPLICASETS, created,
                metadata(DemoType.REPLICASETS, app.namespace(), name, created,
                        "generation", replicas == 0 ? 2 : 1,
                        "labels", labels,
                        "annotations", Map.of(
                                "deployment.kubernetes.io/desired-replicas", Integer.toString(app.replicas()),
                                "deployment.kubernetes.io/max-replicas",
                                Integer.toString(app.replicas() + (app.replicas() + 3) / 4),
                                "deployment.kubernetes.io/revision", Integer.toString(revision)),
                        "ownerReferences", arr(deploymentOwner)),
                "spec", obj(
                        "replicas", replicas,
                        "selector", obj("matchLabels", with(app.selector(), "pod-template-hash", hash)),
                        "template", template(app, labels, templateAnnotations)),
                "status", obj(
                        "availableReplicas", ready == 0 ? null : ready,
                        "fullyLabeledReplicas", replicas == 0 ? null : replicas,
                        "observedGeneration", replicas == 0 ? 2 : 1,
                        "readyReplicas", ready == 0 ? null : ready,
                        "replicas", replicas));
    }

    private void statefulSet(App app) {
        Instant created = since(app.created());
        String uid = uid(DemoType.STATEFULSETS, app.namespace(), app.name());
        String revision = app.name() + "-" + templateHash(app, 1);
        Map<String, String> labels = appLabels(app);
        app.service().ifPresent(svc -> service(app, svc, created));
        List<PodRef> pods = new ArrayList<>();
        for (int i = 0; i < app.replicas(); i++) {
            String name = app.name() + "-" + i;
            Map<String, String> podLabels = new TreeMap<>(labels);
            podLabels.put("apps.kubernetes.io/pod-index", Integer.toString(i));
            podLabels.put("controller-revision-hash", revision);
            podLabels.put("statefulset.kubernetes.io/pod-name", name);
            // Ordered start: each pod waits for the previous one to be ready.
            pods.add(pod(app, name, null, podLabels, Map.of(), ownerReference(DemoType.STATEFULSETS, app.name(), uid),
                    created.plusSeconds(1 + 40L * i), Shape.RUNNING,
                    obj("hostname", name, "subdomain", app.name())));
        }
        int ready = (int) pods.stream().filter(PodRef::ready).count();
        add(DemoType.STATEFULSETS, created,
                metadata(DemoType.STATEFULSETS, app.namespace(), app.name(), created, "generation", 1,
                        "labels", labels),
                "spec", obj(
                        "persistentVolumeClaimRetentionPolicy", obj("whenDeleted", "Retain", "whenScaled", "Retain"),
                        "podManagementPolicy", "OrderedReady",
                        "replicas", app.replicas(),
                        "revisionHistoryLimit", 10,
                        "selector", obj("matchLabels", app.selector()),
                        "serviceName", app.name(),
                        "template", template(app, labels, Map.of()),
                        "updateStrategy", obj("rollingUpdate", obj("partition", 0), "type", "RollingUpdate"),
                        "volumeClaimTemplates", arr(obj(
                                "apiVersion", "v1",
                                "kind", "PersistentVolumeClaim",
                                "metadata", obj("name", "data"),
                                "spec", obj("accessModes", arr("ReadWriteOnce"),
                                        "resources", obj("requests", obj("storage", "10Gi")),
                                        "volumeMode", "Filesystem")))),
                "status", obj(
                        "availableReplicas", ready,
                        "collisionCount", 0,
                        "currentReplicas", app.replicas(),
                        "currentRevision", revision,
                        "observedGeneration", 1,
                        "readyReplicas", ready,
                        "replicas", app.replicas(),
                        "updateRevision", revision,
                        "updatedReplicas", app.replicas()));
    }

    /** One pod on every node, tainted and cordoned ones included: node agents tolerate everything. */
    private void daemonSet(App app) {
        Instant created = since(app.created());
        String uid = uid(DemoType.DAEMONSETS, app.namespace(), app.name());
        String revision = templateHash(app, 1);
        Map<String, String> labels = appLabels(app);
        List<PodRef> pods = new ArrayList<>();
        for (int i = 0; i < plan.nodes().size(); i++) {
            NodePlan node = plan.nodes().get(i);
            String name = app.name() + "-" + Ids.safe(cluster + "/" + app.name() + "/" + node.name(), 5);
            Map<String, String> podLabels = new TreeMap<>(labels);
            podLabels.put("controller-revision-hash", revision);
            podLabels.put("pod-template-generation", "1");
            Instant podCreated = later(created, born.plusSeconds(90L * i)).plusSeconds(5);
            // The daemon set controller pins each pod to its node by name.
            ObjectNode onThisNode = obj("matchFields", arr(obj("key", "metadata.name", "operator", "In",
                    "values", arr(node.name()))));
            ObjectNode affinity = obj("nodeAffinity", obj("requiredDuringSchedulingIgnoredDuringExecution",
                    obj("nodeSelectorTerms", arr(onThisNode))));
            pods.add(pod(app, name, app.name() + "-", podLabels, Map.of(),
                    ownerReference(DemoType.DAEMONSETS, app.name(), uid), podCreated, Shape.RUNNING,
                    obj("affinity", affinity), Optional.of(node)));
        }
        int nodes = plan.nodes().size();
        int ready = (int) pods.stream().filter(PodRef::ready).count();
        add(DemoType.DAEMONSETS, created,
                metadata(DemoType.DAEMONSETS, app.namespace(), app.name(), created, "generation", 1,
                        "labels", labels,
                        "annotations", Map.of("deprecated.daemonset.template.generation", "1")),
                "spec", obj(
                        "revisionHistoryLimit", 10,
                        "selector", obj("matchLabels", app.selector()),
                        "template", template(app, labels, Map.of()),
                        "updateStrategy", obj("rollingUpdate", obj("maxSurge", 0, "maxUnavailable", 1),
                                "type", "RollingUpdate")),
                "status", obj(
                        "currentNumberScheduled", nodes,
                        "desiredNumberScheduled", nodes,
                        "numberAvailable", ready,
                        "numberMisscheduled", 0,
                        "numberReady", ready,
                        "observedGeneration", 1,
                        "updatedNumberScheduled", nodes));
    }

    /** The pod template of a workload: what its pods' specs are made from. */
    private ObjectNode template(App app, Map<String, String> labels, Map<String, String> annotations) {
        return obj("metadata", obj("annotations", annotations.isEmpty() ? null : annotations, "labels", labels),
                "spec", podSpec(app));
    }

    private ObjectNode podSpec(App app) {
        boolean system = app.namespace().equals("kube-system");
        boolean daemon = app.kind() == Kind.DAEMONSET;
        boolean data = app.kind() == Kind.STATEFULSET;
        String cpu = daemon ? "50m" : data ? "250m" : "100m";
        String memory = daemon ? "64Mi" : data ? "512Mi" : "128Mi";
        List<ObjectNode> ports = new ArrayList<>();
        for (Port p : app.ports()) {
            ports.add(obj("containerPort", p.containerPort(), "hostPort", app.hostNetwork() ? p.containerPort() : null,
                    "name", p.name(), "protocol", p.protocol()));
        }
        ObjectNode container = obj(
                "image", app.image(),
                "imagePullPolicy", "IfNotPresent",
                "name", app.container(),
                "ports", ports.isEmpty() ? null : ports,
                "resources", obj("limits", obj("memory", doubled(memory)),
                        "requests", obj("cpu", cpu, "memory", memory)),
                "terminationMessagePath", "/dev/termination-log",
                "terminationMessagePolicy", "File",
                "volumeMounts", data ? arr(obj("mountPath", "/data", "name", "data")) : null);
        return obj(
                "containers", arr(container),
                "dnsPolicy", app.hostNetwork() ? "ClusterFirstWithHostNet" : "ClusterFirst",
                "hostNetwork", app.hostNetwork() ? true : null,
                "nodeSelector", daemon ? Map.of("kubernetes.io/os", "linux") : null,
                "priorityClassName", !system ? null : daemon ? "system-node-critical" : "system-cluster-critical",
                "restartPolicy", "Always",
                "schedulerName", "default-scheduler",
                "securityContext", obj(),
                "serviceAccountName", system ? app.name() : "default",
                "terminationGracePeriodSeconds", 30,
                "tolerations", daemon ? arr(obj("operator", "Exists")) : null);
    }

    private static String doubled(String memory) {
        return Integer.parseInt(memory.substring(0, memory.length() - 2)) * 2 + "Mi";
    }

    // ---------------------------------------------------------------- pods

    private PodRef pod(App app, String name, String generateName, Map<String, String> labels,
                       Map<String, String> annotations, ObjectNode owner, Instant created, Shape shape,
                       ObjectNode specExtras) {
        Optional<NodePlan> node = shape == Shape.PENDING ? Optional.empty() : Optional.of(nextSchedulableNode());
        return pod(app, name, generateName, labels, annotations, owner, created, shape, specExtras, node);
    }

    private PodRef pod(App app, String name, String generateName, Map<String, String> labels,
                       Map<String, String> annotations, ObjectNode owner, Instant created, Shape shape,
                       ObjectNode specExtras, Optional<NodePlan> node) {
        ObjectNode spec = podSpec(app);
        spec.setAll(specExtras);
        if (app.kind() == Kind.STATEFULSET) {
            spec.set("volumes", arr(obj("name", "data", "persistentVolumeClaim", obj("claimName", "data-" + name))));
        }
        return addPod(app.namespace(), name, generateName, labels, annotations, owner, spec, app.container(),
                app.image(), created, shape, node, app.hostNetwork(), created);
    }

    /** Completes a pod spec as the API server and scheduler would, adds the status, and records the pod. */
    private PodRef addPod(String namespace, String name, String generateName, Map<String, String> labels,
                          Map<String, String> annotations, ObjectNode owner, ObjectNode spec, String container,
                          String image, Instant created, Shape shape, Optional<NodePlan> node, boolean hostNetwork,
                          Instant finished) {
        String uid = uid(DemoType.PODS, namespace, name);
        spec.put("enableServiceLinks", true);
        node.ifPresent(n -> spec.put("nodeName", n.name()));
        spec.put("preemptionPolicy", "PreemptLowerPriority");
        spec.put("priority", spec.has("priorityClassName")
                ? spec.get("priorityClassName").asText().equals("system-node-critical") ? 2_000_001_000 : 2_000_000_000
                : 0);
        spec.put("serviceAccount", spec.path("serviceAccountName").asText("default"));
        if (!spec.has("tolerations")) {
            // The API server adds these to every pod that does not tolerate the node problems itself.
            spec.set("tolerations", arr(
                    obj("effect", "NoExecute", "key", "node.kubernetes.io/not-ready", "operator", "Exists",
                            "tolerationSeconds", 300),
                    obj("effect", "NoExecute", "key", "node.kubernetes.io/unreachable", "operator", "Exists",
                            "tolerationSeconds", 300)));
        }
        Optional<String> hostIp = node.map(this::nodeIp);
        Optional<String> podIp = hostNetwork ? hostIp : node.map(this::nextPodIp);
        PodStatus.Run run =
                new PodStatus.Run(shape, namespace, name, uid, container, image, created, hostIp, podIp, finished);
        Instant changed = shape == Shape.CRASH_LOOP ? now.minus(PodStatus.LAST_CRASH)
                : shape == Shape.SUCCEEDED ? finished : created.plusSeconds(9);
        add(DemoType.PODS, changed,
                metadata(DemoType.PODS, namespace, name, created,
                        "generateName", generateName,
                        "labels", labels,
                        "annotations", annotations.isEmpty() ? null : annotations,
                        "ownerReferences", arr(owner)),
                "spec", spec,
                "status", PodStatus.of(run, now, PodStatus.unschedulableMessage(plan)));
        return new PodRef(new Involved(DemoType.PODS, namespace, name, uid, null), node, shape, container, image,
                created);
    }

    /** Application pods go round-robin over the nodes that take them, so every node runs a share. */
    private NodePlan nextSchedulableNode() {
        return schedulable.get(nextNode++ % schedulable.size());
    }

    private String nodeIp(NodePlan node) {
        return platform.nodeIpPrefix() + "." + (11 + plan.nodes().indexOf(node));
    }

    /** The next address of the node's pod range (its /24; .1 is the bridge). */
    private String nextPodIp(NodePlan node) {
        int index = plan.nodes().indexOf(node);
        int host = podsOnNode.merge(node.name(), 1, Integer::sum) + 1;
        return platform.podIpPrefix() + "." + index + "." + host;
    }

    // ---------------------------------------------------------------- jobs

    /**
     * The jobs the CronJob kept, at the schedule's last ticks before now (ticks are multiples of the period since
     * the epoch, which is what the plans' schedules say), each with its completed pod.
     */
    private void cronJob(CronPlan cron) {
        Instant created = since(cron.created());
        String uid = uid(DemoType.CRONJOBS, cron.namespace(), cron.name());
        long period = cron.every().getSeconds();
        long lastTick = now.minus(JOB_MARGIN).getEpochSecond() / period * period;
        ObjectNode podTemplate = obj("metadata", obj(), "spec", obj(
                "containers", arr(obj(
                        "command", cron.command(),
                        "image", cron.image(),
                        "imagePullPolicy", "IfNotPresent",
                        "name", cron.name(),
                        "resources", obj("requests", obj("cpu", "100m", "memory", "128Mi")),
                        "terminationMessagePath", "/dev/termination-log",
                        "terminationMessagePolicy", "File")),
                "dnsPolicy", "ClusterFirst",
                "restartPolicy", "OnFailure",
                "schedulerName", "default-scheduler",
                "securityContext", obj(),
                "terminationGracePeriodSeconds", 30));
        Instant lastFinished = null;
        for (int k = cron.jobsKept() - 1; k >= 0; k--) {
            Instant tick = Instant.ofEpochSecond(lastTick - k * period);
            lastFinished = job(cron, uid, podTemplate, tick, k == 0);
        }
        add(DemoType.CRONJOBS, created,
                metadata(DemoType.CRONJOBS, cron.namespace(), cron.name(), created, "generation", 1),
                "spec", obj(
                        "concurrencyPolicy", "Forbid",
                        "failedJobsHistoryLimit", 1,
                        "jobTemplate", obj("metadata", obj(), "spec", obj("backoffLimit", 2,
                                "template", podTemplate)),
                        "schedule", cron.schedule(),
                        "successfulJobsHistoryLimit", cron.jobsKept(),
                        "suspend", false),
                "status", obj(
                        "lastScheduleTime", Instant.ofEpochSecond(lastTick),
                        "lastSuccessfulTime", lastFinished));
    }

    /** One job run at {@code tick}; returns when it completed. Only the newest run still has its events. */
    private Instant job(CronPlan cron, String cronUid, ObjectNode podTemplate, Instant tick, boolean newest) {
        String name = cron.name() + "-" + tick.getEpochSecond() / 60;
        String uid = uid(DemoType.JOBS, cron.namespace(), name);
        Instant started = tick.plusSeconds(1);
        Instant finished = started.plusSeconds(12 + Ids.below(cluster + "/" + name, 40));
        Map<String, String> jobLabels = new TreeMap<>(Map.of(
                "batch.kubernetes.io/controller-uid", uid,
                "batch.kubernetes.io/job-name", name,
                "controller-uid", uid,
                "job-name", name));
        ObjectNode template = podTemplate.deepCopy();
        template.set("metadata", obj("labels", jobLabels));
        ObjectNode job = add(DemoType.JOBS, finished,
                metadata(DemoType.JOBS, cron.namespace(), name, tick, "generation", 1,
                        "labels", jobLabels,
                        "annotations", Map.of("batch.kubernetes.io/cronjob-scheduled-timestamp", Js.time(tick)),
                        "ownerReferences", arr(ownerReference(DemoType.CRONJOBS, cron.name(), cronUid))),
                "spec", obj(
                        "backoffLimit", 2,
                        "completionMode", "NonIndexed",
                        "completions", 1,
                        "manualSelector", false,
                        "parallelism", 1,
                        "podReplacementPolicy", "TerminatingOrFailed",
                        "selector", obj("matchLabels", Map.of("batch.kubernetes.io/controller-uid", uid)),
                        "suspend", false,
                        "template", template),
                "status", obj(
                        "completionTime", finished,
                        "conditions", arr(
                                obj("lastProbeTime", finished, "lastTransitionTime", finished,
                                        "message", "Reached expected number of succeeded pods",
                                        "reason", "CompletionsReached", "status", "True", "type", "SuccessCriteriaMet"),
                                obj("lastProbeTime", finished, "lastTransitionTime", finished,
                                        "message", "Reached expected number of succeeded pods",
                                        "reason", "CompletionsReached", "status", "True", "type", "Complete")),
                        "ready", 0,
                        "startTime", started,
                        "succeeded", 1,
                        "terminating", 0,
                        "uncountedTerminatedPods", obj()));
        String podName = name + "-" + Ids.safe(cluster + "/" + name, 5);
        ObjectNode spec = (ObjectNode) template.get("spec").deepCopy();
        spec.put("serviceAccountName", "default");
        PodRef pod = addPod(cron.namespace(), podName, name + "-", jobLabels, Map.of(),
                ownerReference(DemoType.JOBS, name, uid), spec, cron.name(), cron.image(), started, Shape.SUCCEEDED,
                Optional.of(nextSchedulableNode()), false, finished.minusSeconds(1));
        if (newest) {
            Involved cronRef = new Involved(DemoType.CRONJOBS, cron.namespace(), cron.name(), cronUid, null);
            Involved jobRef = involved(DemoType.JOBS, job);
            event(cronRef, "Normal", "SuccessfulCreate", "Created job " + name, tick, tick, 1, "cronjob-controller",
                    "");
            podCreatedEvent(jobRef, pod, "job-controller");
            lifecycleEvents(pod);
            event(jobRef, "Normal", "Completed", "Job completed", finished, finished, 1, "job-controller", "");
            event(cronRef, "Normal", "SawCompletedJob", "Saw completed job: " + name + ", condition: Complete",
                    finished.plusSeconds(1), finished.plusSeconds(1), 1, "cronjob-controller", "");
        }
        return finished;
    }

    // ---------------------------------------------------------------- events

    private void podCreatedEvent(Involved controller, PodRef pod, String component) {
        event(controller, "Normal", "SuccessfulCreate", "Created pod: " + pod.involved().name(), pod.created(),
                pod.created(), 1, component, "");
    }

    /** What the scheduler and kubelet report while a pod starts. */
    private void lifecycleEvents(PodRef pod) {
        Involved on = pod.involved();
        Instant at = pod.created();
        if (pod.node().isEmpty()) {
            return;
        }
        String node = pod.node().get().name();
        event(on, "Normal", "Scheduled", "Successfully assigned " + on.namespace() + "/" + on.name() + " to " + node,
                at, at, 1, "default-scheduler", "");
        Involved container = on.field("spec.containers{" + pod.container() + "}");
        event(container, "Normal", "Pulled", "Container image \"" + pod.image() + "\" already present on machine",
                at.plusSeconds(1), at.plusSeconds(1), 1, "kubelet", node);
        event(container, "Normal", "Created", "Created container: " + pod.container(), at.plusSeconds(1),
                at.plusSeconds(1), 1, "kubelet", node);
        event(container, "Normal", "Started", "Started container " + pod.container(), at.plusSeconds(2),
                at.plusSeconds(2), 1, "kubelet", node);
    }

    /** The recurring events of a pod that is not well: they keep being updated, so they have not expired. */
    private void troubleEvents(PodRef pod) {
        Involved on = pod.involved();
        switch (pod.shape()) {
            case PENDING -> event(on, "Warning", "FailedScheduling", PodStatus.unschedulableMessage(plan),
                    pod.created(), now.minusSeconds(47), (int) (Duration.between(pod.created(), now).toMinutes() / 3),
                    "default-scheduler", "");
            case CRASH_LOOP -> {
                String node = pod.node().orElseThrow().name();
                Involved container = on.field("spec.containers{" + pod.container() + "}");
                Instant firstCrash = pod.created().plusSeconds(30);
                event(container, "Normal", "Pulled", "Container image \"" + pod.image()
                        + "\" already present on machine", pod.created().plusSeconds(1),
                        now.minus(PodStatus.LAST_CRASH).minusSeconds(5), PodStatus.CRASH_LOOP_RESTARTS + 1,
                        "kubelet", node);
                event(container, "Warning", "BackOff", "Back-off restarting failed container " + pod.container()
                        + " in pod " + on.name() + "_" + on.namespace() + "(" + on.uid() + ")", firstCrash,
                        now.minusSeconds(35), 74, "kubelet", node);
            }
            default -> {
            }
        }
    }

    /** A core/v1 Event, named like the API server names them: the object's name and a unique suffix. */
    private void event(Involved on, String type, String reason, String message, Instant first, Instant last,
                       int count, String component, String host) {
        String namespace = on.type().namespaced() ? on.namespace() : "default";
        String name = on.name() + "." + Ids.hex(cluster + "/" + on.type() + "/" + on.name() + "/" + on.fieldPath()
                + "/" + reason + "/" + first, 16);
        add(DemoType.EVENTS, last,
                metadata(DemoType.EVENTS, namespace, name, first),
                "involvedObject", obj(
                        "apiVersion", on.type().apiVersion(),
                        "fieldPath", on.fieldPath(),
                        "kind", on.type().kind(),
                        "name", on.name(),
                        "namespace", on.type().namespaced() ? on.namespace() : null,
                        "uid", on.uid()),
                "reason", reason,
                "message", message,
                "source", obj("component", component, "host", host.isEmpty() ? null : host),
                "firstTimestamp", first,
                "lastTimestamp", last,
                "count", count,
                "type", type,
                "reportingComponent", component,
                "reportingInstance", host);
    }

    private static Involved involved(DemoType type, ObjectNode object) {
        ObjectNode meta = (ObjectNode) object.get("metadata");
        return new Involved(type, meta.path("namespace").asText(""), meta.get("name").asText(),
                meta.get("uid").asText(), null);
    }

    // ---------------------------------------------------------------- object plumbing

    private ObjectNode metadata(DemoType type, String namespace, String name, Instant created, Object... more) {
        ObjectNode meta = obj(
                "name", name,
                "namespace", type.namespaced() ? namespace : null,
                "uid", uid(type, namespace, name),
                "creationTimestamp", created);
        meta.setAll(obj(more));
        return meta;
    }

    private ObjectNode add(DemoType type, Instant changed, ObjectNode metadata, Object... fields) {
        ObjectNode object = obj("apiVersion", type.apiVersion(), "kind", type.kind(), "metadata", metadata);
        object.setAll(obj(fields));
        made.add(new Made(type, object, changed));
        return object;
    }

    private String uid(DemoType type, String namespace, String name) {
        return Ids.uid(cluster, type, type.namespaced() ? namespace : "", name);
    }

    private static ObjectNode ownerReference(DemoType type, String name, String uid) {
        return obj("apiVersion", type.apiVersion(), "blockOwnerDeletion", true, "controller", true,
                "kind", type.kind(), "name", name, "uid", uid);
    }

    /** The labels of a workload, its service and its pods: the selector's, plus the common ones. */
    private static Map<String, String> appLabels(App app) {
        Map<String, String> labels = new TreeMap<>(app.selector());
        labels.putIfAbsent("app.kubernetes.io/name", app.name());
        if (!SYSTEM_NAMESPACES.contains(app.namespace())) {
            labels.put("app.kubernetes.io/part-of", app.namespace());
        }
        if (!app.tier().isEmpty()) {
            labels.put("tier", app.tier());
        }
        return labels;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new TreeMap<>(labels);
        copy.put(key, value);
        return copy;
    }

    private String templateHash(App app, int revision) {
        return Ids.safe(cluster + "/" + app.namespace() + "/" + app.name() + "/" + revision, 10);
    }

    /** {@code ago} before now, but not before the cluster existed (system apps are as old as their cluster). */
    private Instant since(Duration ago) {
        return later(now.minus(ago), born.plusSeconds(60));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Numbers the objects in the order they last changed, as etcd's revisions would, with gaps for the writes the
     * sample does not show (leases, endpoints), and sorts each type into key order.
     */
    private Sample numbered() {
        List<Made> ordered = new ArrayList<>(made);
        ordered.sort(Comparator.comparing(Made::changed)); // stable: ties keep build order
        long rv = plan.firstResourceVersion();
        Set<String> seen = new LinkedHashSet<>();
        for (Made m : ordered) {
            String key = m.type() + "/" + Sample.key(m.object());
            if (!seen.add(key)) {
                throw new IllegalStateException("the demo plan of " + cluster + " makes " + key + " twice");
            }
            rv += 1 + Ids.below(cluster + "/rv/" + key, 9);
            ((ObjectNode) m.object().get("metadata")).put("resourceVersion", Long.toString(rv));
        }
        Map<DemoType, List<ObjectNode>> byType = new EnumMap<>(DemoType.class);
        for (Made m : made) {
            byType.computeIfAbsent(m.type(), t -> new ArrayList<>()).add(m.object());
        }
        byType.values().forEach(list -> list.sort(Comparator.comparing(Sample::key)));
        return new Sample(plan, byType, Long.toString(rv + 17));
    }
}
