package io.cloudpedia.api.discovery;

import java.util.List;
import java.util.Locale;

/**
 * A synced type with the names discovery advertises for it: the catalogue's for a built-in, and for a custom
 * resource the apiserver's defaults for a CRD that sets none (singular = lowercased kind, no short names or
 * categories), because agents do not report a CRD's names.
 */
record ServedResource(
    SyncedType synced, String singularName, List<String> shortNames, List<String> categories, boolean builtin) {

  ServedResource {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
  }

  static ServedResource of(SyncedType synced) {
    return BuiltinCatalogue.find(synced.type().group(), synced.type().resource())
        .map(b -> new ServedResource(synced, b.singularName(), b.shortNames(), b.categories(), true))
        .orElseGet(
            () ->
                new ServedResource(
                    synced, synced.kind().toLowerCase(Locale.ROOT), List.of(), List.of(), false));
  }

  String resource() {
    return synced.type().resource();
  }
}
