package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cloudpedia.api.status.StatusCause;
import io.cloudpedia.json.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape rules of PediaCluster and ClusterSyncResources ({@code cluster.clusterpedia.io/v1alpha2}): what the API
 * checks before it writes one to the {@link ClusterRegistry}, with Kubernetes-style field paths and messages
 * ({@code spec.syncResources[0].resources: Required value}).
 *
 * <p>Unknown fields are errors naming the field, as kubectl's strict field validation makes them, so that a typo
 * ({@code spec.apiServer}) is not silently dropped. Only shapes are checked here: whether the credentials fit together
 * and the secrets they name exist is decided when the cluster is connected ({@code Validated=False, InvalidConfig} in
 * its status, {@link io.cloudpedia.registry.credentials.CredentialResolver}). Byte fields are never echoed in
 * messages: they may hold keys and tokens.
 */
public final class PediaClusters {

  private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  /** {@code metav1.ObjectMeta}'s fields; the server sets some of them, but a client may send them all back. */
  private static final Set<String> METADATA =
      Set.of(
          "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
          "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
          "ownerReferences", "finalizers", "managedFields");
  /** Clusterpedia's {@code ClusterSpec}, plus Cloudpedia's {@code insecureSkipTLSVerify}. */
  private static final Set<String> CLUSTER_SPEC =
      Set.of(
          "kubeconfig", "apiserver", "tokenData", "caData", "certData", "keyData", "insecureSkipTLSVerify",
          "authenticationFrom", "syncResources", "syncAllCustomResources", "syncResourcesRefName", "shardingName");
  /** {@code []byte} fields: base64 in JSON. */
  private static final List<String> BYTE_FIELDS = List.of("kubeconfig", "caData", "certData", "keyData", "tokenData");
  private static final List<String> AUTHENTICATION_SOURCES = List.of("kubeconfig", "ca", "cert", "key", "token");
  private static final Set<String> SECRET_REFERENCE = Set.of("name", "key");
  private static final Set<String> SYNC_RESOURCES_SPEC = Set.of("syncResources");
  private static final Set<String> GROUP_RESOURCES =
      Set.of("group", "versions", "resources", "eventsInvolvedResources");

  /** A Secrets Manager secret name (1-512 of these characters) or a secret's ARN. */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}");

  private PediaClusters() {}

  /** Every problem of a PediaCluster object, in document order; empty when it is valid. */
  public static List<StatusCause> validate(JsonNode object) {
    FieldErrors errors = validateObject(object, RegistryKind.PEDIA_CLUSTER, TOP_LEVEL, PediaClusters::clusterSpec);
    JsonNode status = object.get("status");
    if (object.isObject() && status != null && !status.isNull() && !status.isObject()) {
      errors.typeInvalid("status", "object", status);
    }
    return errors.causes();
  }

  /** Every problem of a ClusterSyncResources object, in document order; empty when it is valid. */
  public static List<StatusCause> validateSyncResources(JsonNode object) {
    return validateObject(object, RegistryKind.CLUSTER_SYNC_RESOURCES, Set.of("apiVersion", "kind", "metadata", "spec"),
        (spec, errors) -> {
          errors.unknownFields(spec, "spec", SYNC_RESOURCES_SPEC);
          syncResources(spec, errors);
        }).causes();
  }

  /** What every registry object must be: an object of the kind with these fields, metadata, and a valid spec. */
  private static FieldErrors validateObject(JsonNode object, RegistryKind kind, Set<String> topLevelFields,
      java.util.function.BiConsumer<JsonNode, FieldErrors> specCheck) {
    Objects.requireNonNull(object, "object");
    FieldErrors errors = new FieldErrors();
    if (!object.isObject()) {
      errors.typeInvalid("", "object", object);
      return errors;
    }
    errors.unknownFields(object, "", topLevelFields);
    typeMeta(object, kind, errors);
    metadata(object, errors);
    JsonNode spec = object.get("spec");
    if (spec == null || spec.isNull()) {
      errors.required("spec");
    } else if (!spec.isObject()) {
      errors.typeInvalid("spec", "object", spec);
    } else {
      specCheck.accept(spec, errors);
    }
    return errors;
  }

  /** {@link #validate} or {@link #validateSyncResources}, by kind. */
  public static List<StatusCause> validate(RegistryKind kind, JsonNode object) {
    return kind == RegistryKind.PEDIA_CLUSTER ? validate(object) : validateSyncResources(object);
  }

  /**
   * A copy of a valid object as the registry keeps it: {@code apiVersion} and {@code kind} set, no
   * {@code metadata.namespace} (the kinds are cluster-scoped; the apiserver clears it too), and resource names of
   * {@code syncResources} in lower case (Clusterpedia matches them case-insensitively; one spelling lets readers
   * compare exactly).
   */
  public static ObjectNode normalize(RegistryKind kind, JsonNode object) {
    if (!object.isObject()) {
      throw new IllegalArgumentException(kind.kind() + " must be a JSON object");
    }
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    copy.put("apiVersion", kind.apiVersion());
    copy.put("kind", kind.kind());
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("namespace");
    }
    if (copy.get("spec") instanceof ObjectNode spec && spec.get("syncResources") instanceof ArrayNode items) {
      for (JsonNode item : items) {
        if (item instanceof ObjectNode entry) {
          lowerCase(entry.get("resources"));
          lowerCase(entry.get("eventsInvolvedResources"));
        }
      }
    }
    return copy;
  }

  private static void lowerCase(JsonNode names) {
    if (names instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(array.get(i).textValue().toLowerCase(Locale.ROOT)));
        }
      }
    }
  }

  // ---- parts -------------------------------------------------------------------------------------------------

  private static void typeMeta(JsonNode object, RegistryKind kind, FieldErrors errors) {
    String apiVersion = errors.requiredString(object, "", "apiVersion");
    if (apiVersion != null && !apiVersion.equals(kind.apiVersion())) {
      errors.notSupported("apiVersion", apiVersion, kind.apiVersion());
    }
    String kindName = errors.requiredString(object, "", "kind");
    if (kindName != null && !kindName.equals(kind.kind())) {
      errors.notSupported("kind", kindName, kind.kind());
    }
  }

  private static void metadata(JsonNode object, FieldErrors errors) {
    JsonNode metadata = object.get("metadata");
    if (metadata == null || metadata.isNull()) {
      errors.required("metadata.name");
      return;
    }
    if (!metadata.isObject()) {
      errors.typeInvalid("metadata", "object", metadata);
      return;
    }
    errors.unknownFields(metadata, "metadata", METADATA);
    String name = errors.requiredString(metadata, "metadata", "name");
    if (name != null) {
      DnsNames.subdomainProblem(name).ifPresent(problem -> errors.invalid("metadata.name", name, problem));
    }
    for (String map : List.of("labels", "annotations")) {
      JsonNode node = metadata.get(map);
      if (node == null || node.isNull()) {
        continue;
      }
      if (!node.isObject()) {
        errors.typeInvalid("metadata." + map, "object", node);
        continue;
      }
      for (var entry : node.properties()) {
        if (!entry.getValue().isTextual()) {
          errors.typeInvalid("metadata." + map + "." + entry.getKey(), "string", entry.getValue());
        }
      }
    }
    JsonNode finalizers = metadata.get("finalizers");
    if (finalizers != null && !finalizers.isNull()) {
      stringList(finalizers, "metadata.finalizers", errors);
    }
  }

  private static void clusterSpec(JsonNode spec, FieldErrors errors) {
    errors.unknownFields(spec, "spec", CLUSTER_SPEC);
    String apiserver = errors.optionalString(spec, "spec", "apiserver");
    if (apiserver != null && !apiserver.isEmpty()) {
      serverUrlProblem(apiserver).ifPresent(problem -> {
        // A URL with user information may carry a password: name the problem, not the value.
        if (apiserver.contains("@")) {
          errors.invalidUnquoted("spec.apiserver", problem);
        } else {
          errors.invalid("spec.apiserver", apiserver, problem);
        }
      });
    }
    for (String field : BYTE_FIELDS) {
      String value = errors.optionalString(spec, "spec", field);
      if (value != null) {
        base64Problem(value).ifPresent(problem -> errors.invalidUnquoted("spec." + field, problem));
      }
    }
    errors.optionalBoolean(spec, "spec", "insecureSkipTLSVerify");
    errors.optionalBoolean(spec, "spec", "syncAllCustomResources");
    authenticationFrom(spec, errors);
    syncResources(spec, errors);
    String ref = errors.optionalString(spec, "spec", "syncResourcesRefName");
    if (ref != null && !ref.isEmpty()) {
      DnsNames.subdomainProblem(ref).ifPresent(problem -> errors.invalid("spec.syncResourcesRefName", ref, problem));
    }
    errors.optionalString(spec, "spec", "shardingName");
  }

  private static void authenticationFrom(JsonNode spec, FieldErrors errors) {
    JsonNode from = spec.get("authenticationFrom");
    if (from == null || from.isNull()) {
      return;
    }
    String path = "spec.authenticationFrom";
    if (!from.isObject()) {
      errors.typeInvalid(path, "object", from);
      return;
    }
    errors.unknownFields(from, path, Set.copyOf(AUTHENTICATION_SOURCES));
    for (String source : AUTHENTICATION_SOURCES) {
      JsonNode reference = from.get(source);
      if (reference == null || reference.isNull()) {
        continue;
      }
      String at = path + "." + source;
      if (!reference.isObject()) {
        errors.typeInvalid(at, "object", reference);
        continue;
      }
      errors.unknownFields(reference, at, SECRET_REFERENCE);
      String name = errors.requiredString(reference, at, "name");
      if (name != null && !SECRET_NAME.matcher(name).matches() && !SECRET_ARN.matcher(name).matches()) {
        errors.invalid(
            at + ".name",
            name,
            "must be a Secrets Manager secret name (1-512 letters, digits and /_+=.@-) or a secret's ARN");
      }
      String key = errors.optionalString(reference, at, "key");
      if ("".equals(key)) {
        errors.invalid(at + ".key", key, "must not be empty: omit key to use the whole secret string");
      }
    }
  }

  private static void syncResources(JsonNode spec, FieldErrors errors) {
    JsonNode items = spec.get("syncResources");
    String path = "spec.syncResources";
    if (items == null || items.isNull()) {
      errors.required(path);
      return;
    }
    if (!items.isArray()) {
      errors.typeInvalid(path, "array", items);
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      groupResources(items.get(i), path + "[" + i + "]", errors);
    }
  }

  private static void groupResources(JsonNode item, String path, FieldErrors errors) {
    if (!item.isObject()) {
      errors.typeInvalid(path, "object", item);
      return;
    }
    errors.unknownFields(item, path, GROUP_RESOURCES);
    String group = errors.optionalString(item, path, "group");
    JsonNode groupNode = item.get("group");
    if (groupNode == null || groupNode.isNull()) {
      errors.required(path + ".group");
    } else if (group != null && !group.isEmpty() && !group.equals("*")) {
      DnsNames.subdomainProblem(group).ifPresent(problem -> errors.invalid(path + ".group", group, problem));
    }

    JsonNode versions = item.get("versions");
    if (versions != null && !versions.isNull()) {
      List<String> list = stringList(versions, path + ".versions", errors);
      for (int i = 0; i < list.size(); i++) {
        String version = list.get(i);
        if (version != null && !version.equals("*")) {
          String at = path + ".versions[" + i + "]";
          DnsNames.dns1035LabelProblem(version).ifPresent(problem -> errors.invalid(at, version, problem));
        }
      }
    }

    JsonNode resources = item.get("resources");
    Set<String> resourceNames = new HashSet<>();
    boolean resourcesValid = false;
    if (resources == null || resources.isNull()) {
      errors.required(path + ".resources");
    } else if (!resources.isArray()) {
      errors.typeInvalid(path + ".resources", "array", resources);
    } else if (resources.isEmpty()) {
      errors.invalid(path + ".resources", "", "must have at least 1 item");
    } else {
      resourcesValid = true;
      List<String> list = stringList(resources, path + ".resources", errors);
      for (int i = 0; i < list.size(); i++) {
        String resource = list.get(i);
        if (resource == null) {
          resourcesValid = false;
        } else if (resource.isEmpty()) {
          errors.invalid(path + ".resources[" + i + "]", resource, "must be a resource name or \"*\"");
          resourcesValid = false;
        } else {
          resourceNames.add(resource.toLowerCase(Locale.ROOT));
        }
      }
    }
    if ("*".equals(group) && resourcesValid && !resourceNames.equals(Set.of("*"))) {
      errors.invalid(path + ".group", group, "the group wildcard \"*\" is only allowed with resources [\"*\"]");
    }

    JsonNode events = item.get("eventsInvolvedResources");
    if (events != null && !events.isNull()) {
      List<String> list = stringList(events, path + ".eventsInvolvedResources", errors);
      for (int i = 0; i < list.size(); i++) {
        String resource = list.get(i);
        if (resource == null || !resourcesValid) {
          continue;
        }
        if (!resource.equals("*") && !resourceNames.contains(resource.toLowerCase(Locale.ROOT))) {
          errors.invalid(
              path + ".eventsInvolvedResources[" + i + "]",
              resource,
              "must be \"*\" or one of this entry's resources");
        }
      }
    }
  }

  /** The strings of an array (null for an element that is not a string, reported); empty if it is not an array. */
  private static List<String> stringList(JsonNode node, String path, FieldErrors errors) {
    if (!node.isArray()) {
      errors.typeInvalid(path, "array", node);
      return List.of();
    }
    ArrayList<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (element.isTextual()) {
        out.add(element.textValue());
      } else {
        errors.typeInvalid(path + "[" + i + "]", "string", element);
        out.add(null);
      }
    }
    return out;
  }

  /**
   * Why {@code url} is not an apiserver URL ({@code https://host[:port][/path]} or {@code http://...}), or empty. Also
   * used for the servers of kubeconfigs.
   */
  public static Optional<String> serverUrlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("must be a URL such as https://host:6443");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
      return Optional.of("must be an https:// (or http://) URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain user information: give credentials in their own fields");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return Optional.of("must not have a query or fragment");
    }
    return Optional.empty();
  }

  /**
   * Why {@code value} is not base64 as Kubernetes decodes {@code []byte} fields (standard alphabet; line breaks are
   * ignored), or empty. The message names the position, never the content.
   */
  static Optional<String> base64Problem(String value) {
    try {
      decodeBase64(value);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("must be base64-encoded (standard alphabet)");
    }
  }

  /**
   * Decodes a {@code []byte} field as Go's {@code encoding/json} does: standard base64, line breaks ignored. Throws
   * {@link IllegalArgumentException} (whose message must not be shown: it may quote a character of the value).
   */
  public static byte[] decodeBase64(String value) {
    String compact = value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 ? value.replaceAll("[\r\n]", "") : value;
    return Base64.getDecoder().decode(compact);
  }

  /** An empty object of the kind, for builders and tests: {@code apiVersion}, {@code kind}, {@code metadata.name}. */
  public static ObjectNode skeleton(RegistryKind kind, String name) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("apiVersion", kind.apiVersion());
    o.put("kind", kind.kind());
    o.putObject("metadata").put("name", name);
    return o;
  }
}
