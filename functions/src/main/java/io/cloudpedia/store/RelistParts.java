package io.cloudpedia.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The rules both {@link SyncStateStore} implementations use to decide that a relist's key set is complete. */
public final class RelistParts {
  private RelistParts() {}

  /** How long a part is kept if its relist never completes or is not its type's newest completed relist. */
  public static final Duration PART_TTL = Duration.ofDays(1);

  /**
   * Every part, by part number, once parts {@code 0..parts-1} are all present (duplicates count once); else empty.
   * {@code parts} is taken from the part just written.
   */
  public static Optional<List<RelistPart>> complete(Collection<RelistPart> kept, int parts) {
    TreeMap<Integer, RelistPart> byNumber = new TreeMap<>();
    for (RelistPart part : kept) {
      if (part.part() < parts) {
        byNumber.putIfAbsent(part.part(), part);
      }
    }
    if (byNumber.size() < parts) {
      return Optional.empty();
    }
    List<RelistPart> all = new ArrayList<>(byNumber.values());
    all.sort(Comparator.comparingInt(RelistPart::part));
    return Optional.of(List.copyOf(all));
  }

  /** The distinct keys of the parts, unmodifiable. */
  public static Set<String> keys(Collection<RelistPart> parts) {
    Set<String> keys = new HashSet<>();
    parts.forEach(part -> keys.addAll(part.keys()));
    return Collections.unmodifiableSet(keys);
  }
}
