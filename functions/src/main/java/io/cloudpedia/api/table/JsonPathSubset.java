package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simple JSONPath that CRD additionalPrinterColumns allow: {@code .a.b}, {@code .a[0].b}, {@code .a['x.y']},
 * optionally wrapped in {@code {}}. Anything else (filters, wildcards, ranges) is rejected at parse time.
 */
final class JsonPathSubset {
  private final List<Object> steps; // String field or Integer index

  private JsonPathSubset(List<Object> steps) {
    this.steps = steps;
  }

  static Optional<JsonPathSubset> parse(String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    List<Object> steps = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int j = i + 1;
        while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
          j++;
        }
        String field = p.substring(i + 1, j);
        if (field.isEmpty() || field.equals("*")) {
          return Optional.empty();
        }
        steps.add(field);
        i = j;
      } else if (c == '[') {
        int close = p.indexOf(']', i);
        if (close < 0) {
          return Optional.empty();
        }
        String inner = p.substring(i + 1, close).trim();
        if (inner.length() >= 2
            && (inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))) {
          steps.add(inner.substring(1, inner.length() - 1));
        } else if (inner.matches("\\d+")) {
          steps.add(Integer.valueOf(inner));
        } else {
          return Optional.empty();
        }
        i = close + 1;
      } else {
        return Optional.empty();
      }
    }
    return steps.isEmpty() ? Optional.empty() : Optional.of(new JsonPathSubset(steps));
  }

  /** The value at the path; missing or null when absent. */
  JsonNode read(JsonNode root) {
    JsonNode n = root;
    for (Object step : steps) {
      if (n == null || n.isMissingNode()) {
        return MissingNode.getInstance();
      }
      n = step instanceof Integer ? n.path((Integer) step) : n.path((String) step);
    }
    return n;
  }
}
