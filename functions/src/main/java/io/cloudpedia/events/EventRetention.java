package io.cloudpedia.events;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long an event store keeps an Event associated with its object. By default until the object (or the Event) is
 * deleted, as Clusterpedia does.
 *
 * @param maxAge an Event older than this (by {@link StoredEvent#time()}) is hidden from reads at once and removed
 *     later (DynamoDB TTL)
 * @param maxPerObject at most this many Events per involved object: a write beyond it removes the oldest
 */
public record EventRetention(Optional<Duration> maxAge, OptionalInt maxPerObject) {

  public static final EventRetention UNTIL_OBJECT_DELETED = new EventRetention(Optional.empty(), OptionalInt.empty());

  public EventRetention {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxPerObject, "maxPerObject");
    if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
      throw new IllegalArgumentException("the events' max age must be positive");
    }
    if (maxPerObject.isPresent() && maxPerObject.getAsInt() < 1) {
      throw new IllegalArgumentException("the most events per object must be at least 1");
    }
  }

  public EventRetention withMaxAge(Duration age) {
    return new EventRetention(Optional.of(age), maxPerObject);
  }

  public EventRetention withMaxPerObject(int count) {
    return new EventRetention(maxAge, OptionalInt.of(count));
  }
}
