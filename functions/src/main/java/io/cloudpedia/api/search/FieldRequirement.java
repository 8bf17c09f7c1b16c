package io.cloudpedia.api.search;

import java.util.List;
import java.util.Objects;

/**
 * One term of a {@link FieldSelector}: a JSON path into the object, {@link Operator#EQUALS} or
 * {@link Operator#NOT_EQUALS}, and the value compared as text.
 *
 * @param path the path segments, e.g. {@code [metadata, annotations, a.b/c]}
 * @param operator {@code EQUALS} ({@code =} or {@code ==}) or {@code NOT_EQUALS}
 * @param value the wanted text, unescaped
 */
public record FieldRequirement(List<String> path, Operator operator, String value) {
  public FieldRequirement {
    path = List.copyOf(path);
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a field path has at least one segment");
    }
    if (operator != Operator.EQUALS && operator != Operator.NOT_EQUALS) {
      throw new IllegalArgumentException("field selectors support only = and !=, not " + operator);
    }
  }

  /**
   * The path as text: segments joined by {@code .}, a segment that holds a {@code .} written as {@code ['a.b/c']}.
   * So {@code spec.nodeName}, {@code metadata.annotations['a.b/c']}.
   */
  public String field() {
    StringBuilder b = new StringBuilder();
    for (String s : path) {
      if (s.indexOf('.') >= 0) {
        b.append("['").append(s).append("']");
      } else {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(s);
      }
    }
    return b.toString();
  }

  /** Canonical text, with {@code \}, {@code ,} and {@code =} in the value escaped by a backslash. */
  @Override
  public String toString() {
    String escaped = value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    return field() + operator.symbol() + escaped;
  }
}
