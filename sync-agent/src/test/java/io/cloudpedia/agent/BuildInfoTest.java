package io.cloudpedia.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theBuildFilledInItsVersionDateAndCommit() {
        BuildInfo build = BuildInfo.current();

        // The POM's version, through the filtered build-info.properties.
        assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(build.buildDate()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        // git rev-parse HEAD at build time, or unknown when built outside a checkout (the Docker build context).
        assertThat(build.gitCommit()).matches("[0-9a-f]{40}|" + BuildInfo.UNKNOWN);
        assertThat(build.javaVersion()).isEqualTo(Runtime.version().toString());
    }

    @Test
    void valuesTheBuildCouldNotFillInAreUnknown() throws Exception {
        Properties unfiltered = new Properties();
        unfiltered.load(new StringReader("version=${project.version}\ngit.commit=\n"));

        BuildInfo build = BuildInfo.from(unfiltered, "21.0.1+12");

        assertThat(build).isEqualTo(new BuildInfo(BuildInfo.UNKNOWN, BuildInfo.UNKNOWN, BuildInfo.UNKNOWN,
                "21.0.1+12"));
    }

    @Test
    void filledValuesAreKept() throws Exception {
        Properties filtered = new Properties();
        filtered.load(new StringReader(
                "version=1.2.3\ngit.commit=0123456789abcdef0123456789abcdef01234567\nbuild.date=2026-01-02T03:04:05Z\n"));

        assertThat(BuildInfo.from(filtered, "17.0.9"))
                .isEqualTo(new BuildInfo("1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-01-02T03:04:05Z",
                        "17.0.9"));
    }
}
