package io.cloudpedia.e2e;

import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.store.GroupVersionResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.TreeMap;

/** A resource type the end-to-end tests sync, seen from both sides: the member cluster and the store. */
record SyncedType(String group, String version, String plural, String kind, boolean namespaced) {

  static final SyncedType PODS = new SyncedType("", "v1", "pods", "Pod", true);
  static final SyncedType CONFIGMAPS = new SyncedType("", "v1", "configmaps", "ConfigMap", true);
  static final SyncedType NAMESPACES = new SyncedType("", "v1", "namespaces", "Namespace", false);
  static final SyncedType DEPLOYMENTS = new SyncedType("apps", "v1", "deployments", "Deployment", true);

  GroupVersionResource gvr() {
    return new GroupVersionResource(group, version, plural);
  }

  SyncResource syncResource() {
    return SyncResource.of(group, plural);
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group).withVersion(version).withPlural(plural).withKind(kind).withNamespaced(namespaced)
        .build();
  }

  /** What the member cluster holds now, as cache key → resourceVersion. */
  Map<String, String> inCluster(KubernetesClient client) {
    Map<String, String> keys = new TreeMap<>();
    for (GenericKubernetesResource item : client.genericKubernetesResources(context()).inAnyNamespace().list()
        .getItems()) {
      String ns = item.getMetadata().getNamespace();
      String name = item.getMetadata().getName();
      keys.put(ns == null || ns.isEmpty() ? name : ns + "/" + name, item.getMetadata().getResourceVersion());
    }
    return keys;
  }
}
