package io.cloudpedia.agent.testing;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.QueueConfig;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.send.DeltaSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mock clusters and agents for agent tests: each one closed at the end of the test (call {@link #close()} from an
 * {@code @AfterEach}), in the reverse order of their start, an agent only once its sink has settled.
 */
public final class AgentHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(20);
  /** A queue nobody sends to: the tests' sinks record instead. */
  public static final QueueConfig QUEUE = QueueConfig.of("https://sqs.us-east-1.amazonaws.com/1/q", "us-east-1");

  private final List<AutoCloseable> toClose = new ArrayList<>();

  public MockCluster cluster() {
    return closeAtEnd(new MockCluster());
  }

  /** Starts an agent of {@code cluster-1} for {@code resources} and waits for its initial sync. */
  public SyncAgent startSynced(MockCluster cluster, RecordingSink sink, SyncResource... resources)
      throws InterruptedException {
    SyncAgent agent = start(cluster, Config.of("cluster-1", QUEUE, resources).withHealthPort(-1), sink, sink);
    if (!agent.awaitInitialSync(WAIT)) {
      throw new AssertionError("no initial sync within " + WAIT);
    }
    return agent;
  }

  /** Starts an agent that sends to {@code sink}, whose deltas {@code recorded} sees. */
  public SyncAgent start(MockCluster cluster, Config config, DeltaSink sink, RecordingSink recorded) {
    SyncAgent agent = closeAtEnd(SyncAgent.start(config, cluster.client(), sink));
    toClose.add(() -> Sentinels.settle(cluster, agent, recorded, WAIT));
    return agent;
  }

  public <T extends AutoCloseable> T closeAtEnd(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  @Override
  public void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
  }
}
