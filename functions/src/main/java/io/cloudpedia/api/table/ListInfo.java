package io.cloudpedia.api.table;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** The list metadata a Table keeps from the list it renders: resourceVersion, continue, remainingItemCount. */
public record ListInfo(String resourceVersion, Optional<String> continueToken, OptionalLong remainingItemCount) {
  public static final ListInfo EMPTY = new ListInfo("", Optional.empty(), OptionalLong.empty());

  public ListInfo {
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(continueToken, "continueToken");
    Objects.requireNonNull(remainingItemCount, "remainingItemCount");
  }

  public static ListInfo of(String resourceVersion, String continueToken, Long remainingItemCount) {
    return new ListInfo(
        resourceVersion == null ? "" : resourceVersion,
        Optional.ofNullable(continueToken).filter(c -> !c.isEmpty()),
        remainingItemCount == null ? OptionalLong.empty() : OptionalLong.of(remainingItemCount));
  }
}
