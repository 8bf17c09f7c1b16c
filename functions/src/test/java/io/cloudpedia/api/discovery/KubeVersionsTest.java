package io.cloudpedia.api.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeVersionsTest {
  @Test
  void gaBeforeBetaBeforeAlphaThenHigherNumbersThenOtherStringsAlphabetically() {
    List<String> versions =
        new ArrayList<>(List.of("foo", "v1alpha1", "v1", "v2beta1", "v11alpha2", "v1beta2", "v2", "v10", "bar",
            "v12alpha1", "v1beta1", "v3beta1", "v1alpha", "v1alpha10"));

    versions.sort(KubeVersions.PRIORITY);

    // Numbers compare as numbers (v1alpha10 before v1alpha1); "v1alpha" has no number, so it is not kube-like.
    assertThat(versions)
        .containsExactly("v10", "v2", "v1", "v3beta1", "v2beta1", "v1beta2", "v1beta1", "v12alpha1", "v11alpha2",
            "v1alpha10", "v1alpha1", "bar", "foo", "v1alpha");
  }

  @Test
  void overflowingNumbersAreNotKubeLike() {
    assertThat(KubeVersions.compare("v1", "v99999999999")).isPositive();
    assertThat(KubeVersions.compare("v99999999999", "v1")).isNegative();
    assertThat(KubeVersions.compare("v1", "v1")).isZero();
  }
}
