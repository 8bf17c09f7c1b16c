package io.cloudpedia.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.api.discovery.SyncedType;
import io.cloudpedia.api.render.ListBodies;
import io.cloudpedia.api.search.SearchQuery;
import io.cloudpedia.events.EventStore;
import io.cloudpedia.events.StoredEvent;
import io.cloudpedia.json.Json;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds each object's events to it, as Clusterpedia's {@code search.clusterpedia.io/inject-events} does, on lists and
 * gets of any type: the annotation {@code shadow.clusterpedia.io/events} holds a JSON array of core/v1 Events, newest
 * first. An object without events gets no annotation.
 *
 * <p>Cost: one range read per cluster of the page ({@link EventStore#eventsOf}, over the page's first to last key in
 * that cluster), whatever the number of objects: a page across C clusters costs C requests (more only past 1 MB of
 * events). Events of objects in the range but not in the page are read and dropped; events of an earlier object of
 * the same name (another uid) are dropped.
 */
public final class EventInjector {
  public static final String ANNOTATION = "shadow.clusterpedia.io/events";

  private final EventStore events;

  public EventInjector(EventStore events) {
    this.events = Objects.requireNonNull(events, "events");
  }

  public List<StoredObject> inject(SyncedType type, List<StoredObject> items, SearchQuery query) {
    if (items.isEmpty()) {
      return items;
    }
    Map<String, List<StoredObject>> byCluster = new LinkedHashMap<>();
    items.forEach(o -> byCluster.computeIfAbsent(o.key().cluster(), c -> new ArrayList<>()).add(o));
    Map<StoredObject, List<StoredEvent>> found = new java.util.IdentityHashMap<>();
    for (Map.Entry<String, List<StoredObject>> cluster : byCluster.entrySet()) {
      String from = null;
      String to = null;
      for (StoredObject o : cluster.getValue()) {
        String key = StorageKeys.sortKey(o.key());
        from = from == null || StorageKeys.SORT_ORDER.compare(key, from) < 0 ? key : from;
        to = to == null || StorageKeys.SORT_ORDER.compare(key, to) > 0 ? key : to;
      }
      Map<String, List<StoredEvent>> ofRange =
          events.eventsOf(cluster.getKey(), type.type().group(), type.kind(), from, to);
      for (StoredObject o : cluster.getValue()) {
        List<StoredEvent> own = new ArrayList<>();
        for (StoredEvent e : ofRange.getOrDefault(StorageKeys.sortKey(o.key()), List.of())) {
          if (e.involved().uid().isEmpty() || e.involved().uid().equals(o.uid())) {
            own.add(e);
          }
        }
        found.put(o, own);
      }
    }
    List<StoredObject> out = new ArrayList<>(items.size());
    for (StoredObject o : items) {
      List<StoredEvent> own = narrow(found.getOrDefault(o, List.of()), query);
      out.add(own.isEmpty() ? o : annotated(o, own));
    }
    return out;
  }

  private static List<StoredEvent> narrow(List<StoredEvent> events, SearchQuery query) {
    List<StoredEvent> out = new ArrayList<>();
    for (StoredEvent e : events) {
      if (!query.eventTypes().isEmpty() && !query.eventTypes().contains(type(e))) {
        continue;
      }
      out.add(e);
      if (query.eventsLimit().isPresent() && out.size() >= query.eventsLimit().getAsInt()) {
        break;
      }
    }
    return out;
  }

  private static String type(StoredEvent e) {
    try {
      return Json.mapper().readTree(e.json()).path("type").asText("");
    } catch (IOException ex) {
      return "";
    }
  }

  private static StoredObject annotated(StoredObject o, List<StoredEvent> own) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (StoredEvent e : own) {
      try {
        array.add(Json.mapper().readTree(e.json()));
      } catch (IOException ex) {
        throw new UncheckedIOException("stored event " + e.eventKey() + " is not JSON", ex);
      }
    }
    JsonNode parsed = ListBodies.parse(o);
    if (!parsed.isObject()) {
      return o;
    }
    ObjectNode object = (ObjectNode) parsed;
    ObjectNode annotations = object.with("metadata").with("annotations");
    annotations.put(ANNOTATION, array.toString());
    return new StoredObject(o.key(), o.uid(), o.resourceVersion(), o.truncated(), o.labels(),
        o.creationTimestamp(), ListBodies.bytes(object));
  }
}
