package io.cloudpedia.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.api.status.StatusCause;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Collects validation causes worded as Kubernetes' {@code field.Error}s ({@code Required value},
 * {@code Invalid value: "x": detail}, {@code Unsupported value: ...}), in the order they are found.
 */
final class FieldErrors {
  static final String REQUIRED = "FieldValueRequired";
  static final String INVALID = "FieldValueInvalid";
  static final String NOT_SUPPORTED = "FieldValueNotSupported";
  static final String TYPE_INVALID = "FieldValueTypeInvalid";

  private final List<StatusCause> causes = new ArrayList<>();

  List<StatusCause> causes() {
    return List.copyOf(causes);
  }

  void required(String field) {
    causes.add(new StatusCause(REQUIRED, "Required value", field));
  }

  /** {@code Invalid value: "value": detail}; {@code value} is quoted as Go's {@code %q} does. */
  void invalid(String field, String value, String detail) {
    causes.add(new StatusCause(INVALID, "Invalid value: " + quote(value) + ": " + detail, field));
  }

  /** For values that must not be echoed (secret material): {@code Invalid value: detail}. */
  void invalidUnquoted(String field, String detail) {
    causes.add(new StatusCause(INVALID, "Invalid value: " + detail, field));
  }

  void notSupported(String field, String value, String supported) {
    causes.add(
        new StatusCause(
            NOT_SUPPORTED, "Unsupported value: " + quote(value) + ": supported values: " + quote(supported), field));
  }

  /** As a CRD's schema validation reports a value of the wrong JSON type. */
  void typeInvalid(String field, String expected, JsonNode actual) {
    String type = typeName(actual);
    String where = field.isEmpty() ? "body" : field + " in body";
    causes.add(
        new StatusCause(
            TYPE_INVALID,
            "Invalid value: " + quote(type) + ": " + where + " must be of type " + expected + ": " + quote(type),
            field));
  }

  /** Every field of {@code object} not in {@code known} is an error, as kubectl's strict field validation makes it. */
  void unknownFields(JsonNode object, String path, Set<String> known) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String field = join(path, name);
        causes.add(new StatusCause(INVALID, "unknown field " + quote(field), field));
      }
    }
  }

  /**
   * The string at {@code object.name}, or null when it is absent or JSON null; adds a type error (and returns null)
   * when it is not a string.
   */
  String optionalString(JsonNode object, String path, String name) {
    JsonNode node = object.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      typeInvalid(join(path, name), "string", node);
      return null;
    }
    return node.textValue();
  }

  /**
   * The non-empty string at {@code object.name}; null (with a {@code Required value} cause) when it is absent, JSON
   * null or empty, or (with a type error) when it is not a string.
   */
  String requiredString(JsonNode object, String path, String name) {
    JsonNode node = object.get(name);
    if (node != null && !node.isNull() && !node.isTextual()) {
      typeInvalid(join(path, name), "string", node);
      return null;
    }
    if (node == null || node.isNull() || node.textValue().isEmpty()) {
      required(join(path, name));
      return null;
    }
    return node.textValue();
  }

  /** Adds a type error when {@code object.name} is present and not a boolean. */
  void optionalBoolean(JsonNode object, String path, String name) {
    JsonNode node = object.get(name);
    if (node != null && !node.isNull() && !node.isBoolean()) {
      typeInvalid(join(path, name), "boolean", node);
    }
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String typeName(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isIntegralNumber()) {
      return "integer";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isArray()) {
      return "array";
    }
    return node.isObject() ? "object" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  /** Go's {@code %q}: double quotes, with backslash escapes for quotes, backslashes and control characters. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
