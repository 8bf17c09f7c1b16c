package io.cloudpedia.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterRegistry} does. Each test uses names of its own, so a registry (and its table) may be
 * shared by the tests of a class; list assertions look at the test's own names.
 */
public abstract class ClusterRegistryContract {
  protected static final RegistryKind PC = RegistryKind.PEDIA_CLUSTER;
  protected static final RegistryKind CSR = RegistryKind.CLUSTER_SYNC_RESOURCES;
  protected static final Instant T0 = Instant.parse("2026-11-25T21:00:00.750Z");

  protected final MutableClock clock = new MutableClock(T0);
  protected ClusterRegistry registry;

  protected abstract ClusterRegistry newRegistry(Clock clock);

  /** A name no other test (of any run against the same backend) uses: lower case, a DNS subdomain. */
  protected abstract String uniqueName();

  @BeforeEach
  void createRegistry() {
    registry = newRegistry(clock);
  }

  // ---- create and read -----------------------------------------------------------------------------------------

  @Test
  void createSetsTheServerOwnedMetadata() {
    String name = uniqueName();
    ObjectNode sent = cluster(name, "https://a:6443");
    sent.withObjectProperty("metadata").put("uid", "client-made").put("resourceVersion", "7").put("generation", 9)
        .put("creationTimestamp", "2000-01-01T00:00:00Z").put("deletionTimestamp", "2000-01-01T00:00:00Z")
        .put("namespace", "default");
    sent.withObjectProperty("metadata").putObject("labels").put("team", "a");
    sent.putObject("status").put("version", "v1.30.0");

    Stored created = registry.create(PC, sent);

    ObjectNode metadata = (ObjectNode) created.object().get("metadata");
    assertThat(UUID.fromString(metadata.get("uid").asText())).isNotNull();
    assertThat(metadata.get("uid").asText()).isNotEqualTo("client-made");
    assertThat(metadata.get("creationTimestamp").asText()).isEqualTo("2026-11-25T21:00:00Z");
    assertThat(metadata.get("generation").asLong()).isEqualTo(1);
    assertThat(metadata.get("resourceVersion").asText()).isEqualTo(Long.toString(created.resourceVersion()));
    assertThat(metadata.has("deletionTimestamp")).isFalse();
    assertThat(metadata.has("namespace")).isFalse();
    assertThat(metadata.get("labels").get("team").asText()).isEqualTo("a");
    assertThat(created.object().has("status")).as("a new object has no status yet").isFalse();
    assertThat(created.object().get("apiVersion").asText()).isEqualTo("cluster.clusterpedia.io/v1alpha2");
    assertThat(created.object().get("kind").asText()).isEqualTo("PediaCluster");
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.kind()).isEqualTo(PC);
  }

  @Test
  void getReturnsWhatCreateStored() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));

    assertThat(registry.get(PC, name)).contains(created);
    assertThat(registry.get(PC, uniqueName())).isEmpty();
    assertThat(registry.get(CSR, name)).as("kinds are kept apart").isEmpty();
  }

  @Test
  void createOfAnExistingNameIsAlreadyExists() {
    String name = uniqueName();
    registry.create(PC, cluster(name, "https://a:6443"));

    assertThatThrownBy(() -> registry.create(PC, cluster(name, "https://b:6443")))
        .isInstanceOf(RegistryException.AlreadyExists.class)
        .hasMessage("pediaclusters.cluster.clusterpedia.io \"" + name + "\" already exists");
    assertThat(registry.get(PC, name).orElseThrow().spec().get("apiserver").asText()).isEqualTo("https://a:6443");
  }

  @Test
  void theSameNameMayBeUsedByBothKinds() {
    String name = uniqueName();
    registry.create(PC, cluster(name, "https://a:6443"));
    registry.create(CSR, syncResources(name, "pods"));

    assertThat(registry.get(PC, name)).isPresent();
    assertThat(registry.get(CSR, name).orElseThrow().object().get("kind").asText())
        .isEqualTo("ClusterSyncResources");
  }

  @Test
  void listIsSortedByNameAndHoldsOneKind() {
    String prefix = uniqueName();
    List<String> names = List.of(prefix + "-b", prefix + "-a", prefix + "-c.x", prefix + "-c");
    for (String name : names) {
      registry.create(PC, cluster(name, "https://a:6443"));
    }
    registry.create(CSR, syncResources(prefix + "-0", "pods"));

    List<Stored> all = registry.list(PC);
    List<String> mine = all.stream().map(Stored::name).filter(names::contains).collect(Collectors.toList());

    assertThat(mine).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-c.x");
    assertThat(all.stream().map(Stored::name).collect(Collectors.toList())).isSorted();
    assertThat(all).allSatisfy(s -> assertThat(s.kind()).isEqualTo(PC));
    assertThat(registry.list(CSR).stream().map(Stored::name)).contains(prefix + "-0").doesNotContain(prefix + "-a");
  }

  @Test
  void returnedObjectsAreCopies() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));

    created.object().withObjectProperty("spec").put("apiserver", "https://changed:6443");
    registry.get(PC, name).orElseThrow().object().withObjectProperty("spec").put("apiserver", "https://changed:6443");

    assertThat(registry.get(PC, name).orElseThrow().spec().get("apiserver").asText()).isEqualTo("https://a:6443");
    assertThat(created.spec().get("apiserver").asText()).isEqualTo("https://a:6443");
  }

  @Test
  void anObjectWithoutNameIsRefused() {
    ObjectNode nameless = cluster("x", "https://a:6443");
    nameless.withObjectProperty("metadata").remove("name");

    assertThatThrownBy(() -> registry.create(PC, nameless)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anObjectTooLargeForAnItemIsRefused() {
    String name = uniqueName();
    ObjectNode big = cluster(name, "https://a:6443");
    big.withObjectProperty("metadata").putObject("annotations").put("big", "x".repeat(ClusterRegistry.MAX_OBJECT_BYTES));

    assertThatThrownBy(() -> registry.create(PC, big))
        .isInstanceOf(RegistryException.TooLarge.class)
        .satisfies(e -> assertThat(((RegistryException) e).toApiException().code()).isEqualTo(413));
    assertThat(registry.get(PC, name)).isEmpty();
  }

  // ---- update --------------------------------------------------------------------------------------------------

  @Test
  void updateKeepsIdentityAndBumpsTheResourceVersion() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));
    clock.advance(Duration.ofSeconds(5));

    ObjectNode changed = created.object();
    changed.withObjectProperty("spec").put("apiserver", "https://b:6443");
    changed.withObjectProperty("metadata").remove("uid");
    changed.withObjectProperty("metadata").put("creationTimestamp", "2000-01-01T00:00:00Z");
    Stored updated = registry.update(PC, changed);

    assertThat(updated.uid()).isEqualTo(created.uid());
    assertThat(updated.object().get("metadata").get("creationTimestamp").asText()).isEqualTo("2026-11-25T21:00:00Z");
    assertThat(updated.resourceVersion()).isGreaterThan(created.resourceVersion());
    assertThat(updated.object().get("metadata").get("resourceVersion").asText())
        .isEqualTo(Long.toString(updated.resourceVersion()));
    assertThat(updated.generation()).isEqualTo(2);
    assertThat(registry.get(PC, name)).contains(updated);
  }

  @Test
  void generationMovesOnlyWhenTheSpecChanges() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));

    ObjectNode relabelled = created.object();
    relabelled.withObjectProperty("metadata").putObject("labels").put("team", "b");
    Stored afterLabels = registry.update(PC, relabelled);

    ObjectNode respecced = afterLabels.object();
    respecced.withObjectProperty("spec").put("syncAllCustomResources", true);
    Stored afterSpec = registry.update(PC, respecced);

    assertThat(afterLabels.generation()).isEqualTo(1);
    assertThat(afterLabels.resourceVersion()).isGreaterThan(created.resourceVersion());
    assertThat(afterSpec.generation()).isEqualTo(2);
    assertThat(afterSpec.resourceVersion()).isGreaterThan(afterLabels.resourceVersion());
  }

  @Test
  void updateWithAnOutdatedResourceVersionIsAConflict() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));
    registry.update(PC, withServer(created.object(), "https://b:6443"));

    assertThatThrownBy(() -> registry.update(PC, withServer(created.object(), "https://c:6443")))
        .isInstanceOf(RegistryException.Conflict.class)
        .hasMessageContaining("Operation cannot be fulfilled on pediaclusters.cluster.clusterpedia.io \"" + name
            + "\": the object has been modified");
    assertThat(registry.get(PC, name).orElseThrow().spec().get("apiserver").asText()).isEqualTo("https://b:6443");
  }

  @Test
  void updateWithoutResourceVersionIsUnconditional() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));
    registry.update(PC, withServer(created.object(), "https://b:6443"));

    ObjectNode blind = withServer(created.object(), "https://c:6443");
    blind.withObjectProperty("metadata").remove("resourceVersion");
    Stored updated = registry.update(PC, blind);

    assertThat(updated.spec().get("apiserver").asText()).isEqualTo("https://c:6443");
    assertThat(updated.generation()).isEqualTo(3);
  }

  @Test
  void updateOfAnotherObjectOfTheSameNameIsAConflict() {
    String name = uniqueName();
    Stored first = registry.create(PC, cluster(name, "https://a:6443"));
    registry.remove(PC, name);
    registry.create(PC, cluster(name, "https://a:6443"));

    ObjectNode stale = withServer(first.object(), "https://b:6443");
    stale.withObjectProperty("metadata").remove("resourceVersion");

    assertThatThrownBy(() -> registry.update(PC, stale))
        .isInstanceOf(RegistryException.Conflict.class)
        .hasMessageContaining("Precondition failed: UID in precondition: " + first.uid());
  }

  @Test
  void updateOfAMissingObjectIsNotFound() {
    String name = uniqueName();

    assertThatThrownBy(() -> registry.update(PC, cluster(name, "https://a:6443")))
        .isInstanceOf(RegistryException.NotFound.class)
        .hasMessage("pediaclusters.cluster.clusterpedia.io \"" + name + "\" not found");
  }

  @Test
  void updateLeavesThePediaClusterStatusAlone() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));
    ObjectNode withStatus = created.object();
    withStatus.putObject("status").put("version", "v1.31.0");
    Stored statused = registry.updateStatus(PC, withStatus);

    ObjectNode sent = statused.object();
    sent.putObject("status").put("version", "v0.0.0");
    sent.withObjectProperty("spec").put("apiserver", "https://b:6443");
    Stored updated = registry.update(PC, sent);

    assertThat(updated.status().get("version").asText()).isEqualTo("v1.31.0");
    assertThat(updated.spec().get("apiserver").asText()).isEqualTo("https://b:6443");
  }

  @Test
  void updateStatusChangesOnlyTheStatus() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));

    ObjectNode sent = created.object();
    sent.withObjectProperty("spec").put("apiserver", "https://ignored:6443");
    sent.withObjectProperty("metadata").putObject("labels").put("ignored", "yes");
    sent.putObject("status").put("apiserver", "https://a:6443").put("version", "v1.32.1");
    Stored updated = registry.updateStatus(PC, sent);

    assertThat(updated.status().get("version").asText()).isEqualTo("v1.32.1");
    assertThat(updated.spec().get("apiserver").asText()).isEqualTo("https://a:6443");
    assertThat(updated.object().get("metadata").has("labels")).isFalse();
    assertThat(updated.generation()).isEqualTo(1);
    assertThat(updated.resourceVersion()).isGreaterThan(created.resourceVersion());
    assertThat(registry.get(PC, name)).contains(updated);
  }

  @Test
  void updateStatusChecksTheResourceVersionToo() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));
    registry.update(PC, withServer(created.object(), "https://b:6443"));

    ObjectNode stale = created.object();
    stale.putObject("status").put("version", "v1.32.1");

    assertThatThrownBy(() -> registry.updateStatus(PC, stale)).isInstanceOf(RegistryException.Conflict.class);
    assertThatThrownBy(() -> registry.updateStatus(CSR, syncResources(uniqueName(), "pods")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoUpdatesFromTheSameReadCannotBothWin() {
    String name = uniqueName();
    registry.create(PC, cluster(name, "https://a:6443"));
    Stored read = registry.get(PC, name).orElseThrow();

    registry.update(PC, withServer(read.object(), "https://first:6443"));

    assertThatThrownBy(() -> registry.update(PC, withServer(read.object(), "https://second:6443")))
        .isInstanceOf(RegistryException.Conflict.class);
    assertThat(registry.get(PC, name).orElseThrow().spec().get("apiserver").asText())
        .isEqualTo("https://first:6443");
  }

  @Test
  void ofConcurrentUpdatesFromTheSameReadExactlyOneWins() throws Exception {
    String name = uniqueName();
    Stored read = registry.create(PC, cluster(name, "https://a:6443"));
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Callable<Stored>> updates = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        ObjectNode mine = withServer(read.object(), "https://writer-" + i + ":6443");
        updates.add(() -> {
          start.await();
          return registry.update(PC, mine);
        });
      }
      List<Future<Stored>> results = new ArrayList<>();
      for (Callable<Stored> update : updates) {
        results.add(pool.submit(update));
      }
      start.countDown();
      List<Stored> winners = new ArrayList<>();
      int conflicts = 0;
      for (Future<Stored> result : results) {
        try {
          winners.add(result.get());
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(RegistryException.Conflict.class);
          conflicts++;
        }
      }
      assertThat(winners).hasSize(1);
      assertThat(conflicts).isEqualTo(writers - 1);
      assertThat(registry.get(PC, name)).contains(winners.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- deletion ------------------------------------------------------------------------------------------------

  @Test
  void markDeletingKeepsTheObjectReadableWithADeletionTimestamp() {
    String name = uniqueName();
    Stored created = registry.create(PC, cluster(name, "https://a:6443"));

    Stored deleting = registry.markDeleting(PC, name, Instant.parse("2026-11-25T22:00:00.900Z"));

    assertThat(deleting.deletionTimestamp()).contains(Instant.parse("2026-11-25T22:00:00Z"));
    assertThat(deleting.object().get("metadata").get("deletionTimestamp").asText()).isEqualTo("2026-11-25T22:00:00Z");
    assertThat(deleting.resourceVersion()).isGreaterThan(created.resourceVersion());
    assertThat(registry.get(PC, name)).contains(deleting);
    assertThat(registry.list(PC)).contains(deleting);
  }

  @Test
  void markingTwiceKeepsTheFirstTimestamp() {
    String name = uniqueName();
    registry.create(PC, cluster(name, "https://a:6443"));
    Stored first = registry.markDeleting(PC, name, Instant.parse("2026-11-25T22:00:00Z"));

    Stored second = registry.markDeleting(PC, name, Instant.parse("2026-11-25T23:00:00Z"));

    assertThat(second).isEqualTo(first);
    assertThatThrownBy(() -> registry.markDeleting(PC, uniqueName(), T0))
        .isInstanceOf(RegistryException.NotFound.class);
  }

  @Test
  void anUpdateCannotTakeTheDeletionTimestampAway() {
    String name = uniqueName();
    registry.create(PC, cluster(name, "https://a:6443"));
    Stored deleting = registry.markDeleting(PC, name, Instant.parse("2026-11-25T22:00:00Z"));

    ObjectNode sent = deleting.object();
    sent.withObjectProperty("metadata").remove("deletionTimestamp");
    sent.withObjectProperty("metadata").putArray("finalizers");
    Stored updated = registry.update(PC, sent);

    assertThat(updated.deletionTimestamp()).contains(Instant.parse("2026-11-25T22:00:00Z"));
  }

  @Test
  void removeDeletesForGoodAndSaysWhetherThereWasAnObject() {
    String name = uniqueName();
    registry.create(PC, cluster(name, "https://a:6443"));
    registry.markDeleting(PC, name, T0);

    assertThat(registry.remove(PC, name)).isTrue();
    assertThat(registry.get(PC, name)).isEmpty();
    assertThat(registry.list(PC).stream().map(Stored::name)).doesNotContain(name);
    assertThat(registry.remove(PC, name)).isFalse();
  }

  @Test
  void aRecreatedObjectIsANewObjectWithHigherVersions() {
    String name = uniqueName();
    Stored first = registry.create(PC, cluster(name, "https://a:6443"));
    Stored updated = registry.update(PC, withServer(first.object(), "https://b:6443"));
    registry.remove(PC, name);
    clock.advance(Duration.ofSeconds(1));

    Stored second = registry.create(PC, cluster(name, "https://c:6443"));

    assertThat(second.uid()).isNotEqualTo(first.uid());
    assertThat(second.resourceVersion()).isGreaterThan(updated.resourceVersion());
    assertThat(second.generation()).isEqualTo(1);
  }

  @Test
  void clusterSyncResourcesHaveTheSameLifecycle() {
    String name = uniqueName();
    Stored created = registry.create(CSR, syncResources(name, "pods"));
    ObjectNode changed = created.object();
    changed.withObjectProperty("spec").withArrayProperty("syncResources").get(0).withArrayProperty("resources").add("configmaps");

    Stored updated = registry.update(CSR, changed);

    assertThat(updated.generation()).isEqualTo(2);
    assertThat(updated.spec().get("syncResources").get(0).get("resources")).hasSize(2);
    assertThat(registry.remove(CSR, name)).isTrue();
    assertThat(registry.get(CSR, name)).isEmpty();
  }

  // ---- fixtures ------------------------------------------------------------------------------------------------

  protected static ObjectNode cluster(String name, String apiserver) {
    ObjectNode o = PediaClusters.skeleton(PC, name);
    ObjectNode spec = o.putObject("spec");
    spec.put("apiserver", apiserver);
    spec.putArray("syncResources").addObject().put("group", "").putArray("resources").add("pods");
    return o;
  }

  protected static ObjectNode syncResources(String name, String... resources) {
    ObjectNode o = PediaClusters.skeleton(CSR, name);
    var list = o.putObject("spec").putArray("syncResources").addObject().put("group", "").putArray("resources");
    for (String r : resources) {
      list.add(r);
    }
    return o;
  }

  protected static ObjectNode withServer(ObjectNode object, String apiserver) {
    ObjectNode copy = object.deepCopy();
    copy.withObjectProperty("spec").put("apiserver", apiserver);
    return copy;
  }

  static Set<String> names(List<Stored> stored) {
    return stored.stream().map(Stored::name).collect(Collectors.toSet());
  }
}
