package io.cloudpedia.api.search;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes' validation of label keys (qualified names) and label values, as in apimachinery's validation.go. */
final class Names {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final int MAX_NAME = 63;
  static final int MAX_PREFIX = 253;

  private Names() {}

  /** Why {@code key} is not a qualified name ({@code [prefix/]name}), or empty if it is one. */
  static Optional<String> qualifiedNameProblem(String key) {
    String[] parts = key.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      if (prefix.isEmpty()) {
        return Optional.of("prefix part must be non-empty");
      }
      if (prefix.length() > MAX_PREFIX) {
        return Optional.of("prefix part must be no more than " + MAX_PREFIX + " characters");
      }
      if (!DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        return Optional.of("prefix part must be a lowercase DNS subdomain (e.g. 'example.com')");
      }
      name = parts[1];
    } else {
      return Optional.of("a qualified name must consist of an optional DNS prefix, one '/', and a name");
    }
    if (name.isEmpty()) {
      return Optional.of("name part must be non-empty");
    }
    if (name.length() > MAX_NAME) {
      return Optional.of("name part must be no more than " + MAX_NAME + " characters");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of(
          "name part must consist of alphanumeric characters, '-', '_' or '.', "
              + "and must start and end with an alphanumeric character");
    }
    return Optional.empty();
  }

  /** Why {@code value} is not a label value (empty, or at most 63 name characters), or empty if it is one. */
  static Optional<String> labelValueProblem(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > MAX_NAME) {
      return Optional.of("a label value must be no more than " + MAX_NAME + " characters");
    }
    if (!NAME.matcher(value).matches()) {
      return Optional.of(
          "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', "
              + "and must start and end with an alphanumeric character");
    }
    return Optional.empty();
  }
}
