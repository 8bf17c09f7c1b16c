package io.cloudpedia.api.search;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One requirement of a {@link LabelSelector}: a key, an operator and its values (in the order written, duplicates
 * removed). Exists and does-not-exist have no values; {@code =}, {@code !=}, {@code >}, {@code <} have one;
 * {@code in} and {@code notin} have one or more.
 */
public record Requirement(String key, Operator operator, List<String> values) {
  public Requirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  /**
   * Kubernetes semantics: {@code !=} and {@code notin} also match objects without the key; {@code >} and {@code <}
   * match only when the label holds an integer.
   */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.get(key);
    switch (operator) {
      case EXISTS:
        return actual != null;
      case DOES_NOT_EXIST:
        return actual == null;
      case EQUALS:
      case IN:
        return actual != null && values.contains(actual);
      case NOT_EQUALS:
      case NOT_IN:
        return actual == null || !values.contains(actual);
      case GREATER_THAN:
      case LESS_THAN:
        return actual != null && compares(actual);
      default:
        throw new IllegalStateException("unknown operator " + operator);
    }
  }

  private boolean compares(String actual) {
    long have;
    try {
      have = Long.parseLong(actual);
    } catch (NumberFormatException e) {
      return false;
    }
    long want = Long.parseLong(values.get(0));
    return operator == Operator.GREATER_THAN ? have > want : have < want;
  }

  /** Canonical text: {@code k}, {@code !k}, {@code k=v}, {@code k!=v}, {@code k>1}, {@code k in (a,b)} (values sorted). */
  @Override
  public String toString() {
    switch (operator) {
      case EXISTS:
        return key;
      case DOES_NOT_EXIST:
        return "!" + key;
      case IN:
      case NOT_IN:
        return key + " " + operator.symbol() + " ("
            + values.stream().sorted().collect(Collectors.joining(",")) + ")";
      default:
        return key + operator.symbol() + values.get(0);
    }
  }
}
