package io.cloudpedia.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrintersTest {

  @Test
  void everyTypeKubectlHasAPrinterForIsBuiltIn() {
    List<ResourceType> types =
        List.of(
            ResourceType.of("", "v1", "pods", "Pod"),
            ResourceType.of("", "v1", "services", "Service"),
            ResourceType.of("", "v1", "endpoints", "Endpoints"),
            ResourceType.of("", "v1", "configmaps", "ConfigMap"),
            ResourceType.of("", "v1", "secrets", "Secret"),
            ResourceType.of("", "v1", "namespaces", "Namespace"),
            ResourceType.of("", "v1", "nodes", "Node"),
            ResourceType.of("", "v1", "events", "Event"),
            ResourceType.of("", "v1", "persistentvolumes", "PersistentVolume"),
            ResourceType.of("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
            ResourceType.of("", "v1", "serviceaccounts", "ServiceAccount"),
            ResourceType.of("apps", "v1", "deployments", "Deployment"),
            ResourceType.of("apps", "v1", "replicasets", "ReplicaSet"),
            ResourceType.of("apps", "v1", "statefulsets", "StatefulSet"),
            ResourceType.of("apps", "v1", "daemonsets", "DaemonSet"),
            ResourceType.of("batch", "v1", "jobs", "Job"),
            ResourceType.of("batch", "v1", "cronjobs", "CronJob"),
            ResourceType.of("networking.k8s.io", "v1", "ingresses", "Ingress"),
            ResourceType.of("events.k8s.io", "v1", "events", "Event"));
    for (ResourceType t : types) {
      assertThat(Printers.builtIn(t)).as(t.toString()).isPresent();
    }
  }

  @Test
  void sameResourceNameInAnotherGroupIsNotMistakenForTheBuiltIn() {
    assertThat(Printers.builtIn(ResourceType.of("example.com", "v1", "pods", "Pod"))).isEmpty();
    assertThat(TableConverter.printerFor(ResourceType.of("example.com", "v1", "pods", "Pod"), TableOptions.DEFAULT).columns())
        .extracting(Column::name)
        .containsExactly("Name", "Created At");
  }
}
