package io.cloudpedia.cli.local;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.sync.TypeSnapshot;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member cluster's agent in the local process. Starting may fail (cluster unreachable, no configured type
 * served): the reason is kept for the status display and {@link #tryStart} is called again later, while the other
 * clusters keep syncing.
 */
final class ClusterSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSync.class);

  private final MemberCluster cluster;
  private final List<SyncResource> resources;
  private final Backend backend;
  private volatile SyncAgent agent;
  private volatile DeltaSink sink;
  private volatile KubernetesClient client;
  private volatile Optional<String> failure = Optional.of("starting");

  ClusterSync(MemberCluster cluster, List<SyncResource> resources, Backend backend) {
    this.cluster = cluster;
    this.resources = resources;
    this.backend = backend;
  }

  MemberCluster cluster() {
    return cluster;
  }

  /** The agent, once started. */
  Optional<SyncAgent> agent() {
    return Optional.ofNullable(agent);
  }

  /** Why the cluster is not syncing; empty once it is. */
  Optional<String> failure() {
    return failure;
  }

  /** Starts the agent unless it runs; on failure keeps the reason. */
  synchronized void tryStart() {
    if (agent != null) {
      return;
    }
    KubernetesClient newClient = null;
    DeltaSink newSink = null;
    try {
      io.fabric8.kubernetes.client.Config k8s =
          io.fabric8.kubernetes.client.Config.fromKubeconfig(cluster.context(), cluster.kubeconfig().toFile());
      k8s.setRequestRetryBackoffLimit(1);
      newClient = new KubernetesClientBuilder().withConfig(k8s).build();
      AgentIdentity identity = AgentIdentity.generate(cluster.name());
      newSink = backend.sinkFor(identity);
      // The queue settings are the backend's; the agent's own config only names the cluster and the types.
      Config config = Config.of(cluster.name(), QueueConfig.of("local", "local"), resources.toArray(SyncResource[]::new))
          .withHealthPort(-1);
      agent = SyncAgent.start(config, identity, newClient, newSink);
      client = newClient;
      sink = newSink;
      failure = Optional.empty();
    } catch (RuntimeException e) {
      failure = Optional.of(reason(e));
      LOG.warn("cluster {} (context {}) is not syncing: {}", cluster.name(), cluster.context(), failure.get());
      if (newSink != null) {
        newSink.close();
      }
      if (newClient != null) {
        newClient.close();
      }
    }
  }

  /** The agent's per-type state, empty before it started. */
  List<TypeSnapshot> snapshot() {
    SyncAgent a = agent;
    return a == null ? List.of() : a.snapshot();
  }

  /** One line: the innermost cause's message, which names what is wrong (connection refused, unknown host...). */
  static String reason(Throwable e) {
    Throwable cause = e;
    String message = e.getMessage();
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
      if (cause.getMessage() != null) {
        message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
    }
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public synchronized void close() {
    if (agent != null) {
      agent.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
