package io.cloudpedia.e2e;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Creates, changes and deletes objects in a member cluster the way users and controllers do. */
final class Churn {
  private Churn() {}

  static void createNamespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static void createPod(KubernetesClient client, String namespace, String name, String app) {
    client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", app)
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"big\":\"and useless\"}")
        .endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec()
        .build()).create();
  }

  static void createConfigMap(KubernetesClient client, String namespace, String name, Map<String, String> data) {
    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata().withData(data).build()).create();
  }

  static void createDeployment(KubernetesClient client, String namespace, String name, int replicas) {
    client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
  }

  static void relabelPod(KubernetesClient client, String namespace, String name, String tier) {
    client.pods().inNamespace(namespace).withName(name).edit(p -> {
      p.getMetadata().getLabels().put("tier", tier);
      return p;
    });
  }

  static void scaleDeployment(KubernetesClient client, String namespace, String name, int replicas) {
    client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
      d.getSpec().setReplicas(replicas);
      return d;
    });
  }

  static void deletePod(KubernetesClient client, String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  static void deleteConfigMap(KubernetesClient client, String namespace, String name) {
    client.configMaps().inNamespace(namespace).withName(name).delete();
  }

  static void deleteDeployment(KubernetesClient client, String namespace, String name) {
    client.apps().deployments().inNamespace(namespace).withName(name).delete();
  }
}
