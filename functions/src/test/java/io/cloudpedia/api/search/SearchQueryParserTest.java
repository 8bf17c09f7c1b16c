package io.cloudpedia.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.api.status.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchQueryParserTest {

  // ---- helpers -------------------------------------------------------------------------------------------------

  /** Builds a query from "k=v" pairs; a pair without '=' is a bare parameter with an empty value. */
  private static Map<String, List<String>> q(String... pairs) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
    }
    return out;
  }

  private static SearchQuery parse(String... pairs) {
    return SearchQueryParser.parse(q(pairs), Optional.empty(), Optional.empty());
  }

  private static void rejects(String message, String... pairs) {
    assertThatThrownBy(() -> parse(pairs))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  // ---- defaults ------------------------------------------------------------------------------------------------

  @Test
  void emptyQueryRestrictsNothingAndLeavesServerDefaults() {
    SearchQuery s = parse();
    assertThat(s.clusters()).isEmpty();
    assertThat(s.namespaces()).isEmpty();
    assertThat(s.names()).isEmpty();
    assertThat(s.fuzzyNames()).isEmpty();
    assertThat(s.since()).isEmpty();
    assertThat(s.before()).isEmpty();
    assertThat(s.owner()).isEmpty();
    assertThat(s.ownerSeniority()).isZero();
    assertThat(s.orderBy()).isEmpty();
    assertThat(s.limit()).isEmpty();
    assertThat(s.continueToken()).isEmpty();
    assertThat(s.withRemainingCount()).isEmpty();
    assertThat(s.injectEvents()).isFalse();
    assertThat(s.onlyMetadata()).isFalse();
    assertThat(s.labelSelector().isEmpty()).isTrue();
    assertThat(s.fieldSelector().isEmpty()).isTrue();
  }

  @Test
  void unrelatedParametersAreIgnored() {
    assertThat(parse("resourceVersion=5", "timeoutSeconds=30", "watch=false").clusters()).isEmpty();
  }

  // ---- lists and precedence ------------------------------------------------------------------------------------

  @Test
  void urlListsAreSplitAtCommasAcrossRepeatsWithoutBlanksOrDuplicates() {
    assertThat(parse("clusters=c1, c2", "clusters=c3,,c1").clusters()).containsExactly("c1", "c2", "c3");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "search.clusterpedia.io/clusters=c1|c1",
        "search.clusterpedia.io/clusters==c1|c1",
        "search.clusterpedia.io/clusters in (c2,c1)|c2,c1",
      })
  void clusterLabelAcceptsEveryInclusionForm(String selector, String expected) {
    assertThat(parse("labelSelector=" + selector).clusters()).containsExactly(expected.split(","));
  }

  @Test
  void namespaceAndNameLabelsAreRead() {
    SearchQuery s =
        parse("labelSelector=search.clusterpedia.io/namespaces in (a,b),search.clusterpedia.io/names=n");
    assertThat(s.namespaces()).containsExactly("a", "b");
    assertThat(s.names()).containsExactly("n");
  }

  @Test
  void urlParameterWinsOverSearchLabel() {
    SearchQuery s =
        parse(
            "clusters=url",
            "namespaces=url-ns",
            "names=url-name",
            "labelSelector=search.clusterpedia.io/clusters=label,search.clusterpedia.io/namespaces=label-ns,"
                + "search.clusterpedia.io/names=label-name");
    assertThat(s.clusters()).containsExactly("url");
    assertThat(s.namespaces()).containsExactly("url-ns");
    assertThat(s.names()).containsExactly("url-name");
  }

  @Test
  void emptyUrlParameterFallsBackToSearchLabel() {
    assertThat(parse("clusters=", "labelSelector=search.clusterpedia.io/clusters=label").clusters())
        .containsExactly("label");
  }

  @Test
  void pathWinsOverUrlAndLabel() {
    SearchQuery s =
        SearchQueryParser.parse(
            q("clusters=url", "namespaces=url-ns", "labelSelector=search.clusterpedia.io/namespaces=label-ns"),
            Optional.of("path"),
            Optional.of("path-ns"));
    assertThat(s.clusters()).containsExactly("path");
    assertThat(s.namespaces()).containsExactly("path-ns");
  }

  @Test
  void fuzzyNameLabelCollectsEverySubstring() {
    assertThat(parse("labelSelector=internalstorage.clusterpedia.io/fuzzy-name in (web,prod)").fuzzyNames())
        .containsExactly("web", "prod");
  }

  @Test
  void searchLabelsAreRemovedFromTheLabelSelectorAndOrdinaryOnesStay() {
    SearchQuery s =
        parse("labelSelector=app=web,search.clusterpedia.io/clusters=c1,tier!=db,internalstorage.clusterpedia.io/fuzzy-name=x");
    assertThat(s.labelSelector().toString()).isEqualTo("app=web,tier!=db");
    assertThat(s.labelSelector().matches(Map.of("app", "web"))).isTrue();
  }

  @Test
  void fieldSelectorIsParsed() {
    assertThat(parse("fieldSelector=status.phase=Running").fieldSelector().toString())
        .isEqualTo("status.phase=Running");
  }

  // ---- times ---------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "2024-03-05T10:20:30Z, 2024-03-05T10:20:30Z",
    "2024-03-05T12:20:30+02:00, 2024-03-05T10:20:30Z",
    "2024-03-05T10:20:30.5Z, 2024-03-05T10:20:30.500Z",
    "2024-03-05 10:20:30, 2024-03-05T10:20:30Z",
    "2024-03-05, 2024-03-05T00:00:00Z",
    "1709634030, 2024-03-05T10:20:30Z",
    "1709634030123, 2024-03-05T10:20:30.123Z",
  })
  void sinceAcceptsEveryTimeFormat(String value, String expected) {
    assertThat(parse("since=" + value).since()).contains(Instant.parse(expected));
  }

  @Test
  void timeLabelsAcceptDateAndTimestampForms() {
    SearchQuery s =
        parse("labelSelector=search.clusterpedia.io/since=2024-03-05,search.clusterpedia.io/before=1709634030");
    assertThat(s.since()).contains(Instant.parse("2024-03-05T00:00:00Z"));
    assertThat(s.before()).contains(Instant.parse("2024-03-05T10:20:30Z"));
  }

  @Test
  void urlTimeWinsOverLabelTime() {
    assertThat(parse("before=2025-01-01", "labelSelector=search.clusterpedia.io/before=2024-01-01").before())
        .contains(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "since, 2024-03-05T10:20:30",
    "since, 2024-03-05 10:20",
    "since, 2024-13-05",
    "since, 170963403",
    "since, 17096340301",
    "before, yesterday",
  })
  void badTimeListsTheValidFormats(String param, String value) {
    rejects(
        "Invalid Query " + param + "(" + value + "): valid formats are RFC3339 (2006-01-02T15:04:05Z07:00), "
            + "\"2006-01-02 15:04:05\", \"2006-01-02\", or a Unix timestamp of 10 (seconds) or 13 (milliseconds) "
            + "digits",
        param + "=" + value);
  }

  @Test
  void rfc3339WithUnencodedPlusExplainsThePercentEncoding() {
    rejects(
        "Invalid Query since(2024-03-05T12:20:30 02:00): valid formats are RFC3339 (2006-01-02T15:04:05Z07:00), "
            + "\"2006-01-02 15:04:05\", \"2006-01-02\", or a Unix timestamp of 10 (seconds) or 13 (milliseconds) "
            + "digits (in a URL, write the '+' of an offset as %2B)",
        "since=2024-03-05T12:20:30 02:00");
  }

  @Test
  void beforeEarlierThanSinceIsRejected() {
    rejects("Invalid Query, Since is after Before", "since=2024-03-05", "before=2024-03-04");
  }

  @Test
  void beforeEqualToSinceIsAnEmptyRangeNotAnError() {
    assertThat(parse("since=2024-03-05", "before=2024-03-05").before()).isPresent();
  }

  // ---- owner ---------------------------------------------------------------------------------------------------

  @Test
  void ownerUidNeedsNoGroupResourceAndWinsOverName() {
    SearchQuery s = parse("clusters=c1", "ownerUID=u-1", "ownerName=web");
    assertThat(s.owner()).contains(new OwnerFilter.ByUid("u-1"));
  }

  @Test
  void ownerNameWithGroupResourceAndSeniorityFromLabels() {
    SearchQuery s =
        parse(
            "labelSelector=search.clusterpedia.io/clusters=c1,search.clusterpedia.io/owner-name=web,"
                + "search.clusterpedia.io/owner-gr=deployments.apps,search.clusterpedia.io/owner-seniority=1");
    assertThat(s.owner())
        .contains(new OwnerFilter.ByName("web", Optional.of(new GroupResource("apps", "deployments"))));
    assertThat(s.ownerSeniority()).isEqualTo(1);
  }

  @Test
  void coreOwnerGroupResourceHasEmptyGroup() {
    SearchQuery s = parse("clusters=c1", "ownerName=n1", "ownerGR=nodes");
    assertThat(s.owner()).contains(new OwnerFilter.ByName("n1", Optional.of(new GroupResource("", "nodes"))));
  }

  @Test
  void ownerClusterMayComeFromThePath() {
    SearchQuery s = SearchQueryParser.parse(q("ownerUID=u"), Optional.of("c1"), Optional.empty());
    assertThat(s.owner()).isPresent();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {"ownerUID=u", "ownerName=web", "clusters=a,b&ownerUID=u", "clusters=a,b&ownerName=web"})
  void ownerSearchWithoutExactlyOneClusterIsRejected(String query) {
    rejects("If searching by owner uid or name, then the cluster must be specified", query.split("&"));
  }

  @Test
  void ownerGroupResourceWithoutNameIsRejected() {
    rejects(
        "Invalid Query ownerGR(deployments.apps): an owner group-resource needs an owner name",
        "clusters=c1",
        "ownerGR=deployments.apps");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"Deployments.apps", "deployments..apps", ".apps"})
  void malformedOwnerGroupResourceIsRejected(String value) {
    rejects(
        "Invalid Query ownerGR(" + value
            + "): must be <resource>.<group>, e.g. deployments.apps, or <resource> for the core group",
        "clusters=c1",
        "ownerName=x",
        "ownerGR=" + value);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"-1", "one", "1.5"})
  void ownerSeniorityMustBeANonNegativeInteger(String value) {
    rejects("Invalid Query ownerSeniority(" + value + "): must be a non-negative integer", "ownerSeniority=" + value);
  }

  // ---- orderby -------------------------------------------------------------------------------------------------

  @Test
  void urlOrderByKeepsItsOrderAndDirections() {
    assertThat(parse("orderby=namespace desc,cluster", "orderby=created_at").orderBy())
        .containsExactly(
            new OrderBy("namespace", true), new OrderBy("cluster", false), new OrderBy("created_at", false));
  }

  @Test
  void labelOrderByUsesTheDescSuffix() {
    assertThat(parse("labelSelector=search.clusterpedia.io/orderby in (name_desc,resource_version)").orderBy())
        .containsExactly(new OrderBy("name", true), new OrderBy("resource_version", false));
  }

  @Test
  void urlOrderByWinsOverLabel() {
    assertThat(parse("orderby=cluster", "labelSelector=search.clusterpedia.io/orderby=name").orderBy())
        .containsExactly(new OrderBy("cluster", false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "orderby=uid|Invalid Query orderby(uid): the field must be one of cluster, namespace, name, created_at, "
            + "resource_version",
        "orderby=name asc|Invalid Query orderby(name asc): expected <field> or <field> desc",
        "orderby=name desc x|Invalid Query orderby(name desc x): expected <field> or <field> desc",
        "orderby=name,name desc|Invalid Query orderby(name desc): the field name is ordered by more than once",
        "labelSelector=search.clusterpedia.io/orderby=uid_desc|Invalid Query search.clusterpedia.io/orderby(uid_desc):"
            + " the field must be one of cluster, namespace, name, created_at, resource_version",
      })
  void badOrderByIsRejected(String query, String message) {
    rejects(message, query);
  }

  // ---- limit and continue --------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=1|1",
        "limit=10000|10000",
        "limit=0|",
        "limit=|",
        "labelSelector=search.clusterpedia.io/limit=7|7",
        "limit=0&labelSelector=search.clusterpedia.io/limit=7|7",
        "limit=500&labelSelector=search.clusterpedia.io/limit=7|500",
      })
  void limitFromUrlOrLabelZeroMeansServerDefault(String query, Integer expected) {
    OptionalInt limit = parse(query.split("&")).limit();
    if (expected == null) {
      assertThat(limit).isEmpty();
    } else {
      assertThat(limit).hasValue(expected);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=10001|Invalid Query limit(10001): must be an integer from 0 to 10000",
        "limit=-1|Invalid Query limit(-1): must be an integer from 0 to 10000",
        "limit=ten|Invalid Query limit(ten): must be an integer from 0 to 10000",
        "limit=99999999999|Invalid Query limit(99999999999): must be an integer from 0 to 10000",
        "labelSelector=search.clusterpedia.io/limit=20000|Invalid Query search.clusterpedia.io/limit(20000): "
            + "must be an integer from 0 to 10000",
      })
  void limitOutOfRangeIsRejected(String query, String message) {
    rejects(message, query);
  }

  @Test
  void continueTokenIsPassedThroughUnparsed() {
    assertThat(parse("continue=abc.def").continueToken()).contains("abc.def");
    assertThat(parse("continue=").continueToken()).isEmpty();
  }

  // ---- booleans ------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource({"true, true", "1, true", "yes, true", "'', true", "0, false", "false, false", "FALSE, false"})
  void booleansFollowClusterpedia(String value, boolean expected) {
    SearchQuery s = parse("withRemainingCount=" + value, "injectEvents=" + value, "onlyMetadata=" + value);
    assertThat(s.withRemainingCount()).contains(expected);
    assertThat(s.injectEvents()).isEqualTo(expected);
    assertThat(s.onlyMetadata()).isEqualTo(expected);
  }

  @Test
  void bareBooleanParameterIsTrue() {
    assertThat(parse("withRemainingCount").withRemainingCount()).contains(true);
  }

  @Test
  void booleanLabelsAreReadWhenTheUrlSaysNothing() {
    SearchQuery s =
        parse(
            "labelSelector=search.clusterpedia.io/with-remaining-count=false,"
                + "search.clusterpedia.io/inject-events=true");
    assertThat(s.withRemainingCount()).contains(false);
    assertThat(s.injectEvents()).isTrue();
  }

  @Test
  void booleanLabelWithEmptyValueIsTrueAsInClusterpedia() {
    assertThat(parse("labelSelector=search.clusterpedia.io/with-remaining-count=").withRemainingCount())
        .contains(true);
  }

  @Test
  void labelOrderByKeepsTheWrittenOrder() {
    assertThat(parse("labelSelector=search.clusterpedia.io/orderby in (namespace,cluster_desc,name)").orderBy())
        .containsExactly(new OrderBy("namespace", false), new OrderBy("cluster", true), new OrderBy("name", false));
  }

  @Test
  void urlBooleanWinsOverLabel() {
    assertThat(
            parse("injectEvents=false", "labelSelector=search.clusterpedia.io/inject-events=true").injectEvents())
        .isFalse();
  }

  // ---- rejected label usage ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "search.clusterpedia.io/clusters!=c1|search label \"search.clusterpedia.io/clusters\" supports only =, == "
            + "and in, not !=",
        "search.clusterpedia.io/clusters notin (c1)|search label \"search.clusterpedia.io/clusters\" supports only "
            + "=, == and in, not notin",
        "search.clusterpedia.io/names|search label \"search.clusterpedia.io/names\" supports only =, == and in, "
            + "not exists",
        "!search.clusterpedia.io/names|search label \"search.clusterpedia.io/names\" supports only =, == and in, "
            + "not does not exist (!)",
        "search.clusterpedia.io/limit>3|search label \"search.clusterpedia.io/limit\" supports only =, == and in, "
            + "not >",
        "search.clusterpedia.io/clusters=a,search.clusterpedia.io/clusters=b|search label "
            + "\"search.clusterpedia.io/clusters\" is given more than once",
        "search.clusterpedia.io/size=3|unknown search label \"search.clusterpedia.io/size\"",
        "search.clusterpedia.io/offset=3|unknown search label \"search.clusterpedia.io/offset\"",
        "internalstorage.clusterpedia.io/owner-seniority=1|unknown search label "
            + "\"internalstorage.clusterpedia.io/owner-seniority\"",
        "shadow.clusterpedia.io/cluster-name=c|unknown search label \"shadow.clusterpedia.io/cluster-name\"",
        "search.clusterpedia.io/since in (2024-01-01,2024-01-02)|search label \"search.clusterpedia.io/since\" "
            + "takes exactly one value",
        "search.clusterpedia.io/owner-uid in (a,b)|search label \"search.clusterpedia.io/owner-uid\" takes exactly "
            + "one value",
        "search.clusterpedia.io/inject-events in (true,false)|search label \"search.clusterpedia.io/inject-events\" "
            + "takes exactly one value",
      })
  void misusedSearchLabelsAreRejected(String selector, String message) {
    rejects(message, "labelSelector=" + selector);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "since", "before", "ownerUID", "ownerName", "ownerGR", "ownerSeniority", "limit", "continue",
    "withRemainingCount", "injectEvents", "onlyMetadata", "labelSelector", "fieldSelector",
  })
  void singleValuedParameterGivenTwiceIsRejected(String param) {
    rejects("query parameter \"" + param + "\" takes exactly one value", param + "=1", param + "=2");
  }

  @Test
  void malformedSelectorsAreBadRequests() {
    rejects("unable to parse label selector \"a in\": expected '(' but found end of input at position 4",
        "labelSelector=a in");
    rejects("unable to parse field selector \"a\": expected '=', '==' or '!=' in 'a' at position 0",
        "fieldSelector=a");
  }

  @Test
  void eventTypesAndEventsLimitNarrowInjectedEvents() {
    SearchQuery byUrl = parse("injectEvents=true", "eventTypes=Warning", "eventsLimit=5");
    assertThat(byUrl.injectEvents()).isTrue();
    assertThat(byUrl.eventTypes()).containsExactly("Warning");
    assertThat(byUrl.eventsLimit()).hasValue(5);
    SearchQuery byLabel = parse("labelSelector="
        + "search.clusterpedia.io/inject-events=true,search.clusterpedia.io/event-types in (Warning,Normal),"
        + "search.clusterpedia.io/events-limit=2");
    assertThat(byLabel.eventTypes()).containsExactly("Warning", "Normal");
    assertThat(byLabel.eventsLimit()).hasValue(2);
    assertThat(parse().eventsLimit()).isEmpty();
    assertThatThrownBy(() -> parse("eventsLimit=0")).isInstanceOf(io.cloudpedia.api.status.ApiException.class)
        .hasMessageContaining("eventsLimit");
  }


  private static void tooLarge(String message, String... pairs) {
    assertThatThrownBy(() -> parse(pairs))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(413);
          assertThat(e.reason()).isEqualTo("RequestEntityTooLarge");
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  @org.junit.jupiter.api.Test
  void selectorsBeyondTheLimitsAre413() {
    tooLarge("labelSelector is 4097 characters long; at most 4096 are served",
        "labelSelector=a=" + "x".repeat(4095));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 65; i++) {
      many.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
    }
    tooLarge("labelSelector has 65 requirements; at most 64 are served", "labelSelector=" + many);
    tooLarge("fieldSelector has 65 requirements; at most 64 are served",
        "fieldSelector=" + many.toString().replace("k", "metadata.k"));
    StringBuilder values = new StringBuilder("app in (");
    for (int i = 0; i < 257; i++) {
      values.append(i == 0 ? "" : ",").append("v").append(i);
    }
    tooLarge("labelSelector requirement on app lists 257 values; at most 256 are served",
        "labelSelector=" + values.append(')'));
    // At the limits, they are served.
    assertThat(parse("labelSelector=" + many.substring(0, many.lastIndexOf(","))).labelSelector().requirements())
        .hasSize(64);
  }
}
