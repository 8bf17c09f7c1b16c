package io.cloudpedia.api.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Content negotiation for aggregated discovery ({@code apidiscovery.k8s.io}, KEP-3352). A client asks for it with a
 * media range {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}; anything else (plain
 * JSON, {@code *}{@code /*}) gets the legacy document, as from the apiserver.
 */
final class AggregatedMediaType {
  static final String GROUP = "apidiscovery.k8s.io";
  static final String LIST_KIND = "APIGroupDiscoveryList";
  /** Served versions; v2 is GA since Kubernetes 1.30, v2beta1 is what 1.26–1.29 clients ask for. */
  static final Set<String> VERSIONS = Set.of("v2", "v2beta1");

  private AggregatedMediaType() {}

  /**
   * The aggregated version the Accept header asks for: the highest-q matching range, client order among equal q
   * (stable sort), ranges with q=0 refused. Protobuf ranges are skipped because only JSON is served.
   */
  static Optional<String> negotiate(String acceptHeader) {
    if (acceptHeader == null || acceptHeader.isBlank()) {
      return Optional.empty();
    }
    List<MediaRange> ranges = new ArrayList<>();
    for (String part : acceptHeader.split(",")) {
      MediaRange.parse(part).ifPresent(ranges::add);
    }
    ranges.sort(Comparator.comparingDouble(MediaRange::q).reversed());
    return ranges.stream()
        .filter(r -> r.q() > 0)
        .map(AggregatedMediaType::aggregatedVersion)
        .flatMap(Optional::stream)
        .findFirst();
  }

  static String contentType(String version) {
    if (!VERSIONS.contains(version)) {
      throw new IllegalArgumentException("unsupported aggregated discovery version '" + version + "'");
    }
    return "application/json;g=" + GROUP + ";v=" + version + ";as=" + LIST_KIND;
  }

  private static Optional<String> aggregatedVersion(MediaRange range) {
    if (!range.type().equals("application/json")) {
      return Optional.empty();
    }
    Map<String, String> p = range.parameters();
    String version = p.get("v");
    if (GROUP.equals(p.get("g")) && LIST_KIND.equals(p.get("as")) && VERSIONS.contains(version)) {
      return Optional.of(version);
    }
    return Optional.empty();
  }

  /** One media range: lowercased type/subtype, parameters by lowercased name (values kept as sent), q. */
  private record MediaRange(String type, Map<String, String> parameters, double q) {
    static Optional<MediaRange> parse(String text) {
      String[] pieces = text.split(";");
      String type = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        return Optional.empty();
      }
      Map<String, String> parameters = new TreeMap<>();
      double q = 1.0;
      for (int i = 1; i < pieces.length; i++) {
        int eq = pieces[i].indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = pieces[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = unquote(pieces[i].substring(eq + 1).trim());
        if (name.equals("q")) {
          q = parseQ(value);
        } else {
          parameters.put(name, value);
        }
      }
      return Optional.of(new MediaRange(type, Map.copyOf(parameters), q));
    }

    private static String unquote(String value) {
      return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
          ? value.substring(1, value.length() - 1)
          : value;
    }

    /** A malformed q is treated as q=0 (not acceptable) rather than trusted. */
    private static double parseQ(String value) {
      try {
        double q = Double.parseDouble(value);
        return q >= 0 && q <= 1 ? q : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }
}
