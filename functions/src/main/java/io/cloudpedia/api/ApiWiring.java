package io.cloudpedia.api;

import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.access.AccessControl;
import io.cloudpedia.api.forward.Forwarding;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.registry.Registries;
import io.cloudpedia.registry.DynamoClusterRegistry;
import io.cloudpedia.registry.credentials.CredentialResolver;
import io.cloudpedia.registry.credentials.MapSecretSource;
import io.cloudpedia.registry.credentials.SecretsManagerSecretSource;
import java.util.Optional;
import io.cloudpedia.aws.AwsClients;
import io.cloudpedia.events.DynamoEventStore;
import io.cloudpedia.ingest.IngestPriming;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.dynamodb.DynamoResourceStore;
import io.cloudpedia.store.dynamodb.DynamoSyncStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** What the Lambda's no-arg constructor builds: the API over the DynamoDB stores. */
final class ApiWiring {
  private ApiWiring() {}

  /**
   * The API, and what primes its AWS side before a SnapStart snapshot: one strongly consistent GetItem of a key that
   * does not exist (the SDK's marshalling, signing and HTTP classes; 1 read request), as a real get would.
   */
  record Wired(KubeApi api, Runnable primeAws) {}

  static Wired fromEnvironment() {
    ApiFunctionConfig config = ApiFunctionConfig.fromEnvironment();
    AwsClients aws = AwsClients.defaults();
    byte[] key = config.continueTokenKey()
        .map(k -> k.getBytes(StandardCharsets.UTF_8))
        .orElseGet(() -> secret(aws, config.continueTokenKeySecret().get()));
    Optional<CredentialResolver> credentials = config.secretsPrefix().map(prefix -> new CredentialResolver(
        new SecretsManagerSecretSource(aws.configure(SecretsManagerClient.builder()).build(), prefix,
            config.secretsTtl(), Clock.systemUTC())));
    DynamoDbClient dynamoDb = aws.dynamoDb();
    KubeApi api = over(config, dynamoDb, key, credentials);
    // Behind the authorizer, every request is checked against the policy (docs/security.md).
    config.policy().ifPresent(p -> api.withAccessControl(AccessControl.of(p.open(aws, Clock.systemUTC()))));
    ResourceStore primingStore = new DynamoResourceStore(dynamoDb, config.tables().resources(), Clock.systemUTC(),
        ResourceStore.DEFAULT_TOMBSTONE_TTL, config.indexedLabels().keys());
    return new Wired(api, () -> primingStore.get(
        new ObjectKey(IngestPriming.CLUSTER, GroupVersionResource.parse("v1/pods"), "default", "priming")));
  }

  static KubeApi over(ApiFunctionConfig config, DynamoDbClient dynamoDb, byte[] continueTokenKey,
      Optional<CredentialResolver> credentials) {
    Clock clock = Clock.systemUTC();
    ResourceStore store = new DynamoResourceStore(dynamoDb, config.tables().resources(), clock,
        ResourceStore.DEFAULT_TOMBSTONE_TTL, config.indexedLabels().keys());
    SyncStateStore syncState = new DynamoSyncStateStore(dynamoDb, config.tables().syncState());
    DynamoClusterRegistry registry = new DynamoClusterRegistry(dynamoDb, config.tables().syncState());
    // Reads filter events past their max age by the expiry ingest wrote, so reading needs no retention settings.
    DynamoEventStore events = new DynamoEventStore(dynamoDb, config.tables().resources());
    KubeApi api = new KubeApi(
        store,
        new ClusterDirectory(syncState, clock, config.discoveryTtl(), config.staleAfter()),
        new ContinueTokens(continueTokenKey, config.api().continueTokenTtl(), clock),
        config.api(),
        clock,
        Optional.of(Registries.api(registry, store, syncState, credentials, clock, config.staleAfter(),
            Optional.of(events))));
    // Inline credentials need no secrets: without a secrets prefix only those resolve.
    CredentialResolver resolver = credentials.orElseGet(() -> new CredentialResolver(new MapSecretSource()));
    api.withForwarding(Forwarding.over(config.forward(), registry, resolver, config.api().pageByteBudget()));
    return api.withEvents(events);
  }

  /** The continue-token key from Secrets Manager, read once per instance at start. */
  private static byte[] secret(AwsClients aws, String secretId) {
    try (SecretsManagerClient secrets = aws.configure(SecretsManagerClient.builder()).build()) {
      String value = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
      if (value == null || value.length() < 32) {
        throw new IllegalStateException(
            "the continue-token key secret " + secretId + " must hold a string of at least 32 characters");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }
  }
}
