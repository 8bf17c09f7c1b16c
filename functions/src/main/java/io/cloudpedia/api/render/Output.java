package io.cloudpedia.api.render;

import io.cloudpedia.api.status.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What representation the client asked for, from its {@code Accept} header: the objects themselves, a
 * {@code meta.k8s.io} Table (what kubectl asks for human output), or {@code PartialObjectMetadata[List]}.
 *
 * @param metaVersion {@code v1} or {@code v1beta1} for a Table or metadata; {@code ""} for objects
 */
public record Output(Kind kind, String metaVersion) {
  public enum Kind {
    OBJECT,
    TABLE,
    PARTIAL_METADATA
  }

  public static final Output OBJECT = new Output(Kind.OBJECT, "");

  /**
   * A 200 answer with {@code table} (built as {@code meta.k8s.io/v1}) in the Table version this output asked for.
   */
  public io.cloudpedia.api.http.ApiResponse tableResponse(com.fasterxml.jackson.databind.node.ObjectNode table,
      List<String> warnings) {
    if (!metaVersion.equals("v1")) {
      table.put("apiVersion", "meta.k8s.io/" + metaVersion);
    }
    return io.cloudpedia.api.http.ApiResponse.of(200, io.cloudpedia.api.http.ApiResponse.JSON,
        ListBodies.bytes(table), warnings);
  }

  /**
   * The first media range the client accepts that the server can answer, in order of quality then of appearance.
   * Protobuf and YAML are skipped (JSON is always offered by Kubernetes clients); nothing acceptable is a 406.
   */
  public static Output negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return OBJECT;
    }
    List<Range> ranges = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      ranges.add(Range.parse(parts[i], i));
    }
    ranges.sort(Comparator.comparingDouble((Range r) -> -r.q).thenComparingInt(r -> r.position));
    for (Range r : ranges) {
      if (r.q <= 0 || !(r.type.equals("application/json") || r.type.equals("*/*") || r.type.equals("application/*"))) {
        continue;
      }
      if (r.as.isEmpty()) {
        return OBJECT;
      }
      boolean meta = r.group.equals("meta.k8s.io") && (r.version.equals("v1") || r.version.equals("v1beta1"));
      if (!meta) {
        continue;
      }
      switch (r.as) {
        case "Table":
          return new Output(Kind.TABLE, r.version);
        case "PartialObjectMetadata":
        case "PartialObjectMetadataList":
          return new Output(Kind.PARTIAL_METADATA, r.version);
        default:
          break;
      }
    }
    throw new ApiException(
        "NotAcceptable", 406, "only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io");
  }

  private record Range(String type, String as, String version, String group, double q, int position) {
    static Range parse(String text, int position) {
      String[] params = text.split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      String as = "";
      String version = "";
      String group = "";
      double q = 1.0;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        int eq = p.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = p.substring(eq + 1).trim();
        switch (name) {
          case "as" -> as = value;
          case "v" -> version = value;
          case "g" -> group = value;
          case "q" -> {
            try {
              q = Double.parseDouble(value);
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
          default -> { }
        }
      }
      return new Range(type, as, version, group, q, position);
    }
  }
}
