package io.cloudpedia.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

  private static String d(Duration duration) {
    return HumanDuration.format(duration);
  }

  @Test
  void secondsUpToTwoMinutes() {
    assertThat(d(Duration.ofSeconds(0))).isEqualTo("0s");
    assertThat(d(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(d(Duration.ofSeconds(119))).isEqualTo("119s");
  }

  @Test
  void minutesWithSecondsBelowTenMinutesThenWholeMinutesBelowThreeHours() {
    assertThat(d(Duration.ofSeconds(120))).isEqualTo("2m");
    assertThat(d(Duration.ofSeconds(182))).isEqualTo("3m2s");
    assertThat(d(Duration.ofSeconds(599))).isEqualTo("9m59s");
    assertThat(d(Duration.ofMinutes(45).plusSeconds(30))).isEqualTo("45m");
    assertThat(d(Duration.ofMinutes(179))).isEqualTo("179m");
  }

  @Test
  void hoursWithMinutesBelowEightHoursThenWholeHoursBelowTwoDays() {
    assertThat(d(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(d(Duration.ofHours(5).plusMinutes(3))).isEqualTo("5h3m");
    assertThat(d(Duration.ofHours(8).plusMinutes(59))).isEqualTo("8h");
    assertThat(d(Duration.ofHours(47))).isEqualTo("47h");
  }

  @Test
  void daysWithHoursBelowEightDaysThenDaysThenYears() {
    assertThat(d(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(d(Duration.ofHours(51))).isEqualTo("2d3h");
    assertThat(d(Duration.ofDays(45))).isEqualTo("45d");
    assertThat(d(Duration.ofDays(729))).isEqualTo("729d");
    assertThat(d(Duration.ofDays(365 * 2 + 3))).isEqualTo("2y3d");
    assertThat(d(Duration.ofDays(365 * 3))).isEqualTo("3y");
    assertThat(d(Duration.ofDays(365 * 9 + 100))).isEqualTo("9y");
  }

  @Test
  void smallClockSkewIsNowAndLargerIsInvalid() {
    assertThat(d(Duration.ofMillis(-1500))).isEqualTo("0s");
    assertThat(d(Duration.ofSeconds(-1))).isEqualTo("0s");
    assertThat(d(Duration.ofSeconds(-3))).isEqualTo("<invalid>");
  }

  @Test
  void sinceWithoutTimestampIsUnknown() {
    assertThat(HumanDuration.since(Optional.empty(), Instant.EPOCH)).isEqualTo("<unknown>");
  }
}
