package io.cloudpedia.auth.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudpedia.auth.source.InvalidDocumentException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Who may do what, where: rules that allow principals (static token principal names, IAM ARNs, ARN patterns) actions
 * on resources in clusters and namespaces. Nothing is allowed unless a rule allows it. Immutable and thread-safe.
 *
 * <pre>{@code
 * # YAML (or the same as JSON)
 * rules:
 *   - description: platform team reads everything
 *     principals: ["arn:aws:iam::111122223333:role/Platform*", "alice"]
 *     clusters: ["*"]
 *     namespaces: ["*"]            # every namespace and the cluster-scoped objects
 *     resources: ["*"]             # or GROUP/RESOURCE: core/pods, apps/deployments, apps/* (a "*" group: any group)
 *     actions: [read, "proxy:log"] # read, forward, admin, proxy:<subresource>, proxy:*, *
 *   - principals: [ci-bot]
 *     clusters: ["prod-*"]
 *     namespaces: [team-a, ""]     # "" = cluster-scoped objects
 *     resources: [apps/deployments, core/pods]
 *     actions: [read]
 * }</pre>
 *
 * Every field of a rule but {@code description} is required: an omitted list is an error, never "everything". ARN
 * patterns must name their partition and account literally ({@code arn:aws:iam::*:role/x} is refused: it would admit
 * every AWS account's role of that name, and anyone can sign an IAM token); they name roles by their IAM ARN, as IAM
 * tokens' assumed-role sessions are reported as their role.
 */
public final class Policy {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Set<String> RULE_FIELDS =
      Set.of("description", "principals", "clusters", "namespaces", "resources", "actions");
  private static final Pattern ARN_PATTERN =
      Pattern.compile("arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):(iam|sts)::([0-9]{12}):([\\x21-\\x7e]+)");
  private static final Pattern TOKEN_PRINCIPAL_PATTERN = Pattern.compile("[A-Za-z0-9._@+*-]{1,128}");
  private static final Pattern CLUSTER_PATTERN = Pattern.compile("[A-Za-z0-9._*-]{1,253}");
  private static final Pattern NAMESPACE_PATTERN = Pattern.compile("[a-z0-9*-]{0,63}");
  private static final Pattern GROUP_PATTERN = Pattern.compile("[a-z0-9.*-]{0,253}");
  private static final Pattern RESOURCE_PATTERN = Pattern.compile("[a-z0-9.*-]{1,253}");
  private static final Pattern SUBRESOURCE_PATTERN = Pattern.compile("[a-z0-9*-]{1,63}");
  /** Principals whose rules are remembered; past this the cache starts over (the rules are the same). */
  private static final int PRINCIPAL_CACHE_SIZE = 4096;

  private static final Policy DENY_ALL = new Policy(List.of());

  private final List<Rule> rules;
  private final Map<String, List<Rule>> byPrincipal = new ConcurrentHashMap<>();

  private Policy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The policy with no rules. */
  public static Policy denyAll() {
    return DENY_ALL;
  }

  /**
   * Parses a policy document, JSON (first character {@code {}) or YAML.
   *
   * @throws InvalidDocumentException naming the rule and field at fault and why
   */
  public static Policy parse(String text) throws InvalidDocumentException {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    boolean json = trimmed.startsWith("{");
    JsonNode root;
    try {
      root = (json ? JSON : YAML).readTree(trimmed);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidDocumentException("not valid " + (json ? "JSON" : "YAML")
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
          + (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? ": a key appears twice" : ""));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDocumentException("expected a mapping with a \"rules\" list");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("rules")) {
        throw new InvalidDocumentException("unknown top-level field \"" + name + "\" (only \"rules\")");
      }
    }
    JsonNode rulesNode = root.get("rules");
    if (rulesNode == null || !rulesNode.isArray()) {
      throw new InvalidDocumentException("\"rules\" must be a list (an empty list allows nothing)");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      rules.add(rule(i, rulesNode.get(i)));
    }
    return new Policy(rules);
  }

  /** How many rules there are. */
  public int size() {
    return rules.size();
  }

  /** Whether the principal may do this (a single object's get, a forward, a proxied subresource). */
  public boolean allows(String principal, Request request) {
    Objects.requireNonNull(request, "request");
    for (Rule rule : rulesFor(principal)) {
      if (rule.covers(request.group(), request.resource(), request.action())
          && rule.coversCluster(request.cluster()) && rule.coversNamespace(request.namespace())) {
        return true;
      }
    }
    return false;
  }

  /** Where the principal may do this action on this resource type: for filtering lists across clusters. */
  public Scope scope(String principal, String group, String resource, Action action) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    List<Rule> matching = new ArrayList<>();
    for (Rule rule : rulesFor(principal)) {
      if (rule.covers(group, resource, action)) {
        matching.add(rule);
      }
    }
    return new Scope(matching);
  }

  /** Whether the principal may do this action on this type anywhere at all: discovery lists only such types. */
  public boolean anyAllowed(String principal, String group, String resource, Action action) {
    return !scope(principal, group, resource, action).isEmpty();
  }

  @Override
  public String toString() {
    return "Policy[" + rules.size() + " rules]";
  }

  private List<Rule> rulesFor(String principal) {
    Objects.requireNonNull(principal, "principal");
    List<Rule> cached = byPrincipal.get(principal);
    if (cached != null) {
      return cached;
    }
    List<Rule> applicable = rules.stream().filter(r -> r.appliesTo(principal)).toList();
    if (byPrincipal.size() >= PRINCIPAL_CACHE_SIZE) {
      byPrincipal.clear();
    }
    byPrincipal.put(principal, applicable);
    return applicable;
  }

  // ---- parsing ---------------------------------------------------------------------------------------------------

  private static Rule rule(int index, JsonNode node) throws InvalidDocumentException {
    String where = "rules[" + index + "]";
    if (!node.isObject()) {
      throw new InvalidDocumentException(where + " must be a mapping");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!RULE_FIELDS.contains(name)) {
        throw new InvalidDocumentException(where + " has an unknown field \"" + name
            + "\" (description, principals, clusters, namespaces, resources, actions)");
      }
    }
    JsonNode description = node.get("description");
    if (description != null && !description.isTextual()) {
      throw new InvalidDocumentException(where + ".description must be text");
    }
    return new Rule(index,
        list(node, where, "principals", Policy::principal),
        list(node, where, "clusters", Policy::cluster),
        list(node, where, "namespaces", Policy::namespace),
        list(node, where, "resources", Policy::resource),
        list(node, where, "actions", Policy::action));
  }

  private static <T> List<T> list(JsonNode rule, String where, String field, Function<String, T> parse)
      throws InvalidDocumentException {
    JsonNode values = rule.get(field);
    if (values == null || !values.isArray() || values.isEmpty()) {
      throw new InvalidDocumentException(where + "." + field + " must be a non-empty list");
    }
    List<T> parsed = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      JsonNode value = values.get(i);
      String at = where + "." + field + "[" + i + "]";
      if (!value.isTextual()) {
        throw new InvalidDocumentException(at + " must be text (quote it)");
      }
      try {
        parsed.add(parse.apply(value.asText()));
      } catch (IllegalArgumentException e) {
        throw new InvalidDocumentException(at + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  private static Rule.PrincipalPattern principal(String text) {
    if (text.startsWith("arn:")) {
      var arn = ARN_PATTERN.matcher(text);
      if (!arn.matches() || arn.group(1).contains("*") || arn.group(3).contains("*")) {
        throw new IllegalArgumentException("'" + text + "' is not an IAM ARN pattern: arn:PARTITION:iam::ACCOUNT:..."
            + " with the partition and the 12-digit account written out (a * is allowed after them only)");
      }
      if (arn.group(4).startsWith("assumed-role/")) {
        throw new IllegalArgumentException("'" + text + "' is an assumed-role session ARN: name the role,"
            + " arn:" + arn.group(1) + ":iam::" + arn.group(3) + ":role/ROLE, as IAM tokens are reported as their role");
      }
      return new Rule.PrincipalPattern(Glob.of(text), true);
    }
    if (text.equals("*") || text.chars().allMatch(c -> c == '*')) {
      // Allowed, but only ever static token principals: an ARN never matches a pattern without "arn:".
      return new Rule.PrincipalPattern(Glob.of(text), false);
    }
    if (!TOKEN_PRINCIPAL_PATTERN.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is neither an IAM ARN (pattern) nor a token principal"
          + " name (letters, digits, . _ @ + - and *)");
    }
    return new Rule.PrincipalPattern(Glob.of(text), false);
  }

  private static Glob cluster(String text) {
    if (!CLUSTER_PATTERN.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a cluster name pattern (letters, digits, . _ - and *)");
    }
    return Glob.of(text);
  }

  private static Glob namespace(String text) {
    if (!NAMESPACE_PATTERN.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a namespace pattern (lower-case letters, digits,"
          + " - and *; \"\" for cluster-scoped objects)");
    }
    return Glob.of(text);
  }

  private static Rule.ResourcePattern resource(String text) {
    if (text.equals("*")) {
      return new Rule.ResourcePattern(Glob.of("*"), Glob.of("*"));
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' must be GROUP/RESOURCE (core/" + text
          + " for the core group, */" + text + " for any group) or *");
    }
    String group = text.substring(0, slash);
    String resource = text.substring(slash + 1);
    if (group.equals("core")) {
      group = "";
    }
    if (!GROUP_PATTERN.matcher(group).matches() || !RESOURCE_PATTERN.matcher(resource).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not GROUP/RESOURCE (lower-case names, * allowed,"
          + " no subresource: subresources are proxy:<name> actions)");
    }
    return new Rule.ResourcePattern(Glob.of(group), Glob.of(resource));
  }

  private static Rule.ActionPattern action(String text) {
    if (text.equals("*")) {
      return new Rule.ActionPattern(Action.Verb.READ, Glob.of(""), true);
    }
    if (text.startsWith("proxy:")) {
      String subresource = text.substring("proxy:".length());
      if (!SUBRESOURCE_PATTERN.matcher(subresource).matches()) {
        throw new IllegalArgumentException("'" + text + "' is not proxy:<subresource> (e.g. proxy:log, proxy:*)");
      }
      return new Rule.ActionPattern(Action.Verb.PROXY, Glob.of(subresource), false);
    }
    if (text.equals("proxy")) {
      throw new IllegalArgumentException("write proxy:<subresource> (proxy:log) or proxy:* for every subresource");
    }
    return new Rule.ActionPattern(Action.parse(text).verb(), Glob.of(""), false);
  }
}
