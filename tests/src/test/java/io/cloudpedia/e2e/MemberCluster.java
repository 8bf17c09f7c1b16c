package io.cloudpedia.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member cluster for tests: fabric8's mock Kubernetes API server in CRUD mode (with watch), on a free loopback port.
 */
public final class MemberCluster implements AutoCloseable {
  private final String name;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MemberCluster(String name) {
    this.name = name;
    this.server = new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesMixedDispatcher(new HashMap<>()), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    this.client = server.createClient();
  }

  public static MemberCluster start(String name) {
    return new MemberCluster(name);
  }

  public String name() {
    return name;
  }

  /** A client for the test to change the cluster with. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client, e.g. for an agent that closes its own. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public KubernetesMockServer server() {
    return server;
  }

  /** Every object of a type, as cache key → resourceVersion: what the store must hold for this cluster. */
  public Map<String, String> snapshot(ResourceDefinitionContext type) {
    Map<String, String> keys = new TreeMap<>();
    for (GenericKubernetesResource item : client.genericKubernetesResources(type).inAnyNamespace().list().getItems()) {
      String ns = item.getMetadata().getNamespace();
      String key = ns == null || ns.isEmpty() ? item.getMetadata().getName() : ns + "/" + item.getMetadata().getName();
      keys.put(key, item.getMetadata().getResourceVersion());
    }
    return keys;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
