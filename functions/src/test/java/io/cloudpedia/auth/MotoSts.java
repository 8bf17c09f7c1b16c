package io.cloudpedia.auth;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * moto's STS, alone, in a process of its own on a free loopback port: the real moto STS backend served by moto's own
 * WSGI app for that one service.
 *
 * <p>Why not the shared {@code moto_server} ({@code AwsTestEnvironment}): moto 5.2.1's server picks the service of a
 * request from its {@code Authorization} header, {@code X-Amz-Target} or body, never from the Host header or the
 * query, so a presigned GET (the signature is in the query, there is no body) reaches its S3 backend, which lists
 * buckets. An app for STS only has nothing to choose. The interpreter is {@code CLOUDPEDIA_TEST_PYTHON} or
 * {@code python3}; output goes to {@code target/moto-sts-PORT.log}. Stopped by {@link #close()}.
 */
final class MotoSts implements AutoCloseable {
  private static final String APP = String.join("\n",
      "import sys",
      "from werkzeug.serving import run_simple",
      "from moto.moto_server.werkzeug_app import create_backend_app",
      "run_simple('127.0.0.1', int(sys.argv[1]), create_backend_app('sts'), threaded=True)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static Boolean available;

  private final Process process;
  private final URI endpoint;

  private MotoSts(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Whether moto can be imported by the interpreter (class-level {@code @EnabledIf}: a visible skip otherwise). */
  static synchronized boolean available() {
    if (available == null) {
      try {
        Process probe = new ProcessBuilder(python(), "-c", "import moto.moto_server.werkzeug_app")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        available = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
      } catch (IOException e) {
        available = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        available = false;
      }
    }
    return available;
  }

  /** Starts moto's STS; {@code env} is added to its environment (e.g. {@code INITIAL_NO_AUTH_ACTION_COUNT}). */
  static MotoSts start(Map<String, String> env) {
    Path logDir = Path.of(System.getProperty("cloudpedia.test.output", "target"));
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path log = logDir.resolve("moto-sts-" + port + ".log");
      Process process;
      try {
        Files.createDirectories(logDir);
        ProcessBuilder builder = new ProcessBuilder(python(), "-c", APP, Integer.toString(port))
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        process = builder.start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start moto's STS with " + python(), e);
      }
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      if (await(process, endpoint)) {
        return new MotoSts(process, endpoint);
      }
      stop(process);
      last = new IllegalStateException("moto's STS did not answer on port " + port + "; see " + log);
    }
    throw last;
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    stop(process);
  }

  private static String python() {
    String configured = System.getenv("CLOUDPEDIA_TEST_PYTHON");
    return configured == null || configured.isBlank() ? "python3" : configured.trim();
  }

  private static boolean await(Process process, URI endpoint) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        try {
          if (connection.getResponseCode() > 0) {
            return true;
          }
        } finally {
          connection.disconnect();
        }
      } catch (IOException e) {
        // not listening yet
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    return false;
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
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
}
