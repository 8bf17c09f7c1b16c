package io.cloudpedia.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.dynamodb.DynamoTables;
import io.cloudpedia.testing.AwsTestEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The contract against DynamoDB (moto or LocalStack, see {@link AwsTestEnvironment}), the item layout, what each
 * call costs, and a write that loses a race between its read and its conditional put.
 */
class DynamoClusterRegistryTest extends ClusterRegistryContract {
  private static AwsTestEnvironment aws;
  private static DynamoTables tables;
  private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private static DynamoDbClient counted;

  @BeforeAll
  static void createTables() {
    aws = AwsTestEnvironment.shared();
    tables = DynamoTables.withPrefix(aws.uniqueName("registry"));
    DynamoTables.createIfMissing(aws.dynamoDb(), tables);
    ExecutionInterceptor counter =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.computeIfAbsent(context.request().getClass().getSimpleName(), k -> new AtomicInteger())
                .incrementAndGet();
          }
        };
    counted =
        aws.clients()
            .configure(DynamoDbClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
            .build();
  }

  @AfterAll
  static void closeClient() {
    if (counted != null) {
      counted.close();
    }
  }

  @Override
  protected ClusterRegistry newRegistry(Clock clock) {
    return new DynamoClusterRegistry(aws.dynamoDb(), tables.syncState(), clock);
  }

  @Override
  protected String uniqueName() {
    return aws.uniqueName("c");
  }

  @Test
  void itemsAreKeyedAsDocumented() throws Exception {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));
    registry.create(CSR, syncResources(name, "pods"));

    Map<String, AttributeValue> item = item("registry#pediaclusters", name);
    assertThat(item.get("rv").n()).isEqualTo(Long.toString(created.resourceVersion()));
    assertThat(Json.mapper().readTree(item.get("doc").s())).isEqualTo(created.object());
    assertThat(item("registry#clustersyncresources", name)).containsKey("doc");
  }

  @Test
  void aGetIsOneGetItemAndAListOneQuery() {
    ClusterRegistry measured = new DynamoClusterRegistry(counted, tables.syncState(), clock);
    String prefix = uniqueName();
    for (int i = 0; i < 5; i++) {
      measured.create(PC, cluster(prefix + "-" + i, "https://a:6443"));
    }
    requests.clear();

    measured.get(PC, prefix + "-3");
    assertThat(snapshot()).isEqualTo(Map.of("GetItemRequest", 1));

    requests.clear();
    List<Stored> all = measured.list(PC);
    assertThat(snapshot()).isEqualTo(Map.of("QueryRequest", 1));
    assertThat(names(all)).contains(prefix + "-0", prefix + "-4");

    requests.clear();
    Stored read = measured.get(PC, prefix + "-1").orElseThrow();
    requests.clear();
    measured.update(PC, withServer(read.object(), "https://b:6443"));
    assertThat(snapshot()).as("an update is a read and a conditional put")
        .isEqualTo(Map.of("GetItemRequest", 1, "PutItemRequest", 1));
  }

  @Test
  void aWriteBetweenTheReadAndTheConditionalPutMakesTheUpdateAConflict() {
    String name = uniqueName();
    Stored read = registry.create(PC, cluster(name, "https://a:6443"));
    ClusterRegistry racing =
        new DynamoClusterRegistry(
            beforeFirstConditionalPut(
                () -> registry.update(PC, withServer(read.object(), "https://other:6443"))),
            tables.syncState(),
            clock);

    assertThatThrownBy(() -> racing.update(PC, withServer(read.object(), "https://mine:6443")))
        .isInstanceOf(RegistryException.Conflict.class);
    assertThat(registry.get(PC, name).orElseThrow().spec().get("apiserver").asText())
        .isEqualTo("https://other:6443");
  }

  @Test
  void anUnconditionalWriteThatLosesTheRaceIsAppliedToTheNewerObject() {
    String name = uniqueName();
    Stored read = registry.create(PC, cluster(name, "https://a:6443"));
    AtomicReference<Stored> competitor = new AtomicReference<>();
    ClusterRegistry racing =
        new DynamoClusterRegistry(
            beforeFirstConditionalPut(
                () -> competitor.set(registry.update(PC, withServer(read.object(), "https://other:6443")))),
            tables.syncState(),
            clock);
    ObjectNode blind = withServer(read.object(), "https://mine:6443");
    blind.withObjectProperty("metadata").remove("resourceVersion");

    Stored updated = racing.update(PC, blind);

    assertThat(updated.spec().get("apiserver").asText()).isEqualTo("https://mine:6443");
    assertThat(updated.resourceVersion()).isGreaterThan(competitor.get().resourceVersion());
    assertThat(updated.generation()).as("both writes changed the spec").isEqualTo(3);
    assertThat(registry.get(PC, name)).contains(updated);
  }

  @Test
  void markDeletingRetriesAfterALostRace() {
    String name = uniqueName();
    Stored read = registry.create(PC, cluster(name, "https://a:6443"));
    ClusterRegistry racing =
        new DynamoClusterRegistry(
            beforeFirstConditionalPut(() -> registry.update(PC, withServer(read.object(), "https://other:6443"))),
            tables.syncState(),
            clock);

    Stored deleting = racing.markDeleting(PC, name, T0);

    assertThat(deleting.deletionTimestamp()).isPresent();
    assertThat(deleting.spec().get("apiserver").asText()).isEqualTo("https://other:6443");
  }

  /** The shared client, except that {@code competing} runs once, just before the first conditional put is sent. */
  private static DynamoDbClient beforeFirstConditionalPut(Runnable competing) {
    DynamoDbClient delegate = aws.dynamoDb();
    AtomicBoolean done = new AtomicBoolean();
    return (DynamoDbClient)
        Proxy.newProxyInstance(
            DynamoDbClient.class.getClassLoader(),
            new Class<?>[] {DynamoDbClient.class},
            (proxy, method, args) -> {
              if (method.getName().equals("putItem") && args != null && args[0] instanceof Consumer<?> consumer) {
                // The SDK's Consumer overload builds the request and calls the other overload on the real client,
                // which would bypass this proxy: build it here.
                PutItemRequest.Builder builder = PutItemRequest.builder();
                @SuppressWarnings("unchecked")
                Consumer<PutItemRequest.Builder> build = (Consumer<PutItemRequest.Builder>) consumer;
                build.accept(builder);
                args = new Object[] {builder.build()};
                method = DynamoDbClient.class.getMethod("putItem", PutItemRequest.class);
              }
              if (method.getName().equals("putItem")
                  && args != null
                  && args[0] instanceof PutItemRequest put
                  && put.conditionExpression() != null
                  && put.conditionExpression().contains("#rv")
                  && done.compareAndSet(false, true)) {
                competing.run();
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    requests.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private Map<String, AttributeValue> item(String pk, String sk) {
    return aws.dynamoDb()
        .getItem(
            r ->
                r.tableName(tables.syncState())
                    .consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
        .item();
  }
}
