package io.cloudpedia.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Renders a metav1.LabelSelector the way labels.Selector.String() does: requirements sorted by key. */
final class Selectors {
  private Selectors() {}

  /** LabelSelectorAsSelector(...).String(): "" for an empty or absent selector. */
  static String format(JsonNode selector) {
    List<String[]> reqs = new ArrayList<>(); // key, rendered
    for (Map.Entry<String, String> e : Obj.map(selector, "matchLabels").entrySet()) {
      reqs.add(new String[] {e.getKey(), e.getKey() + "=" + e.getValue()});
    }
    for (JsonNode expr : Obj.list(selector, "matchExpressions")) {
      String key = Obj.str(expr, "key");
      TreeSet<String> values = new TreeSet<>();
      Obj.list(expr, "values").forEach(v -> values.add(v.asText()));
      String op = Obj.str(expr, "operator");
      String rendered;
      switch (op) {
        case "In":
          rendered = key + " in (" + String.join(",", values) + ")";
          break;
        case "NotIn":
          rendered = key + " notin (" + String.join(",", values) + ")";
          break;
        case "Exists":
          rendered = key;
          break;
        case "DoesNotExist":
          rendered = "!" + key;
          break;
        default:
          rendered = key + " " + op;
      }
      reqs.add(new String[] {key, rendered});
    }
    // Stable sort by key keeps matchLabels before expressions on the same key, like the Go sort.
    reqs.sort((a, b) -> a[0].compareTo(b[0]));
    List<String> out = new ArrayList<>();
    reqs.forEach(r -> out.add(r[1]));
    return String.join(",", out);
  }

  /** metav1.FormatLabelSelector: as {@link #format} but "&lt;none&gt;" when empty. */
  static String formatOrNone(JsonNode selector) {
    return Obj.orNone(format(selector));
  }
}
