package io.cloudpedia.store;

import java.util.List;
import java.util.Objects;

/**
 * Which objects of a (cluster, type[, namespace]) range a list reads. Whatever the selection, a page is in key order
 * and {@link Page#next()} works the same; a selection only decides what the store reads, so that the cost of a list
 * grows with its answer, not with the partition.
 */
public sealed interface Selection permits Selection.All, Selection.LabelIn, Selection.NameIn {

  static Selection all() {
    return All.INSTANCE;
  }

  /** Every object of the range. */
  enum All implements Selection {
    INSTANCE
  }

  /**
   * Objects whose label {@code key} has one of {@code values}, read through the store's index of that key. Only for
   * keys in {@link ResourceStore#indexedLabels()}; other keys are an {@link IllegalArgumentException}.
   */
  record LabelIn(String key, List<String> values) implements Selection {
    public LabelIn {
      Objects.requireNonNull(key, "key");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a label selection needs at least one value");
      }
    }
  }

  /** Objects with one of these names (in the request's namespace, or in any namespace), read by name. */
  record NameIn(List<String> names) implements Selection {
    public NameIn {
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a name selection needs at least one name");
      }
    }
  }
}
