package io.cloudpedia.ingest;

import static io.cloudpedia.ingest.Deltas.PODS;
import static io.cloudpedia.ingest.Deltas.envelope;
import static io.cloudpedia.ingest.Deltas.pod;
import static io.cloudpedia.ingest.Deltas.relistBegin;
import static io.cloudpedia.ingest.Deltas.relistEnd;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.SyncStateStore;
import io.cloudpedia.store.dynamodb.DynamoResourceStore;
import io.cloudpedia.store.dynamodb.DynamoSyncStateStore;
import io.cloudpedia.store.dynamodb.DynamoTables;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda's own wiring (IngestConfig → DynamoDB stores) applying the wire examples on a real DynamoDB API, and
 * ingest's rules that span both tables.
 */
class IngestOverDynamoDbTest {
  static final GroupVersionResource DEPLOYMENTS = GroupVersionResource.parse("apps/v1/deployments");

  static AwsTestEnvironment aws;
  static DynamoTables tables;

  @BeforeAll
  static void tables() {
    aws = AwsTestEnvironment.shared();
    tables = DynamoTables.withPrefix(aws.uniqueName("ingest"));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
  }

  @Test
  void lambdaWiringAppliesTheWireExamplesToDynamoDb() {
    IngestConfig config =
        IngestConfig.from(
            Map.of(
                DynamoTables.RESOURCES_TABLE_VARIABLE, tables.resources(),
                DynamoTables.SYNC_STATE_TABLE_VARIABLE, tables.syncState(),
                IngestConfig.TOMBSTONE_TTL_SECONDS, "3600"));
    RecordingIngestMetrics metrics = new RecordingIngestMetrics();
    IngestWiring wiring = IngestWiring.over(config, aws.dynamoDb(), metrics);
    IngestFunction function = new IngestFunction(wiring.service(), wiring.metrics());
    ResourceStore resources = new DynamoResourceStore(aws.dynamoDb(), tables.resources());
    ObjectKey gone = new ObjectKey("cluster-1", DEPLOYMENTS, "default", "gone");
    ObjectKey web = new ObjectKey("cluster-1", DEPLOYMENTS, "default", "web");
    function.handleRequest(
        IngestFunctionTest.event(
            IngestFunctionTest.message("seed-gone", deployment("gone", "1250")),
            IngestFunctionTest.message("seed-web", deployment("web", "1100"))),
        null);
    assertThat(resources.get(gone)).isPresent();

    SQSEvent event =
        IngestFunctionTest.event(
            IngestFunctionTest.message("pod", wire("upsert-pod.json")),
            IngestFunctionTest.message("packed", wire("packed-mixed.json")),
            IngestFunctionTest.message("status", wire("status.json")),
            IngestFunctionTest.message("begin", wire("relist-begin.json")),
            IngestFunctionTest.message("end", wire("relist-end.json")),
            IngestFunctionTest.message("bad", wire("malformed/bad-gvr.json")));
    SQSBatchResponse response = function.handleRequest(event, null);

    assertThat(IngestFunctionTest.failedIds(response)).containsExactly("bad");
    ObjectKey pod = new ObjectKey("cluster-1", GroupVersionResource.parse("v1/pods"), "default", "web-0");
    assertThat(resources.get(pod).orElseThrow().resourceVersion()).isEqualTo("1205");
    assertThat(resources.get(gone)).as("swept by the relist").isEmpty();
    assertThat(resources.get(web)).isPresent();
    assertThat(metrics.total(IngestMetrics.OBJECTS_SWEPT)).isEqualTo(1);
    DynamoSyncStateStore syncState = new DynamoSyncStateStore(aws.dynamoDb(), tables.syncState());
    assertThat(syncState.agentStatus("cluster-1")).isPresent();
    assertThat(syncState.clustersSyncing(DEPLOYMENTS)).containsExactly("cluster-1");
    assertThat(config.tombstoneTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aLateUpsertOfAnObjectTheNewestRelistDoesNotListIsDeletedAgain() {
    DynamoResourceStore resources = new DynamoResourceStore(aws.dynamoDb(), tables.resources());
    DynamoSyncStateStore syncState = new DynamoSyncStateStore(aws.dynamoDb(), tables.syncState());
    RecordingIngestMetrics metrics = new RecordingIngestMetrics();
    String cluster = aws.uniqueName("late");
    // r2 listed at rv 22 without app/pod-3 (deleted while nobody watched), while the store had no pod-3 yet.
    new IngestService(resources, syncState, metrics)
        .apply(envelope(cluster, relistBegin("r2"), relistEnd("r2", "22", 2, "app/pod-0", "app/pod-1")));

    // Another invocation, whose key set cache is empty: it reads r2's keys from DynamoDB.
    IngestReport late =
        new IngestService(resources, syncState, metrics)
            .apply(envelope(cluster, pod("app", "pod-3", "7"), pod("app", "pod-0", "7"), pod("app", "pod-9", "23")));

    assertThat(late.upsertsSupersededByRelist()).isEqualTo(1);
    assertThat(resources.get(new ObjectKey(cluster, PODS, "app", "pod-3"))).isEmpty();
    assertThat(resources.get(new ObjectKey(cluster, PODS, "app", "pod-0"))).as("listed").isPresent();
    assertThat(resources.get(new ObjectKey(cluster, PODS, "app", "pod-9"))).as("newer than the list").isPresent();
    assertThat(metrics.total(IngestMetrics.UPSERTS_SUPERSEDED_BY_RELIST)).isEqualTo(1);

    // An older relist that completes late lowers nothing: pod-5 at rv 15 is newer than r1 but not than r2.
    new IngestService(resources, syncState, metrics)
        .apply(envelope(cluster, relistEnd("r1", "10", 3, "app/pod-0", "app/pod-1", "app/pod-5")));
    new IngestService(resources, syncState, metrics).apply(envelope(cluster, pod("app", "pod-5", "15")));

    assertThat(syncState.completedRelist(cluster, PODS)).contains(new SyncStateStore.CompletedRelist("r2", "22"));
    assertThat(resources.get(new ObjectKey(cluster, PODS, "app", "pod-5"))).isEmpty();
  }

  static String wire(String name) {
    return IngestFunctionTest.read(IngestFunctionTest.EVENTS.resolve("wire").resolve(name));
  }

  static String deployment(String name, String rv) {
    return "{\"format\":\"cloudpedia.io/v1\",\"cluster\":\"cluster-1\",\"agent\":\"a\",\"sentAt\":\"2026-11-25T20:00:00Z\","
        + "\"deltas\":[{\"op\":\"upsert\",\"gvr\":\"apps/v1/deployments\",\"namespace\":\"default\",\"name\":\""
        + name + "\",\"uid\":\"uid-" + name + "\",\"resourceVersion\":\"" + rv + "\",\"object\":{\"apiVersion\":"
        + "\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"}}}]}";
  }
}
