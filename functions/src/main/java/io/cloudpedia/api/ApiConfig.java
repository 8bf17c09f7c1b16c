package io.cloudpedia.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the read API (docs/configuration.md).
 *
 * @param defaultLimit page size when the client gives no {@code limit} (Kubernetes would return everything, which a
 *     Lambda response cannot hold: the page ends with a continue token instead)
 * @param pageByteBudget a page stops once its items' JSON exceeds this; keeps every response under Lambda's 6 MB
 * @param continueTokenTtl how long a continue token may be used
 */
public record ApiConfig(int defaultLimit, long pageByteBudget, Duration continueTokenTtl) {
  /** 4 MiB of items: base64 of that (the Lambda body encoding) plus the envelope stays under 6 MB. */
  public static final long DEFAULT_PAGE_BYTE_BUDGET = 4L * 1024 * 1024;

  public static final ApiConfig DEFAULTS =
      new ApiConfig(10_000, DEFAULT_PAGE_BYTE_BUDGET, Duration.ofMinutes(15));

  public ApiConfig {
    Objects.requireNonNull(continueTokenTtl, "continueTokenTtl");
    if (defaultLimit < 1 || defaultLimit > 10_000) {
      throw new IllegalArgumentException("the default page size must be between 1 and 10000");
    }
    if (pageByteBudget < 1) {
      throw new IllegalArgumentException("the page byte budget must be positive");
    }
  }

  public ApiConfig withPageByteBudget(long bytes) {
    return new ApiConfig(defaultLimit, bytes, continueTokenTtl);
  }
}
