package io.cloudpedia.cli.local.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one demo cluster runs, in the terms a person would describe it ("three nginx replicas behind a load
 * balancer, rolled out 25 minutes ago"). {@link SampleBuilder} turns it into the objects Kubernetes would hold.
 *
 * @param version             the API server's gitVersion, also every kubelet's
 * @param age                 how long ago the cluster was created (nodes and system objects date from then)
 * @param firstResourceVersion where the cluster's resourceVersions start (etcd revisions are far from 1 in practice)
 * @param namespaces          the application namespaces; default, kube-system, kube-public and kube-node-lease are
 *                            always there
 */
record ClusterPlan(String name, String version, Platform platform, Duration age, long firstResourceVersion,
                   List<NodePlan> nodes, List<String> namespaces, List<App> apps, List<CronPlan> cronJobs,
                   List<ConfigPlan> configMaps) {

    ClusterPlan {
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
        apps = List.copyOf(apps);
        cronJobs = List.copyOf(cronJobs);
        configMaps = List.copyOf(configMaps);
    }

    /**
     * How the cluster's machines and networks look.
     *
     * @param roleLabelValue the value of {@code node-role.kubernetes.io/*} labels: {@code ""} for kubeadm,
     *                       "true" for k3s
     * @param nodeIpPrefix   the first three octets of node addresses
     * @param podIpPrefix    the first two octets of pod addresses (each node owns a /24)
     * @param serviceIpPrefix the first two octets of ClusterIPs
     */
    record Platform(String osImage, String kernelVersion, String containerRuntime, String arch, String region,
                    String roleLabelValue, String nodeIpPrefix, String podIpPrefix, String serviceIpPrefix) {
    }

    /**
     * A node. {@code tainted}: control-plane nodes that only run system daemons; {@code cordoned}: marked
     * unschedulable, keeps its daemon pods.
     */
    record NodePlan(String name, List<String> roles, String zone, String instanceType, int cpus, int memoryGi,
                    boolean tainted, boolean cordoned) {

        NodePlan {
            roles = List.copyOf(roles);
        }

        static NodePlan of(String name, String zone, String instanceType, int cpus, int memoryGi, String... roles) {
            return new NodePlan(name, List.of(roles), zone, instanceType, cpus, memoryGi, false, false);
        }

        /** Keeps application pods off (the control-plane taint). */
        NodePlan withTaint() {
            return new NodePlan(name, roles, zone, instanceType, cpus, memoryGi, true, cordoned);
        }

        /** Marked unschedulable by {@code kubectl cordon}. */
        NodePlan cordon() {
            return new NodePlan(name, roles, zone, instanceType, cpus, memoryGi, tainted, true);
        }

        /** Whether application pods may land here. */
        boolean schedulable() {
            return !tainted && !cordoned;
        }
    }

    enum Kind { DEPLOYMENT, STATEFULSET, DAEMONSET }

    /** The one pod of a workload that is not well (the last one). */
    enum Trouble {
        NONE,
        /** Its container keeps failing: waiting in CrashLoopBackOff with many restarts. */
        CRASH_LOOP,
        /** No node has room for it: Pending, unscheduled. */
        PENDING
    }

    /** A container port, and the port its service exposes it on (the same unless told). */
    record Port(String name, int containerPort, int servicePort, String protocol) {

        static Port tcp(String name, int port) {
            return new Port(name, port, port, "TCP");
        }

        static Port udp(String name, int port) {
            return new Port(name, port, port, "UDP");
        }

        Port exposedOn(int port) {
            return new Port(name, containerPort, port, protocol);
        }
    }

    enum ServiceType { CLUSTER_IP, HEADLESS, LOAD_BALANCER }

    /**
     * The service in front of a workload.
     *
     * @param clusterIp a well-known address (kube-dns), else the next free one
     * @param ingress   a load balancer's addresses: IPs, or host names when they contain a letter
     */
    record ServicePlan(String name, ServiceType type, Optional<String> clusterIp, List<String> ingress) {
        ServicePlan {
            ingress = List.copyOf(ingress);
        }
    }

    /**
     * A workload and its pods.
     *
     * @param selector the labels its selector matches (and its pods carry)
     * @param tier     the {@code tier} label, {@code ""} for none
     * @param age      how long ago the current pods were rolled out
     * @param created  how long ago the workload was created: older than {@code age} when a rollout replaced its first
     *                 pods (a deployment then keeps the previous replica set, scaled to 0)
     * @param hostNetwork pods use their node's address (node agents)
     */
    record App(Kind kind, String namespace, String name, String image, List<Port> ports, int replicas,
               Map<String, String> selector, String tier, Optional<ServicePlan> service, Duration age,
               Duration created, boolean hostNetwork, Trouble trouble) {

        App {
            ports = List.copyOf(ports);
            // Sorted, as Kubernetes writes maps: the same JSON on every run.
            selector = Collections.unmodifiableMap(new TreeMap<>(selector));
        }

        static Builder deployment(String namespace, String name, String image) {
            return new Builder(Kind.DEPLOYMENT, namespace, name, image);
        }

        static Builder statefulSet(String namespace, String name, String image) {
            return new Builder(Kind.STATEFULSET, namespace, name, image);
        }

        static Builder daemonSet(String namespace, String name, String image) {
            return new Builder(Kind.DAEMONSET, namespace, name, image);
        }

        /** The container's name: the workload's, as most charts name it. */
        String container() {
            return name;
        }

        boolean rolledOutAgain() {
            return created.compareTo(age) > 0;
        }

        /** Fluent construction: the plans read as a list of apps. */
        static final class Builder {
            private final Kind kind;
            private final String namespace;
            private final String name;
            private final String image;
            private final List<Port> ports = new ArrayList<>();
            private int replicas = 1;
            private final Map<String, String> selector = new LinkedHashMap<>();
            private String tier = "";
            private Optional<ServicePlan> service = Optional.empty();
            private Duration age = Duration.ofDays(3);
            private Optional<Duration> created = Optional.empty();
            private boolean hostNetwork;
            private Trouble trouble = Trouble.NONE;

            private Builder(Kind kind, String namespace, String name, String image) {
                this.kind = kind;
                this.namespace = namespace;
                this.name = name;
                this.image = image;
            }

            Builder ports(Port... more) {
                ports.addAll(List.of(more));
                return this;
            }

            Builder replicas(int n) {
                replicas = n;
                return this;
            }

            /** Selects pods by this label instead of {@code app: <name>} (kube-dns, for one). */
            Builder selector(String key, String value) {
                selector.put(key, value);
                return this;
            }

            Builder tier(String value) {
                tier = value;
                return this;
            }

            /** Running for this long since creation. */
            Builder age(Duration value) {
                age = value;
                return this;
            }

            /** Created {@code createdAgo}, current pods rolled out {@code rolloutAgo}. */
            Builder rolledOut(Duration createdAgo, Duration rolloutAgo) {
                created = Optional.of(createdAgo);
                age = rolloutAgo;
                return this;
            }

            Builder hostNetwork() {
                hostNetwork = true;
                return this;
            }

            Builder trouble(Trouble value) {
                trouble = value;
                return this;
            }

            /** A ClusterIP service of the app's name. */
            Builder service() {
                return service(new ServicePlan(name, ServiceType.CLUSTER_IP, Optional.empty(), List.of()));
            }

            /** A headless service of the app's name (a stateful set's governing service). */
            Builder headless() {
                return service(new ServicePlan(name, ServiceType.HEADLESS, Optional.empty(), List.of()));
            }

            Builder loadBalancer(String... ingress) {
                return service(new ServicePlan(name, ServiceType.LOAD_BALANCER, Optional.empty(), List.of(ingress)));
            }

            Builder service(ServicePlan plan) {
                service = Optional.of(plan);
                return this;
            }

            App build() {
                Map<String, String> matched = selector.isEmpty() ? Map.of("app", name) : selector;
                return new App(kind, namespace, name, image, ports, replicas, matched, tier, service, age,
                        created.orElse(age), hostNetwork, trouble);
            }
        }
    }

    /**
     * A CronJob; the jobs it kept (the newest {@code jobsKept}) ran at the schedule's last ticks.
     *
     * @param every the schedule's period, which the schedule must match (ticks are multiples of it since the epoch)
     */
    record CronPlan(String namespace, String name, String schedule, Duration every, String image,
                    List<String> command, int jobsKept, Duration created) {
        CronPlan {
            command = List.copyOf(command);
        }
    }

    /** A ConfigMap with its data. */
    record ConfigPlan(String namespace, String name, Map<String, String> data, Duration created) {
        ConfigPlan {
            data = Collections.unmodifiableMap(new TreeMap<>(data));
        }
    }
}
