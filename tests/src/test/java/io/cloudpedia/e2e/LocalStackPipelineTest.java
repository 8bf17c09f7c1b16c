package io.cloudpedia.e2e;

import static io.cloudpedia.e2e.SyncedType.DEPLOYMENTS;
import static io.cloudpedia.e2e.SyncedType.PODS;

import io.cloudpedia.agent.SyncAgent;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.testing.AwsTestEnvironment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The pipeline against LocalStack itself (SQS and DynamoDB as LocalStack implements them), whatever endpoint the rest
 * of the suite uses. Reported as skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineTest {
  private static final List<SyncedType> TYPES = List.of(PODS, DEPLOYMENTS);
  private static final Duration CONVERGE = Duration.ofSeconds(90);

  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
      DockerImageName.parse(System.getenv().getOrDefault("CLOUDPEDIA_LOCALSTACK_IMAGE",
          AwsTestEnvironment.DEFAULT_LOCALSTACK_IMAGE)).asCompatibleSubstituteFor("localstack/localstack"))
      .withServices("dynamodb", "sqs");

  @Test
  void clusterChangesReachDynamoDbThroughLocalStack() throws Exception {
    try (Pipeline pipeline = Pipeline.start(AwsTestEnvironment.over(LOCALSTACK), "localstack");
        MockCluster cluster = new MockCluster()) {
      KubernetesClient c = cluster.client();
      Churn.createPod(c, "web", "web-0", "web");
      Churn.createDeployment(c, "web", "web", 2);
      SyncAgent agent = pipeline.startAgent("cluster-1", cluster.server().createClient(),
          PODS.syncResource(), DEPLOYMENTS.syncResource());
      Pipeline.awaitSyncedAndWatching(agent, CONVERGE);
      Churn.createPod(c, "web", "web-1", "web");
      Churn.deletePod(c, "web", "web-0");
      Churn.scaleDeployment(c, "web", "web", 4);
      Convergence.awaitExact(pipeline.store, Map.of("cluster-1", c), TYPES, CONVERGE);
    }
  }
}
