package io.cloudpedia.ingest;

import io.cloudpedia.aws.AwsClients;
import io.cloudpedia.events.DynamoEventStore;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.dynamodb.DynamoResourceStore;
import io.cloudpedia.store.dynamodb.DynamoSyncStateStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the Lambda's no-arg constructor builds: the service over the DynamoDB stores, its metrics, and what primes the
 * AWS side before a SnapStart snapshot (one GetItem of a key that does not exist: the SDK's marshalling, signing and
 * HTTP classes, 1 read request).
 */
record IngestWiring(IngestService service, IngestMetrics metrics, Runnable primeAws) {

  /** From {@link IngestConfig#fromEnvironment()}, the SDK's region and endpoint, and Powertools metrics. */
  static IngestWiring fromEnvironment() {
    IngestConfig config = IngestConfig.fromEnvironment();
    return over(config, AwsClients.defaults().dynamoDb(), new PowertoolsIngestMetrics());
  }

  static IngestWiring over(IngestConfig config, DynamoDbClient dynamoDb, IngestMetrics metrics) {
    DynamoResourceStore resources = new DynamoResourceStore(dynamoDb, config.tables().resources(), Clock.systemUTC(),
        config.tombstoneTtl(), config.indexedLabels().keys());
    IngestService service =
        new IngestService(
            resources,
            new DynamoSyncStateStore(dynamoDb, config.tables().syncState()),
            new DynamoEventStore(dynamoDb, config.tables().resources(), Clock.systemUTC(), config.eventRetention(),
                config.tombstoneTtl()),
            metrics);
    return new IngestWiring(service, metrics, () -> resources.get(
        new ObjectKey(IngestPriming.CLUSTER, GroupVersionResource.parse("v1/pods"), "default", "priming")));
  }
}
