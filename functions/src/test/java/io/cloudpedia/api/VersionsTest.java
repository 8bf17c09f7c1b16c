package io.cloudpedia.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.json.Json;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code /version} keeps the Kubernetes fields kubectl reads (client-go's version.Info: all strings) and adds
 * Cloudpedia's build under {@code cloudpedia}, from the resource Maven filtered.
 */
class VersionsTest {

  @Test
  void kubernetesFieldsStayAndTheBuildIsFilledInByMaven() {
    JsonNode v = Json.mapper().valueToTree(Versions.version());

    for (String field : new String[] {"major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate",
        "goVersion", "compiler", "platform"}) {
      assertThat(v.path(field).isTextual()).as("%s is a string, as version.Info has it", field).isTrue();
    }
    assertThat(v.path("gitVersion").asText()).matches("v1\\.\\d+\\.0\\+cloudpedia");
    JsonNode build = v.path("cloudpedia");
    assertThat(build.path("version").asText()).as("the Maven project version").matches("\\d+\\.\\d+\\.\\d+.*");
    // Built from a git checkout here: the commit `git rev-parse HEAD` gave at build time.
    assertThat(build.path("gitCommit").asText()).matches("[0-9a-f]{40}");
    assertThat(build.path("buildDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(build.path("javaVersion").asText()).isEqualTo(Runtime.version().toString());
    assertThat(v.path("gitCommit").asText()).isEqualTo(build.path("gitCommit").asText());
    assertThat(v.path("buildDate").asText()).isEqualTo(build.path("buildDate").asText());
  }

  @Test
  void valuesTheBuildDidNotFillInAreUnknown() {
    Properties unfiltered = new Properties();
    unfiltered.setProperty("version", "0.1.0");
    unfiltered.setProperty("git.commit", "${git.commit.id}");
    unfiltered.setProperty("build.date", "");

    Versions.Build build = Versions.from(unfiltered);

    assertThat(build).isEqualTo(new Versions.Build("0.1.0", "unknown", "unknown"));
  }
}
