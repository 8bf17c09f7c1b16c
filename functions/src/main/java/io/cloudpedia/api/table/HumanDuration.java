package io.cloudpedia.api.table;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** kubectl's {@code duration.HumanDuration}: "5s", "3m2s", "45m", "5h3m", "2d3h", "45d", "2y3d", "9y". */
public final class HumanDuration {
  private HumanDuration() {}

  public static String format(Duration d) {
    // Whole seconds truncated toward zero, as Go's int(d.Seconds()): -1.5s is -1s.
    long seconds = d.getSeconds() < 0 && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
    // Up to 2s in the future is clock skew and reads as "now".
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
    }
    return (hours / 24 / 365) + "y";
  }

  /** The age of a timestamp at {@code now}, or "&lt;unknown&gt;" when there is none (kubectl's translateTimestampSince). */
  public static String since(Optional<Instant> timestamp, Instant now) {
    return timestamp.map(t -> format(Duration.between(t, now))).orElse("<unknown>");
  }
}
