package io.cloudpedia.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A test server in a process of its own (moto_server, moto's STS app), on a free port of 127.0.0.1: started, polled
 * until it answers, its output in {@code target/NAME-PORT.log}, and stopped with its children on {@link #close()}. A
 * free port can be taken between choosing and binding it, so a start is tried three times.
 */
public final class LoopbackProcess implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Process process;
  private final URI endpoint;

  private LoopbackProcess(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * @param name names the log file
   * @param command the command line for a port
   * @param env added to the process's environment
   * @param probePath what is polled until it answers (any HTTP status)
   * @throws IOException if the command cannot be started at all
   * @throws IllegalStateException if it never answered, with the end of its output
   */
  public static LoopbackProcess start(String name, IntFunction<List<String>> command, Map<String, String> env,
      String probePath, Duration startTimeout) throws IOException {
    Path logDir = Path.of(System.getProperty("cloudpedia.test.output", "target"));
    Files.createDirectories(logDir);
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path log = logDir.resolve(name + "-" + port + ".log");
      ProcessBuilder builder = new ProcessBuilder(command.apply(port)).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      if (await(process, endpoint.resolve(probePath), startTimeout)) {
        return new LoopbackProcess(process, endpoint);
      }
      stop(process);
      last = new IllegalStateException(name + " on port " + port + " did not answer within " + startTimeout
          + " (exit: " + (process.isAlive() ? "still running" : Integer.toString(process.exitValue()))
          + "); its output: " + tail(log));
    }
    throw last;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    stop(process);
  }

  private static boolean await(Process process, URI probe, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        return false;
      }
      if (answers(probe)) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    return false;
  }

  private static boolean answers(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode() > 0;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free TCP port on 127.0.0.1", e);
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
