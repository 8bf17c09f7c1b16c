package io.cloudpedia.ingest;

import io.cloudpedia.eventsource.LocalLambdaContext;
import io.cloudpedia.store.dynamodb.DynamoTables;
import static io.cloudpedia.ingest.Deltas.CLUSTER;
import static io.cloudpedia.ingest.Deltas.PODS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.cloudpedia.lambda.ColdStart;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

class IngestFunctionTest {
  static final Path EVENTS = Path.of("..", "events");

  ResourceStore resources;
  RecordingIngestMetrics metrics;
  IngestFunction function;

  @BeforeEach
  void setUp() {
    resources =
        new FailingResourceStore(
            "throttled", () -> new StoreUnavailableException("throttled (test)", new RuntimeException("503")));
    metrics = new RecordingIngestMetrics();
    function = new IngestFunction(new IngestService(resources, new InMemorySyncStateStore(), metrics), metrics);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String podMessage(String namespace, String name, String rv) {
    return read(EVENTS.resolve("wire/upsert-pod.json"))
        .replace("\"namespace\": \"default\"", "\"namespace\": \"" + namespace + "\"")
        .replace("\"web-0\"", "\"" + name + "\"")
        .replace("\"1201\"", "\"" + rv + "\"");
  }

  static SQSEvent.SQSMessage message(String id, String body) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(id);
    message.setBody(body);
    message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
    message.setEventSource("aws:sqs");
    return message;
  }

  static SQSEvent event(SQSEvent.SQSMessage... messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(messages));
    return event;
  }

  static List<String> failedIds(SQSBatchResponse response) {
    List<String> ids = new ArrayList<>();
    response.getBatchItemFailures().forEach(f -> ids.add(f.getItemIdentifier()));
    return ids;
  }

  ObjectKey pod(String namespace, String name) {
    return new ObjectKey(CLUSTER, PODS, namespace, name);
  }

  @Test
  void batchReportsExactlyTheMalformedAndTransientMessagesAndAppliesTheRest() {
    SQSEvent event =
        event(
            message("good-1", podMessage("default", "a", "10")),
            message("malformed", read(EVENTS.resolve("wire/malformed/unknown-op.json"))),
            message("transient", podMessage("throttled", "b", "10")),
            message("not-json", read(EVENTS.resolve("wire/malformed/not-json.txt"))),
            message("good-2", podMessage("default", "c", "10")));

    SQSBatchResponse response = function.handleRequest(event, null);

    assertThat(failedIds(response)).containsExactly("malformed", "transient", "not-json");
    assertThat(resources.get(pod("default", "a"))).isPresent();
    assertThat(resources.get(pod("default", "c"))).isPresent();
    assertThat(metrics.total(IngestMetrics.MESSAGES)).isEqualTo(5);
    assertThat(metrics.total(IngestMetrics.MESSAGES_APPLIED)).isEqualTo(2);
    assertThat(metrics.total(IngestMetrics.MALFORMED_MESSAGES)).isEqualTo(2);
    assertThat(metrics.total(IngestMetrics.TRANSIENT_FAILURES)).isEqualTo(1);
    assertThat(metrics.total(IngestMetrics.UPSERTS_APPLIED)).isEqualTo(2);
    assertThat(metrics.flushes()).as("one flush per invocation").isEqualTo(1);
  }

  @Test
  void perClusterCountsAndIngestLagFollowEachMessage() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T21:00:02.623Z"), ZoneOffset.UTC); // sentAt + 2.5 s
    IngestFunction fn =
        new IngestFunction(new IngestService(resources, new InMemorySyncStateStore(), metrics), metrics, clock);

    fn.handleRequest(event(
        message("a", podMessage("default", "a", "10")),
        message("a-again", podMessage("default", "a", "10")),
        message("throttled", podMessage("throttled", "b", "10")),
        message("malformed", read(EVENTS.resolve("wire/malformed/unknown-op.json"))),
        message("not-json", read(EVENTS.resolve("wire/malformed/not-json.txt")))), null);

    assertThat(metrics.total(CLUSTER, IngestMetrics.DELTAS_APPLIED)).isEqualTo(1);
    assertThat(metrics.total(CLUSTER, IngestMetrics.DELTAS_STALE)).isEqualTo(1);
    assertThat(metrics.total(CLUSTER, IngestMetrics.DELTAS_REJECTED)).isEqualTo(1);
    assertThat(metrics.total(CLUSTER, IngestMetrics.MALFORMED_MESSAGES)).as("it names its cluster").isEqualTo(1);
    assertThat(metrics.total(IngestMetrics.UNKNOWN_CLUSTER, IngestMetrics.MALFORMED_MESSAGES)).isEqualTo(1);
    assertThat(metrics.total(IngestMetrics.MALFORMED_MESSAGES)).as("the total is the sum").isEqualTo(2);
    assertThat(metrics.ingestLags(CLUSTER)).as("one per applied message").containsExactly(2.5, 2.5);
  }

  @Test
  void aMessageFromTheFutureHasNoNegativeLag() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T20:59:00Z"), ZoneOffset.UTC);
    IngestFunction fn =
        new IngestFunction(new IngestService(resources, new InMemorySyncStateStore(), metrics), metrics, clock);

    fn.handleRequest(event(message("a", podMessage("default", "a", "10"))), null);

    assertThat(metrics.ingestLags(CLUSTER)).containsExactly(0.0);
  }

  @Test
  void theClusterOfAnUndecodableMessageIsReadOnlyIfItIsAValidName() {
    assertThat(IngestFunction.clusterOf("{\"cluster\":\"prod-1\",\"deltas\":7}")).isEqualTo("prod-1");
    assertThat(IngestFunction.clusterOf("{\"cluster\":\"Not A Name!\"}")).isEqualTo("unknown");
    assertThat(IngestFunction.clusterOf("{\"cluster\":\"" + "a".repeat(64) + "\"}")).isEqualTo("unknown");
    assertThat(IngestFunction.clusterOf("not json")).isEqualTo("unknown");
    assertThat(IngestFunction.clusterOf(null)).isEqualTo("unknown");
  }

  @Test
  void theFirstInvocationCountsAColdStart() {
    ColdStart.reset();
    function.handleRequest(event(message("a", podMessage("default", "a", "10"))), null);
    function.handleRequest(event(message("b", podMessage("default", "b", "10"))), null);

    assertThat(metrics.total(IngestMetrics.COLD_START)).isEqualTo(1);
  }

  @Test
  void unexpectedExceptionFailsOnlyItsMessage() {
    ResourceStore broken = new FailingResourceStore("broken", () -> new IllegalStateException("a bug (test)"));
    IngestFunction fn = new IngestFunction(new IngestService(broken, new InMemorySyncStateStore(), metrics), metrics);

    SQSBatchResponse response =
        fn.handleRequest(
            event(message("bug", podMessage("broken", "a", "10")), message("ok", podMessage("default", "b", "10"))),
            null);

    assertThat(failedIds(response)).containsExactly("bug");
    assertThat(broken.get(pod("default", "b"))).isPresent();
    assertThat(metrics.total(IngestMetrics.FAILED_MESSAGES)).isEqualTo(1);
  }

  @Test
  void redeliveryOfAnAppliedMessageIsANoOp() {
    SQSEvent event = event(message("m", podMessage("default", "a", "10")));
    function.handleRequest(event, null);

    SQSBatchResponse again = function.handleRequest(event, null);

    assertThat(failedIds(again)).isEmpty();
    assertThat(metrics.total(IngestMetrics.UPSERTS_STALE)).isEqualTo(1);
  }

  @Test
  void emptyOrMissingRecordsAnswerNoFailures() {
    assertThat(failedIds(function.handleRequest(new SQSEvent(), null))).isEmpty();
    assertThat(failedIds(function.handleRequest(event(), null))).isEmpty();
    assertThat(metrics.flushes()).isEqualTo(2);
  }

  @Test
  void metricsThatFailToFlushDoNotFailTheBatch() {
    IngestMetrics failing =
        new IngestMetrics() {
          @Override
          public void count(String metric, long value) {}

          @Override
          public void countForCluster(String cluster, String metric, long value) {}

          @Override
          public void ingestLag(String cluster, double seconds) {}

          @Override
          public void flush() {
            throw new IllegalStateException("no namespace (test)");
          }
        };
    IngestFunction fn = new IngestFunction(new IngestService(resources, new InMemorySyncStateStore(), failing), failing);

    assertThat(failedIds(fn.handleRequest(event(message("m", podMessage("default", "a", "10"))), null))).isEmpty();
    assertThat(resources.get(pod("default", "a"))).isPresent();
  }

  @Test
  void runsInsidePowertoolsLoggingWithALambdaContext() {
    SQSBatchResponse response =
        function.handleRequest(event(message("m", podMessage("default", "a", "10"))), new LocalLambdaContext("IngestFunction", "us-east-1", 1024, java.time.Duration.ofMinutes(1)));

    assertThat(failedIds(response)).isEmpty();
    assertThat(resources.get(pod("default", "a"))).isPresent();
  }

  @Test
  void sampleSqsEventForSamLocalInvokeFailsOnlyItsMalformedMessage() throws IOException {
    JsonNode sample = Json.mapper().readTree(read(EVENTS.resolve("sqs-batch.json")));
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (JsonNode record : sample.get("Records")) {
      SQSEvent.SQSMessage message = message(record.get("messageId").asText(), record.get("body").asText());
      message.setEventSourceArn(record.get("eventSourceARN").asText());
      records.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);

    SQSBatchResponse response = function.handleRequest(event, null);

    assertThat(records).hasSize(5);
    assertThat(failedIds(response)).containsExactly(records.get(4).getMessageId());
    assertThat(resources.get(pod("default", "web-0")).orElseThrow().resourceVersion()).isEqualTo("1205");
  }

  @Test
  void configComesFromTheEnvironmentWithADefaultTombstoneTtl() {
    IngestConfig config = IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s"));
    assertThat(config).isEqualTo(new IngestConfig(new DynamoTables("r", "s"), java.time.Duration.ofDays(1),
        io.cloudpedia.store.IndexedLabels.DEFAULT));
    assertThat(IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
        "TOMBSTONE_TTL_SECONDS", "3600")).tombstoneTtl()).hasSeconds(3600);
    assertThatThrownBy(() -> IngestConfig.from(Map.of("SYNC_STATE_TABLE", "s")))
        .hasMessageContaining("RESOURCES_TABLE");
    assertThatThrownBy(() -> IngestConfig.from(Map.of("RESOURCES_TABLE", "r", "SYNC_STATE_TABLE", "s",
        "TOMBSTONE_TTL_SECONDS", "1d"))).hasMessageContaining("TOMBSTONE_TTL_SECONDS");
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "RESOURCES_TABLE", matches = ".*")
  void lambdaConstructorNamesTheMissingVariable() {
    assertThatThrownBy(IngestFunction::new).hasMessageContaining("RESOURCES_TABLE");
  }

}
