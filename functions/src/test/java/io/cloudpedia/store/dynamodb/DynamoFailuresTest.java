package io.cloudpedia.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cloudpedia.aws.AwsClients;
import io.cloudpedia.store.GroupVersionResource;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectBodies;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ObjectRecord;
import io.cloudpedia.store.StoreReads;
import io.cloudpedia.store.StoreUnavailableException;
import io.cloudpedia.store.StoredObject;
import io.cloudpedia.store.WriteOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Failures that may pass become {@link StoreUnavailableException}; others do not. Provoked for real: an endpoint where
 * nothing listens, and a local HTTP server answering every request with a DynamoDB error response as AWS sends it
 * (the SDK parses it into its exception types), or with scripted answers (BatchGetItem's unprocessed keys).
 */
class DynamoFailuresTest {
  private static final GroupVersionResource PODS = GroupVersionResource.parse("v1/pods");
  private static final ObjectKey KEY = new ObjectKey("c1", PODS, "default", "web-0");
  /** KEY and its item as DynamoDB writes them in JSON, for scripted answers. */
  private static final String KEY_JSON = "{\"pk\":{\"S\":\"c1#v1/pods\"},\"sk\":{\"S\":\"default/web-0\"}}";
  private static final String ITEM_JSON =
      "{\"pk\":{\"S\":\"c1#v1/pods\"},\"sk\":{\"S\":\"default/web-0\"},\"rv\":{\"S\":\"1\"},"
          + "\"uid\":{\"S\":\"uid-1\"},\"body\":{\"B\":\""
          + Base64.getEncoder().encodeToString(ObjectBodies.gzip(new byte[] {'{', '}'}))
          + "\"}}";

  private HttpServer server;
  private DynamoDbClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void networkErrorMakesEveryOperationUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    client = client(URI.create("http://127.0.0.1:" + port));
    DynamoResourceStore resources = new DynamoResourceStore(client, "resources");
    DynamoSyncStateStore syncState = new DynamoSyncStateStore(client, "sync-state");

    assertUnavailableFromNetwork(() -> resources.upsert(record()));
    assertUnavailableFromNetwork(() -> resources.delete(KEY, "2"));
    assertUnavailableFromNetwork(() -> resources.get(KEY));
    assertUnavailableFromNetwork(() -> resources.getAll(List.of(KEY)));
    assertUnavailableFromNetwork(() -> resources.list(ListRequest.all("c1", PODS, 10)));
    assertUnavailableFromNetwork(() -> resources.forEachKey("c1", PODS, kv -> {}));
    assertUnavailableFromNetwork(() -> resources.ownedBy("c1", "uid"));
    assertUnavailableFromNetwork(() -> syncState.putAgentStatus("c1", Instant.now(), new byte[] {'{', '}'}));
    assertUnavailableFromNetwork(() -> syncState.types("c1"));
    assertUnavailableFromNetwork(syncState::clusters);
    assertUnavailableFromNetwork(() -> syncState.relistBegan("c1", PODS, "r1", Instant.now()));
  }

  @Test
  void provisionedThroughputExceededIsUnavailable() throws IOException {
    AtomicInteger requests = answerEveryRequest(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
    DynamoResourceStore store = new DynamoResourceStore(client, "resources");

    assertThatThrownBy(() -> store.upsert(record()))
        .isInstanceOf(StoreUnavailableException.class)
        .hasCauseInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageContaining("upsert on resources")
        .hasMessageContaining("ProvisionedThroughputExceededException");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void requestLimitExceededIsUnavailable() throws IOException {
    answerEveryRequest(400, "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded");

    assertThatThrownBy(() -> new DynamoResourceStore(client, "resources").get(KEY))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("RequestLimitExceeded");
  }

  @Test
  void throttlingExceptionIsUnavailable() throws IOException {
    answerEveryRequest(400, "com.amazon.coral.availability#ThrottlingException");

    assertThatThrownBy(() -> new DynamoResourceStore(client, "resources").list(ListRequest.all("c1", PODS, 5)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("ThrottlingException");
  }

  @Test
  void internalServerErrorIsUnavailable() throws IOException {
    answerEveryRequest(500, "com.amazonaws.dynamodb.v20120810#InternalServerError");

    assertThatThrownBy(() -> new DynamoSyncStateStore(client, "sync-state").agentStatus("c1"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void validationErrorIsABugAndPropagatesUnchanged() throws IOException {
    answerEveryRequest(400, "com.amazon.coral.validate#ValidationException");

    assertThatThrownBy(() -> new DynamoResourceStore(client, "resources").upsert(record()))
        .isInstanceOf(DynamoDbException.class)
        .isNotInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void conditionalCheckFailedIsStale() throws IOException {
    answerEveryRequest(400, "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");

    assertThat(new DynamoResourceStore(client, "resources").upsert(record())).isEqualTo(WriteOutcome.STALE);
    assertThat(new DynamoResourceStore(client, "resources").delete(KEY, "3")).isEqualTo(WriteOutcome.STALE);
  }

  @Test
  void unprocessedKeysOfABatchGetAreAskedAgainUntilRead() throws IOException {
    AtomicInteger requests =
        answerInTurn(
            "{\"Responses\":{\"resources\":[]},\"UnprocessedKeys\":{\"resources\":{\"Keys\":[" + KEY_JSON
                + "],\"ConsistentRead\":true}}}",
            "{\"Responses\":{\"resources\":[" + ITEM_JSON + "]},\"UnprocessedKeys\":{}}");
    DynamoResourceStore store = new DynamoResourceStore(client, "resources");

    assertThat(store.getAll(List.of(KEY))).extracting(StoredObject::key).containsExactly(KEY);
    assertThat(requests.get()).isEqualTo(2);
    assertThat(store.reads().snapshot()).isEqualTo(new StoreReads.Snapshot(2, 1));
  }

  @Test
  void keysThatStayUnprocessedMakeTheReadUnavailable() throws IOException {
    AtomicInteger requests =
        answerInTurn(
            "{\"Responses\":{\"resources\":[]},\"UnprocessedKeys\":{\"resources\":{\"Keys\":[" + KEY_JSON
                + "],\"ConsistentRead\":true}}}");

    assertThatThrownBy(() -> new DynamoResourceStore(client, "resources").getAll(List.of(KEY)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unprocessed");
    assertThat(requests.get()).isEqualTo(8);
  }

  private static void assertUnavailableFromNetwork(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(StoreUnavailableException.class)
        .hasCauseInstanceOf(SdkClientException.class);
  }

  /** Starts a server answering every request with this DynamoDB error; builds {@link #client} for it. */
  private AtomicInteger answerEveryRequest(int status, String errorType) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    byte[] body =
        ("{\"__type\":\"" + errorType + "\",\"message\":\"provoked by the test\"}").getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    client = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    return requests;
  }

  /** Starts a server answering requests with these 200 bodies in turn, the last one again and again. */
  private AtomicInteger answerInTurn(String... bodies) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int turn = requests.getAndIncrement();
          byte[] body = bodies[Math.min(turn, bodies.length - 1)].getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    client = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    return requests;
  }

  /** Built the way the functions build theirs, without retries so that each failure is one request. */
  private static DynamoDbClient client(URI endpoint) {
    return AwsClients.defaults()
        .withRegion(Region.US_EAST_1)
        .withEndpoint(endpoint)
        .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .configure(DynamoDbClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static ObjectRecord record() {
    return new ObjectRecord(
        KEY, "uid-1", "1", "Pod", "", Map.of(), Optional.empty(), Optional.empty(),
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8));
  }
}
