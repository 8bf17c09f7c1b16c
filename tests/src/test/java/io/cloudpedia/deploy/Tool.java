package io.cloudpedia.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real command-line tool (kubectl, python3, ...) run to completion: its output goes to a file, so a chatty tool can
 * never block on a full pipe. A missing tool fails the test with how to install it; it is never skipped silently.
 */
final class Tool {
  /** The repository root: Surefire runs the tests module's tests in tests/. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Result(int exitCode, String output) {}

  private Tool() {}

  static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout,
      String installHint) {
    try {
      File output = File.createTempFile("tool", ".txt");
      output.deleteOnExit();
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output);
      builder.environment().putAll(environment);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return fail(command.get(0) + " could not be started (" + e.getMessage() + "): " + installHint);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
