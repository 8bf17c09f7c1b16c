package io.cloudpedia.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.testing.Emf;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** What ApiFunction runs before a SnapStart snapshot answers like real requests, and counts for no one. */
@EnabledIfEnvironmentVariable(named = "AWS_EMF_ENVIRONMENT", matches = "Local")
class ApiPrimingTest {

  @Test
  void everyPrimingRequestSucceedsAndWritesNoMetrics() {
    List<Integer>[] codes = new List[1];
    var documents = Emf.capture(() -> codes[0] = ApiPriming.run());

    assertThat(codes[0]).hasSize(7).containsOnly(200);
    assertThat(documents).as("priming requests are no one's: no metrics").isEmpty();
  }
}
