package io.cloudpedia.api.table;

import static io.cloudpedia.api.table.Fixtures.cells;
import static io.cloudpedia.api.table.Fixtures.columns;
import static io.cloudpedia.api.table.Fixtures.core;
import static io.cloudpedia.api.table.Fixtures.json;
import static io.cloudpedia.api.table.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CorePrintersTest {
  private static final ResourceType SERVICES = core("services", "Service");

  @Test
  void loadBalancerServiceShowsIngressHostnameAndNodePorts() {
    JsonNode t = table(SERVICES, "service-loadbalancer.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Type string 0", "Cluster-IP string 0", "External-IP string 0",
            "Port(s) string 0", "Age string 0", "Selector string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "web", "LoadBalancer", "10.96.12.34", "a1b2c3-123456789.eu-west-1.elb.amazonaws.com",
            "80:30080/TCP,443:30443/TCP", "24h", "app=web,tier=frontend"));
  }

  @Test
  void loadBalancerWithoutIngressIsPending() {
    ObjectNode svc = (ObjectNode) Fixtures.load("service-loadbalancer.json");
    svc.remove("status");
    assertThat(CorePrinters.SERVICES.cells(svc, Fixtures.NOW).get(3)).isEqualTo("<pending>");
  }

  @Test
  void headlessServiceWithoutSelectorShowsNoneAndProtocols() {
    assertThat(cells(table(SERVICES, "service-headless.json"), 0))
        .isEqualTo(json("eu-1", "db", "ClusterIP", "None", "<none>", "5432/TCP,53/UDP", "24h", "<none>"));
  }

  @Test
  void endpointsShowThreeAddressesThenHowManyMore() {
    JsonNode t = table(core("endpoints", "Endpoints"), "endpoints.json");
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Endpoints string 0", "Age string 0");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "web", "10.244.1.17:8080,10.244.2.9:8080,10.244.3.4:8080 + 1 more...", "24h"));
  }

  @Test
  void ingressShowsClassHostsAddressAndTlsPorts() {
    JsonNode t = table(ResourceType.of("networking.k8s.io", "v1", "ingresses", "Ingress"), "ingress.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Class string 0", "Hosts string 0", "Address string 0",
            "Ports string 0", "Age string 0");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "shop", "alb", "shop.example.com,api.example.com", "k8s-shop-abc.eu-west-1.elb.amazonaws.com", "80, 443", "24h"));
  }

  @Test
  void configMapCountsDataAndBinaryData() {
    JsonNode t = table(core("configmaps", "ConfigMap"), "configmap.json");
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Data string 0", "Age string 0");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "app-config", 3, "5s"));
  }

  @Test
  void secretShowsTypeAndDataCount() {
    JsonNode t = table(core("secrets", "Secret"), "secret.json");
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Type string 0", "Data string 0", "Age string 0");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "shop-tls", "kubernetes.io/tls", 2, "5m"));
  }

  @Test
  void namespaceShowsPhaseAndAgeInYearsAndDays() {
    JsonNode t = table(core("namespaces", "Namespace"), "namespace.json");
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Status string 0", "Age string 0");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "shop", "Active", "2y93d"));
  }

  @Test
  void serviceAccountCountsSecrets() {
    JsonNode t = table(core("serviceaccounts", "ServiceAccount"), "serviceaccount.json");
    assertThat(columns(t)).containsExactly("Cluster string 0", "Name string 0", "Secrets string 0", "Age string 0");
    assertThat(cells(t, 0)).isEqualTo(json("eu-1", "builder", 1, "3h"));
  }

  @Test
  void nodeShowsRolesFromLabelsAndSchedulingDisabled() {
    JsonNode t = table(core("nodes", "Node"), "node.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Status string 0", "Roles string 0", "Age string 0", "Version string 0",
            "Internal-IP string 1", "External-IP string 1", "OS-Image string 1", "Kernel-Version string 1",
            "Container-Runtime string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "ip-10-0-1-23.eu-west-1.compute.internal", "Ready,SchedulingDisabled", "control-plane,etcd,master",
            "30d", "v1.30.2-eks-1552ad0", "10.0.1.23", "<none>", "Amazon Linux 2023", "6.1.94-99.176.amzn2023.x86_64",
            "containerd://1.7.11"));
  }

  @Test
  void nodeWithoutReadyConditionOrRolesIsUnknownWithNoRoles() {
    ObjectNode node = (ObjectNode) Fixtures.load("node.json");
    node.with("metadata").remove("labels");
    node.with("status").remove("conditions");
    node.remove("spec");
    assertThat(CorePrinters.NODES.cells(node, Fixtures.NOW).subList(1, 3)).containsExactly("Unknown", "<none>");
  }

  @Test
  void eventShowsLastSeenTypeReasonObjectMessageAndWideFirstSeenCount() {
    JsonNode t = table(core("events", "Event"), "event.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Last Seen string 0", "Type string 0", "Reason string 0", "Object string 0",
            "Subobject string 1", "Source string 1", "Message string 0", "First Seen string 1", "Count string 1",
            "Name string 1");
    assertThat(t.get("columnDefinitions").get(10).get("format").asText()).isEqualTo("name");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "2m", "Warning", "BackOff", "pod/worker-5c8f7-abcde", "spec.containers{worker}", "kubelet, worker-2",
            "Back-off restarting failed container worker in pod worker-5c8f7-abcde", "5m", 3, "worker-5c8f7-abcde.17d8a1b2c3d4e5f6"));
  }

  @Test
  void eventsK8sIoEventPrintsLikeACoreEvent() {
    JsonNode t = table(ResourceType.of("events.k8s.io", "v1", "events", "Event"), "event-events-k8s-io.json");
    assertThat(columns(t)).isEqualTo(columns(table(core("events", "Event"), "event.json")));
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "8m", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
            "Scaled up replica set web-7d4b9c6f5 to 3", "20m", 2, "web.17d8a1b2c3d4e5f7"));
  }

  @Test
  void seriesEventTakesLastSeenAndCountFromTheSeries() {
    ObjectNode ev = (ObjectNode) Fixtures.load("event.json");
    ev.remove("firstTimestamp");
    ev.remove("lastTimestamp");
    ev.remove("count");
    ev.put("eventTime", "2024-06-01T11:50:00.000000Z");
    ev.putObject("series").put("count", 12).put("lastObservedTime", "2024-06-01T11:59:30.123456Z");
    var cells = CorePrinters.EVENTS.cells(ev, Fixtures.NOW);
    assertThat(cells.get(0)).isEqualTo("29s");
    assertThat(cells.get(7)).isEqualTo("10m");
    assertThat(cells.get(8)).isEqualTo(12L);
  }

  @Test
  void persistentVolumeShowsCapacityModesClaimAndClass() {
    JsonNode t = table(core("persistentvolumes", "PersistentVolume"), "pv.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Capacity string 0", "Access Modes string 0", "Reclaim Policy string 0",
            "Status string 0", "Claim string 0", "StorageClass string 0", "VolumeAttributesClass string 0",
            "Reason string 0", "Age string 0", "VolumeMode string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "pvc-3f1a", "10Gi", "RWO,RWX", "Delete", "Bound", "data/pgdata-db-0", "gp3", "<unset>", "", "24h", "Filesystem"));
  }

  @Test
  void boundClaimShowsTheVolumesCapacityAndModes() {
    JsonNode t = table(core("persistentvolumeclaims", "PersistentVolumeClaim"), "pvc.json");
    assertThat(columns(t))
        .containsExactly(
            "Cluster string 0", "Name string 0", "Status string 0", "Volume string 0", "Capacity string 0",
            "Access Modes string 0", "StorageClass string 0", "VolumeAttributesClass string 0", "Age string 0",
            "VolumeMode string 1");
    assertThat(cells(t, 0))
        .isEqualTo(json("eu-1", "pgdata-db-0", "Bound", "pvc-3f1a", "10Gi", "RWO", "gp3", "<unset>", "24h", "Filesystem"));
  }

  @Test
  void pendingClaimHasNoCapacityOrModesYet() {
    ObjectNode pvc = (ObjectNode) Fixtures.load("pvc.json");
    pvc.with("spec").remove("volumeName");
    pvc.with("status").put("phase", "Pending");
    assertThat(CorePrinters.PERSISTENTVOLUMECLAIMS.cells(pvc, Fixtures.NOW).subList(1, 5)).containsExactly("Pending", "", "", "");
  }
}
