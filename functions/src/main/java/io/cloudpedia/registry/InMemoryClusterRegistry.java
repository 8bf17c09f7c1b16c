package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link ClusterRegistry} in memory: the embedded default of {@code cloudpedia local} and of fast tests. Every call
 * holds one lock: the registry is small (at most a few hundred objects) and rarely written.
 */
public final class InMemoryClusterRegistry implements ClusterRegistry {
  private final Clock clock;
  private final Map<RegistryKind, TreeMap<String, Stored>> objects = new EnumMap<>(RegistryKind.class);

  public InMemoryClusterRegistry() {
    this(Clock.systemUTC());
  }

  public InMemoryClusterRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    for (RegistryKind kind : RegistryKind.values()) {
      objects.put(kind, new TreeMap<>());
    }
  }

  @Override
  public synchronized Optional<Stored> get(RegistryKind kind, String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(objects.get(kind).get(name));
  }

  @Override
  public synchronized List<Stored> list(RegistryKind kind) {
    return new ArrayList<>(objects.get(kind).values());
  }

  @Override
  public synchronized Stored create(RegistryKind kind, ObjectNode object) {
    String name = RegistryObjects.nameOf(kind, object);
    if (objects.get(kind).containsKey(name)) {
      throw new RegistryException.AlreadyExists(kind, name);
    }
    Instant now = clock.instant();
    long rv = RegistryObjects.firstResourceVersion(now);
    return put(kind, name, RegistryObjects.created(kind, object, now, rv), rv);
  }

  @Override
  public synchronized Stored update(RegistryKind kind, ObjectNode object) {
    String name = RegistryObjects.nameOf(kind, object);
    Stored current = existing(kind, name);
    long rv = RegistryObjects.nextResourceVersion(current.resourceVersion(), clock.instant());
    return put(kind, name, RegistryObjects.updated(kind, current, object, rv), rv);
  }

  @Override
  public synchronized Stored updateStatus(RegistryKind kind, ObjectNode object) {
    if (!kind.hasStatus()) {
      throw new IllegalArgumentException(kind.kind() + " has no status subresource");
    }
    String name = RegistryObjects.nameOf(kind, object);
    Stored current = existing(kind, name);
    long rv = RegistryObjects.nextResourceVersion(current.resourceVersion(), clock.instant());
    return put(kind, name, RegistryObjects.statusUpdated(kind, current, object, rv), rv);
  }

  @Override
  public synchronized Stored markDeleting(RegistryKind kind, String name, Instant at) {
    Objects.requireNonNull(at, "at");
    Stored current = existing(kind, name);
    if (current.deletionTimestamp().isPresent()) {
      return current;
    }
    long rv = RegistryObjects.nextResourceVersion(current.resourceVersion(), clock.instant());
    return put(kind, name, RegistryObjects.deleting(current, at, rv), rv);
  }

  @Override
  public synchronized boolean remove(RegistryKind kind, String name) {
    return objects.get(kind).remove(name) != null;
  }

  private Stored existing(RegistryKind kind, String name) {
    Stored current = objects.get(kind).get(name);
    if (current == null) {
      throw new RegistryException.NotFound(kind, name);
    }
    return current;
  }

  private Stored put(RegistryKind kind, String name, ObjectNode object, long rv) {
    RegistryObjects.json(kind, name, object); // the same size limit as DynamoDB's
    Stored stored = new Stored(kind, name, object, rv);
    objects.get(kind).put(name, stored);
    return stored;
  }
}
