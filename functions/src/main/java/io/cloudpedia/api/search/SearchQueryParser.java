package io.cloudpedia.api.search;

import io.cloudpedia.api.status.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns a request's URL query (and the cluster and namespace of its path) into a {@link SearchQuery}, with
 * Clusterpedia's search labels and URL parameters. Every failure is a 400 {@link ApiException#badRequest}.
 *
 * <h2>Sources and precedence</h2>
 *
 * Each setting can come from three places; the first one that is given wins:
 *
 * <ol>
 *   <li>the cluster or namespace in the URL path (clusters and namespaces only);
 *   <li>the URL query parameter, when present and not empty;
 *   <li>the search label inside {@code labelSelector}.
 * </ol>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>URL parameter</th><th>search label</th><th>values</th></tr>
 *   <tr><td>clusters, namespaces, names</td><td>search.clusterpedia.io/{clusters,namespaces,names}</td>
 *       <td>URL: comma lists, repeatable; label: {@code =}, {@code ==} or {@code in}. Duplicates and empty entries
 *       are dropped</td></tr>
 *   <tr><td>(none)</td><td>internalstorage.clusterpedia.io/fuzzy-name</td><td>substrings, all must occur</td></tr>
 *   <tr><td>since, before</td><td>search.clusterpedia.io/{since,before}</td><td>a time, see below</td></tr>
 *   <tr><td>ownerUID, ownerName, ownerGR, ownerSeniority</td>
 *       <td>search.clusterpedia.io/{owner-uid,owner-name,owner-gr,owner-seniority}</td>
 *       <td>owner search, see below</td></tr>
 *   <tr><td>orderby</td><td>search.clusterpedia.io/orderby</td><td>URL {@code namespace desc,cluster};
 *       label {@code orderby in (namespace_desc,cluster)}, applied in the order written (Clusterpedia's order for
 *       several label values is undefined). Fields: {@link OrderBy#FIELDS}, each at most once</td></tr>
 *   <tr><td>limit</td><td>search.clusterpedia.io/limit</td><td>integer 0..10000; 0 or absent leaves the server
 *       default (the label is read when the URL gives none or 0)</td></tr>
 *   <tr><td>continue</td><td>(none)</td><td>opaque token, passed through</td></tr>
 *   <tr><td>withRemainingCount, injectEvents</td>
 *       <td>search.clusterpedia.io/{with-remaining-count,inject-events}</td><td>boolean</td></tr>
 *   <tr><td>onlyMetadata</td><td>(none)</td><td>boolean</td></tr>
 *   <tr><td>labelSelector, fieldSelector</td><td></td><td>{@link LabelSelector}, {@link FieldSelector}</td></tr>
 * </table>
 *
 * Other URL parameters (e.g. {@code resourceVersion}, {@code timeoutSeconds}) are not this parser's business and are
 * ignored.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Single values.</b> Every URL parameter except {@code clusters}, {@code namespaces}, {@code names} and
 *       {@code orderby} may be given once; every search label except those and {@code fuzzy-name} needs exactly one
 *       value. Otherwise: {@code query parameter "since" takes exactly one value} / {@code search label
 *       "search.clusterpedia.io/since" takes exactly one value}.
 *   <li><b>Search labels are inclusions.</b> A search label accepts only {@code =}, {@code ==} and {@code in};
 *       {@code !=}, {@code notin}, exists, {@code !} and {@code >}/{@code <} are rejected (Clusterpedia silently reads
 *       them as inclusion). A search label may appear once in a selector.
 *   <li><b>Unknown search labels.</b> A label key containing {@code clusterpedia.io} that is not listed above is
 *       rejected, naming the label (Clusterpedia silently ignores it, so a typo goes unnoticed). Every other
 *       requirement stays in {@link SearchQuery#labelSelector()}.
 *   <li><b>Times</b> are read by their shape, in this order: contains {@code T}: RFC3339
 *       ({@code 2006-01-02T15:04:05Z07:00}, fractional seconds allowed); contains a space: {@code 2006-01-02 15:04:05}
 *       (UTC); contains {@code -}: {@code 2006-01-02} (UTC midnight); otherwise a Unix timestamp of 10 digits
 *       (seconds) or 13 digits (milliseconds). Labels cannot hold spaces or colons, so only the last two forms work
 *       there. In a URL the {@code +} of an offset must be percent-encoded, or it arrives as a space; the error
 *       says so. {@code before} earlier than {@code since}: {@value #SINCE_AFTER_BEFORE}; equal bounds are an empty
 *       range, not an error.
 *   <li><b>Booleans</b> as Clusterpedia: {@code 0} or {@code false} (any case) is false, anything else, including the
 *       empty value of a bare {@code ?withRemainingCount}, is true. An absent {@code withRemainingCount} stays empty
 *       (server default); absent {@code injectEvents} and {@code onlyMetadata} are false.
 *   <li><b>Owner search.</b> An owner UID wins over an owner name. The group-resource ({@code deployments.apps},
 *       {@code nodes}) only narrows an owner name and is rejected without one. Seniority is an integer from 0,
 *       default 0. An owner search needs exactly one cluster, from path, URL or label:
 *       {@value #OWNER_NEEDS_CLUSTER}.
 * </ul>
 */
public final class SearchQueryParser {
  /** The largest page a client may ask for. */
  public static final int MAX_LIMIT = 10_000;

  public static final String SINCE_AFTER_BEFORE = "Invalid Query, Since is after Before";
  public static final String OWNER_NEEDS_CLUSTER =
      "If searching by owner uid or name, then the cluster must be specified";
  static final String TIME_FORMATS =
      "valid formats are RFC3339 (2006-01-02T15:04:05Z07:00), \"2006-01-02 15:04:05\", \"2006-01-02\","
          + " or a Unix timestamp of 10 (seconds) or 13 (milliseconds) digits";

  public static final String LABEL_CLUSTERS = "search.clusterpedia.io/clusters";
  public static final String LABEL_NAMESPACES = "search.clusterpedia.io/namespaces";
  public static final String LABEL_NAMES = "search.clusterpedia.io/names";
  public static final String LABEL_SINCE = "search.clusterpedia.io/since";
  public static final String LABEL_BEFORE = "search.clusterpedia.io/before";
  public static final String LABEL_OWNER_UID = "search.clusterpedia.io/owner-uid";
  public static final String LABEL_OWNER_NAME = "search.clusterpedia.io/owner-name";
  public static final String LABEL_OWNER_GR = "search.clusterpedia.io/owner-gr";
  public static final String LABEL_OWNER_SENIORITY = "search.clusterpedia.io/owner-seniority";
  public static final String LABEL_ORDERBY = "search.clusterpedia.io/orderby";
  public static final String LABEL_LIMIT = "search.clusterpedia.io/limit";
  public static final String LABEL_WITH_REMAINING_COUNT = "search.clusterpedia.io/with-remaining-count";
  public static final String LABEL_INJECT_EVENTS = "search.clusterpedia.io/inject-events";
  public static final String LABEL_EVENT_TYPES = "search.clusterpedia.io/event-types";
  public static final String LABEL_EVENTS_LIMIT = "search.clusterpedia.io/events-limit";
  public static final String LABEL_FUZZY_NAME = "internalstorage.clusterpedia.io/fuzzy-name";

  private static final Set<String> LIST_LABELS =
      Set.of(LABEL_CLUSTERS, LABEL_NAMESPACES, LABEL_NAMES, LABEL_ORDERBY, LABEL_FUZZY_NAME, LABEL_EVENT_TYPES);
  private static final Set<String> SINGLE_LABELS =
      Set.of(
          LABEL_SINCE, LABEL_BEFORE, LABEL_OWNER_UID, LABEL_OWNER_NAME, LABEL_OWNER_GR, LABEL_OWNER_SENIORITY,
          LABEL_LIMIT, LABEL_WITH_REMAINING_COUNT, LABEL_INJECT_EVENTS, LABEL_EVENTS_LIMIT);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private SearchQueryParser() {}

  /**
   * Parses a search.
   *
   * @param query the URL query, decoded, each parameter with all its values in order
   * @param pathCluster the cluster named by the URL path, if any
   * @param pathNamespace the namespace named by the URL path, if any
   * @throws ApiException 400 BadRequest for any invalid input; see the class comment
   */
  public static SearchQuery parse(
      Map<String, List<String>> query, Optional<String> pathCluster, Optional<String> pathNamespace) {
    Objects.requireNonNull(query, "query");
    Url url = new Url(query);
    LabelSelector selector = url.single("labelSelector").map(SearchQueryParser::boundedLabelSelector)
        .orElse(LabelSelector.everything());
    Labels labels = new Labels(selector);
    FieldSelector fields = url.single("fieldSelector").map(SearchQueryParser::boundedFieldSelector)
        .orElse(FieldSelector.everything());

    List<String> clusters = fromPath(pathCluster).orElseGet(() -> list(url, "clusters", labels, LABEL_CLUSTERS));
    List<String> namespaces =
        fromPath(pathNamespace).orElseGet(() -> list(url, "namespaces", labels, LABEL_NAMESPACES));
    List<String> names = list(url, "names", labels, LABEL_NAMES);
    List<String> fuzzy = labels.list(LABEL_FUZZY_NAME);

    Optional<Instant> since = text(url, "since", labels, LABEL_SINCE).map(SearchQueryParser::time);
    Optional<Instant> before = text(url, "before", labels, LABEL_BEFORE).map(SearchQueryParser::time);
    if (since.isPresent() && before.isPresent() && before.get().isBefore(since.get())) {
      throw ApiException.badRequest(SINCE_AFTER_BEFORE);
    }

    Optional<OwnerFilter> owner = owner(url, labels);
    int seniority =
        text(url, "ownerSeniority", labels, LABEL_OWNER_SENIORITY).map(SearchQueryParser::seniority).orElse(0);
    if (owner.isPresent() && clusters.size() != 1) {
      throw ApiException.badRequest(OWNER_NEEDS_CLUSTER);
    }

    List<OrderBy> orderBy = orderBy(url, labels);
    OptionalInt limit = limit(url, labels);
    Optional<String> continueToken = url.single("continue").filter(s -> !s.isEmpty());
    Optional<Boolean> withRemainingCount =
        bool(url, "withRemainingCount", labels, LABEL_WITH_REMAINING_COUNT);
    boolean injectEvents = bool(url, "injectEvents", labels, LABEL_INJECT_EVENTS).orElse(false);
    List<String> eventTypes = list(url, "eventTypes", labels, LABEL_EVENT_TYPES);
    OptionalInt eventsLimit = text(url, "eventsLimit", labels, LABEL_EVENTS_LIMIT)
        .map(SearchQueryParser::eventsLimit).map(OptionalInt::of).orElse(OptionalInt.empty());
    boolean onlyMetadata = url.single("onlyMetadata").map(SearchQueryParser::booleanOf).orElse(false);

    return new SearchQuery(
        clusters, namespaces, names, fuzzy, since, before, owner, seniority, orderBy, limit, continueToken,
        withRemainingCount, injectEvents, eventTypes, eventsLimit, onlyMetadata, labels.remaining(), fields);
  }

  /** The per-object cap of injected events: 1 to 1000. */
  private static int eventsLimit(Sourced s) {
    if (s.value().matches("[0-9]{1,4}")) {
      int n = Integer.parseInt(s.value());
      if (n >= 1 && n <= 1000) {
        return n;
      }
    }
    throw invalid(s, "must be an integer from 1 to 1000");
  }

  private static Optional<List<String>> fromPath(Optional<String> segment) {
    return segment.filter(s -> !s.isBlank()).map(List::of);
  }

  private static List<String> list(Url url, String param, Labels labels, String label) {
    List<String> fromUrl = url.list(param);
    return fromUrl.isEmpty() ? labels.list(label) : fromUrl;
  }

  /** A single value with its source name, for messages. */
  private record Sourced(String name, String value) {}

  private static Optional<Sourced> text(Url url, String param, Labels labels, String label) {
    Optional<String> fromUrl = url.single(param).filter(s -> !s.isEmpty());
    if (fromUrl.isPresent()) {
      return Optional.of(new Sourced(param, fromUrl.get()));
    }
    return labels.single(label).map(v -> new Sourced(label, v));
  }

  private static Optional<Boolean> bool(Url url, String param, Labels labels, String label) {
    Optional<String> fromUrl = url.single(param);
    if (fromUrl.isPresent()) {
      return Optional.of(booleanOf(fromUrl.get()));
    }
    return labels.singleRaw(label).map(SearchQueryParser::booleanOf);
  }

  /** Clusterpedia's reading: {@code 0} and {@code false} (any case) are false, everything else is true. */
  static boolean booleanOf(String value) {
    return !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  /** Reads a time by its shape; see the class comment. */
  static Instant time(Sourced s) {
    String v = s.value();
    try {
      if (v.contains("T")) {
        return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
      if (v.contains(" ")) {
        return LocalDateTime.parse(v, DATE_TIME).toInstant(ZoneOffset.UTC);
      }
      if (v.contains("-")) {
        return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (v.matches("[0-9]{10}")) {
        return Instant.ofEpochSecond(Long.parseLong(v));
      }
      if (v.matches("[0-9]{13}")) {
        return Instant.ofEpochMilli(Long.parseLong(v));
      }
    } catch (DateTimeParseException e) {
      // reported below with the list of formats
    }
    if (v.contains("T") && v.contains(" ")) {
      // a '+' offset that arrived unencoded in a URL is decoded as a space
      throw invalid(s, TIME_FORMATS + " (in a URL, write the '+' of an offset as %2B)");
    }
    throw invalid(s, TIME_FORMATS);
  }

  /** The longest selector served, in characters. */
  public static final int MAX_SELECTOR_LENGTH = 4096;
  /** The most requirements a selector may have. */
  public static final int MAX_REQUIREMENTS = 64;
  /** The most values one {@code in}/{@code notin} requirement may list. */
  public static final int MAX_VALUES = 256;

  /**
   * A selector within the limits: each requirement is checked against every object a list reads, so their number
   * bounds the cost of a request.
   *
   * @throws ApiException 413 {@code RequestEntityTooLarge} beyond a limit, naming it
   */
  private static LabelSelector boundedLabelSelector(String text) {
    checkLength("labelSelector", text);
    LabelSelector selector = LabelSelector.parse(text);
    checkCount("labelSelector", selector.requirements().size());
    for (Requirement r : selector.requirements()) {
      if (r.values().size() > MAX_VALUES) {
        throw tooLarge("labelSelector requirement on " + r.key() + " lists " + r.values().size()
            + " values; at most " + MAX_VALUES + " are served");
      }
    }
    return selector;
  }

  private static FieldSelector boundedFieldSelector(String text) {
    checkLength("fieldSelector", text);
    FieldSelector selector = FieldSelector.parse(text);
    checkCount("fieldSelector", selector.requirements().size());
    return selector;
  }

  private static void checkLength(String name, String text) {
    if (text.length() > MAX_SELECTOR_LENGTH) {
      throw tooLarge(name + " is " + text.length() + " characters long; at most " + MAX_SELECTOR_LENGTH
          + " are served");
    }
  }

  private static void checkCount(String name, int requirements) {
    if (requirements > MAX_REQUIREMENTS) {
      throw tooLarge(name + " has " + requirements + " requirements; at most " + MAX_REQUIREMENTS + " are served");
    }
  }

  private static ApiException tooLarge(String message) {
    return new ApiException("RequestEntityTooLarge", 413, message);
  }

  private static Optional<OwnerFilter> owner(Url url, Labels labels) {
    Optional<Sourced> uid = text(url, "ownerUID", labels, LABEL_OWNER_UID);
    Optional<Sourced> name = text(url, "ownerName", labels, LABEL_OWNER_NAME);
    Optional<Sourced> gr = text(url, "ownerGR", labels, LABEL_OWNER_GR);
    Optional<GroupResource> groupResource = gr.map(SearchQueryParser::groupResource);
    if (gr.isPresent() && name.isEmpty()) {
      throw ApiException.badRequest(
          "Invalid Query " + gr.get().name() + "(" + gr.get().value() + "): an owner group-resource needs an owner name");
    }
    if (uid.isPresent()) {
      return Optional.of(new OwnerFilter.ByUid(uid.get().value()));
    }
    return name.map(n -> new OwnerFilter.ByName(n.value(), groupResource));
  }

  private static GroupResource groupResource(Sourced s) {
    if (!s.value().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
      throw invalid(s, "must be <resource>.<group>, e.g. deployments.apps, or <resource> for the core group");
    }
    return GroupResource.parse(s.value());
  }

  private static int seniority(Sourced s) {
    if (!s.value().matches("[0-9]{1,9}")) {
      throw invalid(s, "must be a non-negative integer");
    }
    return Integer.parseInt(s.value());
  }

  private static List<OrderBy> orderBy(Url url, Labels labels) {
    List<OrderBy> out = new ArrayList<>();
    List<String> fromUrl = url.list("orderby");
    if (!fromUrl.isEmpty()) {
      for (String item : fromUrl) {
        String[] parts = item.trim().split("\\s+");
        Sourced s = new Sourced("orderby", item);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("desc"))) {
          throw invalid(s, "expected <field> or <field> desc");
        }
        add(out, s, parts[0], parts.length == 2);
      }
    } else {
      for (String item : labels.list(LABEL_ORDERBY)) {
        boolean desc = item.endsWith("_desc");
        add(out, new Sourced(LABEL_ORDERBY, item), desc ? item.substring(0, item.length() - 5) : item, desc);
      }
    }
    return out;
  }

  private static void add(List<OrderBy> out, Sourced s, String field, boolean desc) {
    if (!OrderBy.FIELDS.contains(field)) {
      throw invalid(s, "the field must be one of " + String.join(", ", OrderBy.FIELDS));
    }
    if (out.stream().anyMatch(o -> o.field().equals(field))) {
      throw invalid(s, "the field " + field + " is ordered by more than once");
    }
    out.add(new OrderBy(field, desc));
  }

  private static OptionalInt limit(Url url, Labels labels) {
    OptionalInt fromUrl = url.single("limit").filter(v -> !v.isEmpty()).map(v -> limitOf(new Sourced("limit", v)))
        .orElse(OptionalInt.empty());
    if (fromUrl.isPresent()) {
      return fromUrl;
    }
    return labels.single(LABEL_LIMIT).map(v -> limitOf(new Sourced(LABEL_LIMIT, v))).orElse(OptionalInt.empty());
  }

  private static OptionalInt limitOf(Sourced s) {
    if (!s.value().matches("[0-9]{1,9}") || Integer.parseInt(s.value()) > MAX_LIMIT) {
      throw invalid(s, "must be an integer from 0 to " + MAX_LIMIT);
    }
    int n = Integer.parseInt(s.value());
    return n == 0 ? OptionalInt.empty() : OptionalInt.of(n);
  }

  private static ApiException invalid(Sourced s, String why) {
    return ApiException.badRequest("Invalid Query " + s.name() + "(" + s.value() + "): " + why);
  }

  /** The URL parameters. */
  private static final class Url {
    private final Map<String, List<String>> query;

    Url(Map<String, List<String>> query) {
      this.query = query;
    }

    /** The parameter's only value; absent if not given; 400 if given more than once. */
    Optional<String> single(String param) {
      List<String> values = query.getOrDefault(param, List.of());
      if (values.size() > 1) {
        throw ApiException.badRequest("query parameter \"" + param + "\" takes exactly one value");
      }
      return values.stream().findFirst();
    }

    /** All values, each split at commas, trimmed, without empty entries and duplicates. */
    List<String> list(String param) {
      Set<String> out = new LinkedHashSet<>();
      for (String v : query.getOrDefault(param, List.of())) {
        for (String item : v.split(",")) {
          if (!item.isBlank()) {
            out.add(item.trim());
          }
        }
      }
      return List.copyOf(out);
    }
  }

  /** The search labels taken out of the label selector, and what remains of it. */
  private static final class Labels {
    private final Map<String, Requirement> search = new LinkedHashMap<>();
    private final LabelSelector remaining;

    Labels(LabelSelector selector) {
      List<Requirement> rest = new ArrayList<>();
      for (Requirement r : selector.requirements()) {
        String key = r.key();
        if (LIST_LABELS.contains(key) || SINGLE_LABELS.contains(key)) {
          if (!r.operator().isInclusion()) {
            throw ApiException.badRequest(
                "search label \"" + key + "\" supports only =, == and in, not " + describe(r.operator()));
          }
          if (search.putIfAbsent(key, r) != null) {
            throw ApiException.badRequest("search label \"" + key + "\" is given more than once");
          }
        } else if (key.contains("clusterpedia.io")) {
          throw ApiException.badRequest("unknown search label \"" + key + "\"");
        } else {
          rest.add(r);
        }
      }
      remaining = new LabelSelector(rest);
    }

    private static String describe(Operator op) {
      switch (op) {
        case EXISTS:
          return "exists";
        case DOES_NOT_EXIST:
          return "does not exist (!)";
        default:
          return op.symbol();
      }
    }

    List<String> list(String key) {
      Requirement r = search.get(key);
      return r == null ? List.of() : r.values().stream().filter(v -> !v.isEmpty()).toList();
    }

    /** The label's only value; absent if the label is not given or its value is empty. */
    Optional<String> single(String key) {
      return singleRaw(key).filter(v -> !v.isEmpty());
    }

    /** The label's only value, possibly empty; absent if the label is not given. */
    Optional<String> singleRaw(String key) {
      Requirement r = search.get(key);
      if (r == null) {
        return Optional.empty();
      }
      if (r.values().size() != 1) {
        throw ApiException.badRequest("search label \"" + key + "\" takes exactly one value");
      }
      return Optional.of(r.values().get(0));
    }

    LabelSelector remaining() {
      return remaining;
    }
  }
}
