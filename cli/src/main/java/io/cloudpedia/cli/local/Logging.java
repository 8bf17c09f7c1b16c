package io.cloudpedia.cli.local;

import java.nio.file.Path;

/**
 * Sends the local mode's logs to a file, so that the console shows only the progress display: set before any logger
 * is created (log4j2.xml reads these properties).
 */
final class Logging {
  private Logging() {}

  static void toFile(Path file) {
    System.setProperty("cloudpedia.log.file", file.toString());
    System.setProperty("cloudpedia.log.console.level", "OFF");
  }
}
