package io.cloudpedia.cli.local.demo;

import static io.cloudpedia.cli.local.demo.ClusterPlan.App.daemonSet;
import static io.cloudpedia.cli.local.demo.ClusterPlan.App.deployment;
import static io.cloudpedia.cli.local.demo.ClusterPlan.App.statefulSet;
import static io.cloudpedia.cli.local.demo.ClusterPlan.Port.tcp;
import static io.cloudpedia.cli.local.demo.ClusterPlan.Port.udp;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;

import io.cloudpedia.cli.local.demo.ClusterPlan.ConfigPlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.CronPlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.NodePlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.Platform;
import io.cloudpedia.cli.local.demo.ClusterPlan.ServicePlan;
import io.cloudpedia.cli.local.demo.ClusterPlan.ServiceType;
import io.cloudpedia.cli.local.demo.ClusterPlan.Trouble;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three demo clusters. They differ on purpose, so that searching across them shows something: a kubeadm
 * cluster on AWS that just rolled out its shop frontend, an older managed cluster on GCP with version drift, a
 * crash-looping pod, a pod that cannot be scheduled and a cordoned node, and a small k3s cluster of arm64 boxes in
 * a shop.
 */
final class DemoPlans {

    private DemoPlans() {
    }

    static final List<String> NAMES = List.of("demo-east", "demo-west", "demo-edge");

    static ClusterPlan plan(String cluster) {
        return switch (cluster) {
            case "demo-east" -> east();
            case "demo-west" -> west();
            case "demo-edge" -> edge();
            default -> throw new IllegalArgumentException("no demo cluster named '" + cluster + "'; the demo clusters"
                    + " are " + String.join(", ", NAMES));
        };
    }

    /** kubeadm on EC2: a control-plane node and three workers across zones. */
    private static ClusterPlan east() {
        Platform platform = new Platform("Ubuntu 22.04.5 LTS", "6.8.0-1021-aws", "containerd://1.7.24", "amd64",
                "us-east-1", "", "10.20.1", "10.244", "10.96");
        List<NodePlan> nodes = List.of(
                NodePlan.of("east-cp-1", "us-east-1a", "m6i.large", 2, 8, "control-plane").withTaint(),
                NodePlan.of("east-worker-1", "us-east-1a", "m6i.xlarge", 4, 16, "worker"),
                NodePlan.of("east-worker-2", "us-east-1b", "m6i.xlarge", 4, 16, "worker"),
                NodePlan.of("east-worker-3", "us-east-1c", "m6i.xlarge", 4, 16, "worker"));
        return new ClusterPlan("demo-east", "v1.32.1", platform, ofDays(41), 48_213, nodes,
                List.of("shop", "payments", "monitoring"),
                List.of(
                        coreDns("registry.k8s.io/coredns/coredns:v1.11.3", 2, "10.96.0.10", ofDays(41)),
                        metricsServer("registry.k8s.io/metrics-server/metrics-server:v0.7.2", ofDays(40)),
                        daemonSet("kube-system", "kube-proxy", "registry.k8s.io/kube-proxy:v1.32.1")
                                .selector("k8s-app", "kube-proxy").hostNetwork().age(ofDays(41)).build(),
                        daemonSet("monitoring", "node-exporter", "quay.io/prometheus/node-exporter:v1.8.2")
                                .ports(tcp("metrics", 9100)).hostNetwork().age(ofDays(30)).build(),
                        statefulSet("monitoring", "prometheus", "quay.io/prometheus/prometheus:v3.1.0")
                                .ports(tcp("web", 9090)).service().age(ofDays(30)).build(),
                        deployment("shop", "frontend", "nginx:1.27.3")
                                .ports(tcp("http", 80)).replicas(3).tier("frontend")
                                .loadBalancer("a3f9c2e1b7d04e5f8a6b1c2d3e4f5a6b-1791355027.us-east-1.elb.amazonaws.com")
                                .rolledOut(ofDays(12), ofMinutes(25)).build(),
                        deployment("shop", "cart", "ghcr.io/demo/cart:2.4.1")
                                .ports(tcp("http", 8080)).replicas(2).tier("backend").service().age(ofDays(5))
                                .build(),
                        deployment("shop", "catalog", "ghcr.io/demo/catalog:1.9.0")
                                .ports(tcp("http", 8080)).replicas(2).tier("backend").service().age(ofDays(9))
                                .build(),
                        statefulSet("shop", "redis", "redis:7.4.1")
                                .ports(tcp("redis", 6379)).tier("cache").headless().age(ofDays(12)).build(),
                        deployment("payments", "payments-api", "ghcr.io/demo/payments-api:3.2.0")
                                .ports(tcp("https", 8443)).replicas(2).tier("backend").service().age(ofDays(2))
                                .build(),
                        statefulSet("payments", "postgres", "postgres:16.6")
                                .ports(tcp("postgres", 5432)).replicas(2).tier("database").headless()
                                .age(ofDays(20)).build()),
                List.of(new CronPlan("payments", "settle-ledger", "*/30 * * * *", ofMinutes(30),
                        "ghcr.io/demo/ledger-tools:1.4.0", List.of("ledger", "settle", "--since=30m"), 3,
                        ofDays(20))),
                List.of(
                        coreFile(ofDays(41)),
                        new ConfigPlan("kube-system", "kube-proxy", Map.of("config.conf",
                                "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
                                        + "mode: iptables\nclusterCIDR: 10.244.0.0/16\n"), ofDays(41)),
                        new ConfigPlan("shop", "frontend-nginx", Map.of("nginx.conf",
                                "server {\n  listen 80;\n  location /api/cart { proxy_pass http://cart:8080; }\n"
                                        + "  location /api/catalog { proxy_pass http://catalog:8080; }\n"
                                        + "  location / { root /usr/share/nginx/html; }\n}\n"), ofDays(12)),
                        new ConfigPlan("payments", "payments-config", Map.of("application.yaml",
                                "server:\n  port: 8443\nledger:\n  url: postgres://postgres-0.postgres:5432/ledger\n",
                                "LOG_LEVEL", "info"), ofDays(20)),
                        new ConfigPlan("monitoring", "prometheus-config", Map.of("prometheus.yml",
                                "global:\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: node\n"
                                        + "    kubernetes_sd_configs: [{role: node}]\n"), ofDays(30))));
    }

    /** A managed cluster on GCE: older versions, and a few things going wrong. */
    private static ClusterPlan west() {
        Platform platform = new Platform("Container-Optimized OS from Google", "6.1.112+", "containerd://1.7.23",
                "amd64", "europe-west1", "", "10.132.0", "10.52", "10.56");
        List<NodePlan> nodes = List.of(
                NodePlan.of("west-pool-a-1", "europe-west1-b", "e2-standard-4", 4, 16),
                NodePlan.of("west-pool-a-2", "europe-west1-c", "e2-standard-4", 4, 16),
                NodePlan.of("west-pool-b-1", "europe-west1-d", "e2-standard-4", 4, 16).cordon());
        return new ClusterPlan("demo-west", "v1.31.4", platform, ofDays(120), 231_877, nodes,
                List.of("shop", "payments", "search"),
                List.of(
                        coreDns("registry.k8s.io/coredns/coredns:v1.11.1", 2, "10.56.0.10", ofDays(120)),
                        metricsServer("registry.k8s.io/metrics-server/metrics-server:v0.7.1", ofDays(120)),
                        daemonSet("kube-system", "kube-proxy", "registry.k8s.io/kube-proxy:v1.31.4")
                                .selector("k8s-app", "kube-proxy").hostNetwork().age(ofDays(120)).build(),
                        daemonSet("kube-system", "fluent-bit", "cr.fluentbit.io/fluent/fluent-bit:3.2.2")
                                .ports(tcp("http", 2020)).age(ofDays(60)).build(),
                        deployment("shop", "frontend", "nginx:1.25.5")
                                .ports(tcp("http", 80)).replicas(2).tier("frontend").loadBalancer("34.76.12.40")
                                .age(ofDays(34)).build(),
                        deployment("shop", "checkout", "ghcr.io/demo/checkout:1.12.0")
                                .ports(tcp("http", 8080)).replicas(2).tier("backend").service()
                                .rolledOut(ofDays(40), ofMinutes(80)).trouble(Trouble.CRASH_LOOP).build(),
                        deployment("shop", "cart", "ghcr.io/demo/cart:2.3.0")
                                .ports(tcp("http", 8080)).replicas(2).tier("backend").service().age(ofDays(21))
                                .build(),
                        deployment("payments", "payments-api", "ghcr.io/demo/payments-api:3.1.4")
                                .ports(tcp("https", 8443)).replicas(3).tier("backend").service().age(ofDays(16))
                                .trouble(Trouble.PENDING).build(),
                        statefulSet("payments", "postgres", "postgres:16.4")
                                .ports(tcp("postgres", 5432)).replicas(3).tier("database").headless()
                                .age(ofDays(90)).build(),
                        statefulSet("search", "elasticsearch",
                                "docker.elastic.co/elasticsearch/elasticsearch:8.15.3")
                                .ports(tcp("http", 9200), tcp("transport", 9300)).replicas(3).tier("search")
                                .headless().age(ofDays(45)).build()),
                List.of(new CronPlan("search", "reindex", "0 * * * *", ofHours(1),
                        "ghcr.io/demo/search-indexer:0.7.2", List.of("indexer", "--incremental"), 2, ofDays(45))),
                List.of(
                        coreFile(ofDays(120)),
                        new ConfigPlan("kube-system", "fluent-bit-config", Map.of("fluent-bit.conf",
                                "[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n[OUTPUT]\n"
                                        + "    Name stackdriver\n    Match *\n"), ofDays(60)),
                        new ConfigPlan("shop", "checkout-config", Map.of("PAYMENTS_URL",
                                "https://payments-api.payments:8443", "CART_URL", "http://cart:8080",
                                "FEATURE_ONE_CLICK", "true"), ofMinutes(80)),
                        new ConfigPlan("search", "elasticsearch-config", Map.of("elasticsearch.yml",
                                "cluster.name: search\nnetwork.host: 0.0.0.0\n"
                                        + "discovery.seed_hosts: elasticsearch-0.elasticsearch\n"), ofDays(45))));
    }

    /** k3s on three arm64 boxes in a shop: servicelb, traefik, local-path storage; an IoT broker. */
    private static ClusterPlan edge() {
        Platform platform = new Platform("Ubuntu 24.04.1 LTS", "6.8.0-1015-raspi", "containerd://1.7.23-k3s2",
                "arm64", "store-0417", "true", "192.168.50", "10.42", "10.43");
        List<NodePlan> nodes = List.of(
                NodePlan.of("edge-gw-1", "store-0417-a", "rpi5-8gb", 4, 8, "control-plane", "master"),
                NodePlan.of("edge-gw-2", "store-0417-a", "rpi5-8gb", 4, 8),
                NodePlan.of("edge-gw-3", "store-0417-b", "rpi5-8gb", 4, 8));
        return new ClusterPlan("demo-edge", "v1.30.8+k3s1", platform, ofDays(9), 1_187, nodes, List.of("iot"),
                List.of(
                        coreDns("rancher/mirrored-coredns-coredns:1.11.3", 1, "10.43.0.10", ofDays(9)),
                        deployment("kube-system", "local-path-provisioner", "rancher/local-path-provisioner:v0.0.30")
                                .age(ofDays(9)).build(),
                        metricsServer("rancher/mirrored-metrics-server:v0.7.2", ofDays(9)),
                        deployment("kube-system", "traefik", "rancher/mirrored-library-traefik:2.11.18")
                                .selector("app.kubernetes.io/name", "traefik")
                                .ports(tcp("web", 8000).exposedOn(80), tcp("websecure", 8443).exposedOn(443))
                                .loadBalancer("192.168.50.11", "192.168.50.12", "192.168.50.13").age(ofDays(9))
                                .build(),
                        daemonSet("kube-system", "svclb-traefik", "rancher/klipper-lb:v0.4.9")
                                .selector("svccontroller.k3s.cattle.io/svcname", "traefik").age(ofDays(9)).build(),
                        statefulSet("iot", "mqtt", "eclipse-mosquitto:2.0.20")
                                .ports(tcp("mqtt", 1883)).tier("broker").service().age(ofDays(8)).build(),
                        deployment("iot", "sensor-ingest", "ghcr.io/demo/sensor-ingest:0.9.2")
                                .ports(tcp("http", 8080)).replicas(2).tier("backend").service()
                                .rolledOut(ofDays(8), ofMinutes(35)).build(),
                        daemonSet("iot", "camera-agent", "ghcr.io/demo/camera-agent:1.0.3")
                                .ports(tcp("metrics", 9102)).age(ofDays(8)).build()),
                List.of(new CronPlan("iot", "firmware-check", "0 */6 * * *", ofHours(6),
                        "ghcr.io/demo/firmware-tool:2.1.0", List.of("firmware", "check", "--all"), 1, ofDays(8))),
                List.of(
                        coreFile(ofDays(9)),
                        new ConfigPlan("kube-system", "local-path-config", Map.of("config.json",
                                "{\"nodePathMap\":[{\"node\":\"DEFAULT_PATH_FOR_NON_LISTED_NODES\","
                                        + "\"paths\":[\"/var/lib/rancher/k3s/storage\"]}]}"), ofDays(9)),
                        new ConfigPlan("iot", "mqtt-config", Map.of("mosquitto.conf",
                                "listener 1883\nallow_anonymous false\npassword_file /mosquitto/config/passwd\n"),
                                ofDays(8))));
    }

    private static ClusterPlan.App coreDns(String image, int replicas, String clusterIp, Duration age) {
        return deployment("kube-system", "coredns", image)
                .selector("k8s-app", "kube-dns")
                .ports(udp("dns", 53), tcp("dns-tcp", 53), tcp("metrics", 9153))
                .replicas(replicas)
                .service(new ServicePlan("kube-dns", ServiceType.CLUSTER_IP, Optional.of(clusterIp), List.of()))
                .age(age)
                .build();
    }

    private static ClusterPlan.App metricsServer(String image, Duration age) {
        return deployment("kube-system", "metrics-server", image)
                .selector("k8s-app", "metrics-server")
                .ports(tcp("https", 10250).exposedOn(443))
                .service()
                .age(age)
                .build();
    }

    private static ConfigPlan coreFile(Duration age) {
        return new ConfigPlan("kube-system", "coredns", Map.of("Corefile",
                ".:53 {\n    errors\n    health\n    ready\n"
                        + "    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n"
                        + "       fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n"
                        + "    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n"),
                age);
    }
}
