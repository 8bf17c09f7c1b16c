package io.cloudpedia.api.list;

import io.cloudpedia.api.search.OrderBy;
import io.cloudpedia.api.search.OwnerFilter;
import io.cloudpedia.api.search.Requirement;
import io.cloudpedia.api.search.SearchQuery;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.store.ListRequest;
import io.cloudpedia.store.ObjectKey;
import io.cloudpedia.store.ResourceStore;
import io.cloudpedia.store.Selection;
import io.cloudpedia.store.StorageKeys;
import io.cloudpedia.store.StoredObject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Builds one page of a list from the store: which keys to read (an index when the search allows one), in which
 * order, where the page ends and where the next one starts.
 *
 * <p><b>Order.</b> By default cluster, namespace, name, which is the store's key order per cluster: the page streams
 * from the store and a continue token holds the last key read. {@code orderby} prefixes of that order (cluster either
 * way, then namespace and name ascending) stream too. Any other order reads every matching object, sorts and pages by
 * offset; it is refused above {@link #DEFAULT_SORT_LIMIT} matches rather than exhausting the function's memory.
 *
 * <p><b>What is read.</b> Names read only their keys; an equality or {@code in} requirement on an indexed label reads
 * only the objects the index lists; namespaces read only their key ranges; an owner search reads only the owner
 * index. Other selectors filter what is read. A page stops after reading {@link #DEFAULT_SCAN_BUDGET} items, with a
 * continue token, even if short: Kubernetes allows short pages, and a selective filter over a large type must not
 * run past the function's timeout.
 */
public final class ListEngine {
  public static final int DEFAULT_SCAN_BUDGET = 50_000;
  public static final int DEFAULT_SORT_LIMIT = 20_000;
  /** Page size when the store returns objects that a filter may reject. */
  private static final int FILTERED_FETCH = 256;

  private final ResourceStore store;
  private final TypeCatalog catalog;
  private final int scanBudget;
  private final int sortLimit;

  public ListEngine(ResourceStore store, TypeCatalog catalog) {
    this(store, catalog, DEFAULT_SCAN_BUDGET, DEFAULT_SORT_LIMIT);
  }

  public ListEngine(ResourceStore store, TypeCatalog catalog, int scanBudget, int sortLimit) {
    this.store = Objects.requireNonNull(store, "store");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.scanBudget = scanBudget;
    this.sortLimit = sortLimit;
  }

  public ListResult list(ListSpec spec) {
    Matcher matcher = new Matcher(spec.query(), spec.namespaced(), spec.visibility());
    if (spec.query().owner().isPresent()) {
      return ownedList(spec, matcher);
    }
    Optional<Boolean> clusterDescending = streamingOrder(spec.query().orderBy());
    if (clusterDescending.isPresent()) {
      return keyOrderList(spec, matcher, clusterDescending.get());
    }
    return sortedList(spec, matcher);
  }

  /**
   * Whether the order is the store's key order per cluster (and then whether clusters go in descending order), or
   * empty if the list must be sorted.
   */
  static Optional<Boolean> streamingOrder(List<OrderBy> orderBy) {
    boolean clusterDesc = false;
    int i = 0;
    if (i < orderBy.size() && orderBy.get(i).field().equals("cluster")) {
      clusterDesc = orderBy.get(i).desc();
      i++;
    }
    if (i < orderBy.size() && orderBy.get(i).field().equals("namespace") && !orderBy.get(i).desc()) {
      i++;
      if (i < orderBy.size() && orderBy.get(i).field().equals("name") && !orderBy.get(i).desc()) {
        i++;
      }
    }
    if (i == orderBy.size() && (i == 0 || orderBy.get(0).field().equals("cluster"))) {
      return Optional.of(clusterDesc);
    }
    return Optional.empty();
  }

  // ---- key order -------------------------------------------------------------------------------------------------

  private ListResult keyOrderList(ListSpec spec, Matcher matcher, boolean clusterDescending) {
    List<String> clusters = new ArrayList<>(spec.clusters());
    if (clusterDescending) {
      java.util.Collections.reverse(clusters);
    }
    int startCluster = 0;
    Optional<String> startAfter = Optional.empty();
    if (spec.start().isPresent()) {
      if (!(spec.start().get() instanceof Position.AfterKey after)) {
        throw ApiException.badRequest("invalid continue token: it belongs to a different list request");
      }
      startCluster = startIndex(clusters, after.cluster(), clusterDescending);
      if (startCluster < clusters.size() && clusters.get(startCluster).equals(after.cluster())) {
        startAfter = Optional.of(after.after());
      }
    }
    Selection selection = selection(spec.query());
    boolean exact = matcher.selectsEverything()
        || matcher.unrestricted() && selectionIsWholeFilter(spec.query(), selection);
    List<StoredObject> items = new ArrayList<>();
    int[] need = {spec.limit() + 1};
    Scan scan =
        new Scan(
            store, spec.type(), clusters, namespaceSegments(spec), selection, startCluster, startAfter,
            () -> exact ? need[0] : Math.max(need[0], FILTERED_FETCH));
    long bytes = 0;
    Position last = null;
    while (true) {
      StoredObject object = scan.next();
      if (object == null) {
        return new ListResult(items, Optional.empty(), remaining(spec, OptionalLong.of(0)));
      }
      last = new Position.AfterKey(scan.lastCluster(), object.key().cacheKey());
      if (matcher.test(object)) {
        items.add(object);
        bytes += object.json().length;
        need[0] = spec.limit() - items.size() + 1;
      }
      boolean full = items.size() >= spec.limit() || bytes >= spec.byteBudget();
      if (full || scan.scanned() >= scanBudget) {
        if (!scan.mightHaveMore()) {
          return new ListResult(items, Optional.empty(), remaining(spec, OptionalLong.of(0)));
        }
        OptionalLong remaining =
            full && wantsRemaining(spec) ? countRest(scan, matcher) : OptionalLong.empty();
        return new ListResult(items, Optional.of(last), remaining);
      }
    }
  }

  /** The index of the cluster to resume in: that cluster, or the first after it in the list's order. */
  private static int startIndex(List<String> clusters, String cluster, boolean descending) {
    for (int i = 0; i < clusters.size(); i++) {
      int cmp = clusters.get(i).compareTo(cluster);
      if (descending ? cmp <= 0 : cmp >= 0) {
        return i;
      }
    }
    return clusters.size();
  }

  private List<Optional<String>> namespaceSegments(ListSpec spec) {
    if (!spec.namespaced() || spec.query().namespaces().isEmpty()) {
      return List.of(Optional.empty());
    }
    List<String> namespaces = new ArrayList<>(new LinkedHashSet<>(spec.query().namespaces()));
    namespaces.sort(Comparator.comparing(StorageKeys::namespacePrefix, StorageKeys.SORT_ORDER));
    return namespaces.stream().map(Optional::of).toList();
  }

  /** Names read only their keys; else the indexed label requirement with the fewest values; else everything. */
  Selection selection(SearchQuery query) {
    if (!query.names().isEmpty()) {
      return new Selection.NameIn(query.names());
    }
    Set<String> indexed = store.indexedLabels();
    Requirement best = null;
    for (Requirement r : query.labelSelector().requirements()) {
      if (r.operator().isInclusion() && indexed.contains(r.key())
          && (best == null || r.values().size() < best.values().size())) {
        best = r;
      }
    }
    return best == null ? Selection.all() : new Selection.LabelIn(best.key(), best.values());
  }

  /** Whether the selection alone decides the match (so the store is asked for exactly what the page needs). */
  private static boolean selectionIsWholeFilter(SearchQuery query, Selection selection) {
    return selection instanceof Selection.LabelIn
        && query.labelSelector().requirements().size() == 1
        && query.names().isEmpty()
        && query.fuzzyNames().isEmpty()
        && query.since().isEmpty()
        && query.before().isEmpty()
        && query.fieldSelector().isEmpty();
  }

  private static boolean wantsRemaining(ListSpec spec) {
    return spec.query().withRemainingCount().orElse(false);
  }

  private OptionalLong remaining(ListSpec spec, OptionalLong known) {
    return wantsRemaining(spec) ? known : OptionalLong.empty();
  }

  /** Counts the matches after the page, within the scan budget; unknown beyond it. */
  private OptionalLong countRest(Scan scan, Matcher matcher) {
    long count = 0;
    StoredObject object;
    while ((object = scan.next()) != null) {
      if (scan.scanned() > scanBudget) {
        return OptionalLong.empty();
      }
      if (matcher.test(object)) {
        count++;
      }
    }
    return OptionalLong.of(count);
  }

  // ---- sorted ----------------------------------------------------------------------------------------------------

  private ListResult sortedList(ListSpec spec, Matcher matcher) {
    long offset = 0;
    if (spec.start().isPresent()) {
      if (!(spec.start().get() instanceof Position.AtOffset at)) {
        throw ApiException.badRequest("invalid continue token: it belongs to a different list request");
      }
      offset = at.offset();
    }
    Selection selection = selection(spec.query());
    Scan scan =
        new Scan(
            store, spec.type(), spec.clusters(), namespaceSegments(spec), selection, 0, Optional.empty(),
            () -> ListRequest.MAX_LIMIT);
    List<Sorted> all = new ArrayList<>();
    StoredObject object;
    while ((object = scan.next()) != null) {
      if (matcher.test(object)) {
        if (all.size() >= sortLimit) {
          throw ApiException.badRequest(
              "orderby " + describe(spec.query().orderBy()) + " sorts at most " + sortLimit
                  + " objects and this search matches more: narrow it (clusters, namespaces, labels) or use the"
                  + " default order (cluster, namespace, name), which pages without limit");
        }
        all.add(new Sorted(object));
      }
    }
    all.sort(comparator(spec.query().orderBy()));
    List<StoredObject> items = new ArrayList<>();
    long bytes = 0;
    long i = offset;
    while (i < all.size() && items.size() < spec.limit() && bytes < spec.byteBudget()) {
      StoredObject o = all.get((int) i).object;
      items.add(o);
      bytes += o.json().length;
      i++;
    }
    Optional<Position> next = i < all.size() ? Optional.of(new Position.AtOffset(i)) : Optional.empty();
    return new ListResult(items, next, remaining(spec, OptionalLong.of(Math.max(0, all.size() - i))));
  }

  private static String describe(List<OrderBy> orderBy) {
    return String.join(",", orderBy.stream().map(OrderBy::toString).toList());
  }

  private record Sorted(StoredObject object, Instant created, BigInteger rv) {
    Sorted(StoredObject object) {
      this(object, Matcher.creation(object.creationTimestamp()).orElse(Instant.MIN), numeric(object.resourceVersion()));
    }

    static BigInteger numeric(String rv) {
      try {
        return new BigInteger(rv);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** The requested order, then cluster, namespace, name ascending as tie-breaks. */
  static Comparator<Sorted> comparator(List<OrderBy> orderBy) {
    Comparator<Sorted> result = null;
    for (OrderBy o : orderBy) {
      Comparator<Sorted> c = field(o.field());
      if (o.desc()) {
        c = c.reversed();
      }
      result = result == null ? c : result.thenComparing(c);
    }
    Comparator<Sorted> tieBreak = field("cluster").thenComparing(field("namespace")).thenComparing(field("name"));
    return result == null ? tieBreak : result.thenComparing(tieBreak);
  }

  private static Comparator<Sorted> field(String field) {
    switch (field) {
      case "cluster":
        return Comparator.comparing(s -> s.object.key().cluster(), StorageKeys.SORT_ORDER);
      case "namespace":
        return Comparator.comparing(s -> s.object.key().namespace(), StorageKeys.SORT_ORDER);
      case "name":
        return Comparator.comparing(s -> s.object.key().name(), StorageKeys.SORT_ORDER);
      case "created_at":
        return Comparator.comparing(Sorted::created);
      case "resource_version":
        // Numeric resourceVersions in numeric order, then any others as text.
        return Comparator.comparing(
                (Sorted s) -> s.rv, Comparator.nullsLast(Comparator.<BigInteger>naturalOrder()))
            .thenComparing(s -> s.object.resourceVersion());
      default:
        throw new IllegalArgumentException("not an orderable field: " + field);
    }
  }

  // ---- owner search ----------------------------------------------------------------------------------------------

  private ListResult ownedList(ListSpec spec, Matcher matcher) {
    if (spec.clusters().size() != 1) {
      return new ListResult(List.of(), Optional.empty(), remaining(spec, OptionalLong.of(0)));
    }
    String cluster = spec.clusters().get(0);
    Set<String> owners = ownerUids(cluster, spec);
    for (int generation = 0; generation < spec.query().ownerSeniority() && !owners.isEmpty(); generation++) {
      Set<String> children = new LinkedHashSet<>();
      for (String uid : owners) {
        for (StoredObject child : store.getAll(store.ownedBy(cluster, uid))) {
          children.add(child.uid());
        }
      }
      owners = children;
    }
    List<ObjectKey> keys = new ArrayList<>();
    for (String uid : owners) {
      for (ObjectKey key : store.ownedBy(cluster, uid)) {
        if (key.type().equals(spec.type())) {
          keys.add(key);
        }
      }
    }
    keys.sort(Comparator.comparing(StorageKeys::sortKey, StorageKeys.SORT_ORDER));
    Optional<String> after = Optional.empty();
    if (spec.start().isPresent()) {
      if (!(spec.start().get() instanceof Position.AfterKey a) || !a.cluster().equals(cluster)) {
        throw ApiException.badRequest("invalid continue token: it belongs to a different list request");
      }
      after = Optional.of(StorageKeys.sortKeyOfCursor(a.after()));
    }
    List<ObjectKey> pending = new ArrayList<>();
    for (ObjectKey key : new LinkedHashSet<>(keys)) {
      if (after.isEmpty() || StorageKeys.SORT_ORDER.compare(StorageKeys.sortKey(key), after.get()) > 0) {
        pending.add(key);
      }
    }
    List<StoredObject> items = new ArrayList<>();
    long bytes = 0;
    int read = 0;
    while (read < pending.size()) {
      List<ObjectKey> chunk = pending.subList(read, Math.min(pending.size(), read + 100));
      List<StoredObject> objects = store.getAll(chunk);
      java.util.Map<ObjectKey, StoredObject> byKey = new java.util.HashMap<>();
      objects.forEach(o -> byKey.put(o.key(), o));
      for (ObjectKey key : chunk) {
        read++;
        StoredObject o = byKey.get(key);
        if (o != null && matcher.test(o)) {
          items.add(o);
          bytes += o.json().length;
          if (items.size() >= spec.limit() || bytes >= spec.byteBudget()) {
            Optional<Position> next =
                read < pending.size() ? Optional.of(new Position.AfterKey(cluster, key.cacheKey())) : Optional.empty();
            return new ListResult(items, next, OptionalLong.empty());
          }
        }
      }
    }
    return new ListResult(items, Optional.empty(), remaining(spec, OptionalLong.of(0)));
  }

  /** The uids of the owner: given, or of the objects with the owner's name (narrowed by its group-resource). */
  private Set<String> ownerUids(String cluster, ListSpec spec) {
    OwnerFilter owner = spec.query().owner().get();
    if (owner instanceof OwnerFilter.ByUid byUid) {
      return Set.of(byUid.uid());
    }
    OwnerFilter.ByName byName = (OwnerFilter.ByName) owner;
    Set<String> uids = new LinkedHashSet<>();
    for (TypeCatalog.TypeInfo t : catalog.typesOf(cluster)) {
      if (byName.groupResource().isPresent()
          && !(byName.groupResource().get().group().equals(t.type().group())
              && byName.groupResource().get().resource().equals(t.type().resource()))) {
        continue;
      }
      List<Optional<String>> namespaces =
          !t.namespaced() || spec.query().namespaces().isEmpty()
              ? List.of(Optional.empty())
              : spec.query().namespaces().stream().map(Optional::of).toList();
      for (Optional<String> ns : namespaces) {
        ListRequest request =
            new ListRequest(cluster, t.type(), ns, ListRequest.MAX_LIMIT, Optional.empty(),
                new Selection.NameIn(List.of(byName.name())));
        store.list(request).items().forEach(o -> uids.add(o.uid()));
      }
    }
    return uids;
  }
}
