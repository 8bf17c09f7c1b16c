package io.cloudpedia.api.list;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.search.SearchQuery;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a stored object satisfies a search. Everything but the field selector is decided from the stored item's
 * key, labels and creation time; the body is parsed only when a field selector needs it.
 */
final class Matcher {
  private final SearchQuery query;
  private final Set<String> namespaces;
  private final Set<String> names;

  private final Optional<ListSpec.Visibility> visibility;

  Matcher(SearchQuery query, boolean namespaced) {
    this(query, namespaced, Optional.empty());
  }

  Matcher(SearchQuery query, boolean namespaced, Optional<ListSpec.Visibility> visibility) {
    this.query = query;
    this.visibility = visibility;
    this.namespaces = namespaced ? new HashSet<>(query.namespaces()) : Set.of();
    this.names = new HashSet<>(query.names());
  }

  /** True when nothing but the key range is asked for: every object the store returns matches. */
  boolean selectsEverything() {
    return names.isEmpty()
        && visibility.isEmpty()
        && query.fuzzyNames().isEmpty()
        && query.since().isEmpty()
        && query.before().isEmpty()
        && query.labelSelector().isEmpty()
        && query.fieldSelector().isEmpty();
  }

  /** Whether only the search's own filters apply (no authorization restriction). */
  boolean unrestricted() {
    return visibility.isEmpty();
  }

  boolean test(StoredObject object) {
    String name = object.key().name();
    if (visibility.isPresent()
        && !visibility.get().visible(object.key().cluster(), object.key().namespace())) {
      return false;
    }
    if (!namespaces.isEmpty() && !namespaces.contains(object.key().namespace())) {
      return false;
    }
    if (!names.isEmpty() && !names.contains(name)) {
      return false;
    }
    for (String fuzzy : query.fuzzyNames()) {
      if (!name.contains(fuzzy)) {
        return false;
      }
    }
    if (query.since().isPresent() || query.before().isPresent()) {
      Optional<Instant> created = creation(object.creationTimestamp());
      if (created.isEmpty()) {
        return false;
      }
      if (query.since().isPresent() && created.get().isBefore(query.since().get())) {
        return false;
      }
      if (query.before().isPresent() && !created.get().isBefore(query.before().get())) {
        return false;
      }
    }
    if (!query.labelSelector().matches(object.labels())) {
      return false;
    }
    return query.fieldSelector().isEmpty() || query.fieldSelector().matches(parse(object));
  }

  static Optional<Instant> creation(String timestamp) {
    if (timestamp.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static JsonNode parse(StoredObject object) {
    try {
      return Json.mapper().readTree(object.json());
    } catch (IOException e) {
      throw new UncheckedIOException("stored object " + object.key() + " is not JSON", e);
    }
  }
}
