package io.cloudpedia.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes' DNS name rules (apimachinery's validation.go), with its messages. */
final class DnsNames {
  static final int MAX_SUBDOMAIN = 253;
  static final int MAX_LABEL = 63;

  private static final String SUBDOMAIN_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_REGEX);
  private static final String DNS1035_REGEX = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1035 = Pattern.compile(DNS1035_REGEX);

  private DnsNames() {}

  /** Why {@code value} is not a lowercase RFC 1123 subdomain, or empty if it is one. */
  static Optional<String> subdomainProblem(String value) {
    if (value.length() > MAX_SUBDOMAIN) {
      return Optional.of("must be no more than " + MAX_SUBDOMAIN + " characters");
    }
    if (!SUBDOMAIN.matcher(value).matches()) {
      return Optional.of(
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must"
              + " start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
              + SUBDOMAIN_REGEX
              + "')");
    }
    return Optional.empty();
  }

  /** Why {@code value} is not an RFC 1035 label (what API versions are), or empty if it is one. */
  static Optional<String> dns1035LabelProblem(String value) {
    if (value.length() > MAX_LABEL) {
      return Optional.of("must be no more than " + MAX_LABEL + " characters");
    }
    if (!DNS1035.matcher(value).matches()) {
      return Optional.of(
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic"
              + " character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for"
              + " validation is '"
              + DNS1035_REGEX
              + "')");
    }
    return Optional.empty();
  }
}
