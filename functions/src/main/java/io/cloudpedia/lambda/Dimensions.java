package io.cloudpedia.lambda;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;

/**
 * Dimension sets that include the default ones. Inside {@link Metrics#flushMetrics} (one EMF document of its own),
 * Powertools 2.9 writes the default dimensions ({@code Service}) as a set of their own and each added set alone, not
 * merged: {@code addDimension(DimensionSet.of("Route", r))} gives {@code [[Service], [Route]]}. The alarms and the
 * dashboard read {@code [Service, Route]}, so the sets are built with the defaults in them.
 */
public final class Dimensions {
  private Dimensions() {}

  /** The document's default dimensions plus {@code name = value}. */
  public static DimensionSet withDefaults(Metrics metrics, String name, String value) {
    Map<String, String> dimensions = new LinkedHashMap<>(metrics.getDefaultDimensions().getDimensions());
    dimensions.put(name, value);
    return DimensionSet.of(dimensions);
  }
}
