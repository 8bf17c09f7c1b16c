package io.cloudpedia.api.search;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, validated search over stored objects; built by {@link SearchQueryParser}. Empty lists mean "no
 * restriction".
 *
 * @param clusters exact cluster names; empty = all clusters
 * @param namespaces exact namespaces; empty = all namespaces
 * @param names exact object names
 * @param fuzzyNames substrings that the name must all contain (AND-ed)
 * @param since inclusive lower bound on {@code metadata.creationTimestamp}
 * @param before exclusive upper bound on {@code metadata.creationTimestamp}; never before {@code since}
 * @param owner owner search; when present {@code clusters} has exactly one entry
 * @param ownerSeniority generations between the owner and the objects: 0 = parent, 1 = grandparent, ...
 * @param orderBy sort keys, most significant first; empty = the server's default order
 * @param limit page size 1..10000; empty = the server's default
 * @param continueToken the client's {@code continue} token, unparsed
 * @param withRemainingCount whether to compute {@code remainingItemCount}; empty = the server's default
 * @param injectEvents whether to attach the objects' events
 * @param eventTypes with {@code injectEvents}: only events of these types (Normal, Warning); empty = all
 * @param eventsLimit with {@code injectEvents}: at most this many events per object, the newest
 * @param onlyMetadata whether to return only each object's {@code metadata}
 * @param labelSelector the label selector over {@code metadata.labels}, search labels removed
 * @param fieldSelector the field selector
 */
public record SearchQuery(
    List<String> clusters,
    List<String> namespaces,
    List<String> names,
    List<String> fuzzyNames,
    Optional<Instant> since,
    Optional<Instant> before,
    Optional<OwnerFilter> owner,
    int ownerSeniority,
    List<OrderBy> orderBy,
    OptionalInt limit,
    Optional<String> continueToken,
    Optional<Boolean> withRemainingCount,
    boolean injectEvents,
    List<String> eventTypes,
    OptionalInt eventsLimit,
    boolean onlyMetadata,
    LabelSelector labelSelector,
    FieldSelector fieldSelector) {

  public SearchQuery {
    clusters = List.copyOf(clusters);
    namespaces = List.copyOf(namespaces);
    names = List.copyOf(names);
    fuzzyNames = List.copyOf(fuzzyNames);
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(owner, "owner");
    orderBy = List.copyOf(orderBy);
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(continueToken, "continueToken");
    Objects.requireNonNull(withRemainingCount, "withRemainingCount");
    eventTypes = List.copyOf(eventTypes);
    Objects.requireNonNull(eventsLimit, "eventsLimit");
    Objects.requireNonNull(labelSelector, "labelSelector");
    Objects.requireNonNull(fieldSelector, "fieldSelector");
  }

  /** This query without its owner search (collection resources do not apply one, as Clusterpedia). */
  public SearchQuery withoutOwner() {
    return new SearchQuery(clusters, namespaces, names, fuzzyNames, since, before, Optional.empty(), 0, orderBy,
        limit, continueToken, withRemainingCount, injectEvents, eventTypes, eventsLimit, onlyMetadata, labelSelector,
        fieldSelector);
  }
}
