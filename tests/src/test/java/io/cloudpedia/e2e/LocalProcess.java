package io.cloudpedia.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar cli/target/cloudpedia.jar local ...} as a separate process, as users run it: its output is
 * collected line by line so a test can wait for the {@code Ready:} line; closing it sends SIGTERM (as Ctrl-C does)
 * and waits for it to stop.
 */
final class LocalProcess implements AutoCloseable {
  static final Path JAR = Path.of("..", "cli", "target", "cloudpedia.jar");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final Thread reader;

  private LocalProcess(Process process) {
    this.process = process;
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          if (line.startsWith("Ready:")) {
            ready.complete(line);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      ready.completeExceptionally(new AssertionError("cloudpedia local ended before its Ready line:\n"
          + String.join("\n", lines)));
    }, "cloudpedia-local-output");
    reader.setDaemon(true);
    reader.start();
  }

  static LocalProcess start(Path home, Map<String, String> environment, String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError(JAR.toAbsolutePath() + " is missing: build it first (mvn -pl cli -am package)");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", JAR.toString(),
        "local"));
    command.addAll(List.of(args));
    return start(home, environment, command);
  }

  /** Any command line that runs {@code cloudpedia local} (e.g. the README's {@code ./cloudpedia local --demo}). */
  static LocalProcess start(Path home, Map<String, String> environment, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(environment);
    try {
      return new LocalProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Ready line, waiting at most {@code timeout}. */
  String awaitReady(Duration timeout) throws Exception {
    try {
      return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no Ready line within " + timeout + "; output so far:\n" + String.join("\n", lines));
    }
  }

  List<String> output() {
    return List.copyOf(lines);
  }

  Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** Stops it as Ctrl-C would (SIGTERM runs the same shutdown hook) and returns its exit code. */
  int stop() throws InterruptedException {
    // Through the handle: Process.destroy() would also close our end of its output, losing its last lines.
    process.toHandle().destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("cloudpedia local did not stop within 30 s of SIGTERM");
    }
    reader.join(5_000);
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
