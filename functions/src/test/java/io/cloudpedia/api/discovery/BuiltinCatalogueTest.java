package io.cloudpedia.api.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinCatalogueTest {
  @Test
  void knowsKubectlShortNamesAndCategories() {
    assertThat(BuiltinCatalogue.find("", "pods").orElseThrow().shortNames()).containsExactly("po");
    assertThat(BuiltinCatalogue.find("apps", "deployments").orElseThrow().categories()).containsExactly("all");
    assertThat(BuiltinCatalogue.find("batch", "jobs").orElseThrow().shortNames()).isEmpty();
    assertThat(BuiltinCatalogue.find("batch", "jobs").orElseThrow().categories()).containsExactly("all");
    assertThat(BuiltinCatalogue.find("apiextensions.k8s.io", "customresourcedefinitions").orElseThrow().shortNames())
        .containsExactly("crd", "crds");
    assertThat(BuiltinCatalogue.find("events.k8s.io", "events").orElseThrow().shortNames()).containsExactly("ev");
    assertThat(BuiltinCatalogue.find("", "endpoints").orElseThrow().singularName()).isEqualTo("endpoints");
    assertThat(BuiltinCatalogue.find("", "nodes").orElseThrow().namespaced()).isFalse();
    assertThat(BuiltinCatalogue.find("example.com", "widgets")).isEmpty();
  }

  @Test
  void shortNamesAreUniqueExceptForTheTwoEventsTypes() {
    // kubectl resolves a short name to one type; a typo duplicating one would silently shadow another.
    Map<String, String> seen = new HashMap<>();
    for (BuiltinResource r : BuiltinCatalogue.entries()) {
      for (String shortName : r.shortNames()) {
        String previous = seen.put(shortName, r.group() + "/" + r.resource());
        if (previous != null) {
          assertThat(shortName).as("duplicate short name %s (%s)", shortName, previous).isEqualTo("ev");
        }
      }
      assertThat(r.singularName()).isEqualTo(r.kind().toLowerCase(Locale.ROOT));
      assertThat(r.resource()).isEqualTo(r.resource().toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void builtinGroupsIncludeCoreAndApps() {
    assertThat(BuiltinCatalogue.isBuiltinGroup("")).isTrue();
    assertThat(BuiltinCatalogue.isBuiltinGroup("apps")).isTrue();
    assertThat(BuiltinCatalogue.isBuiltinGroup("example.com")).isFalse();
  }
}
