package io.cloudpedia.auth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import io.cloudpedia.testing.LoopbackProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

  private final LoopbackProcess process;

  private MotoSts(LoopbackProcess process) {
    this.process = process;
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
    try {
      return new MotoSts(LoopbackProcess.start("moto-sts",
          port -> List.of(python(), "-c", APP, Integer.toString(port)), env, "/", START_TIMEOUT));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto's STS with " + python(), e);
    }
  }

  URI endpoint() {
    return process.endpoint();
  }

  @Override
  public void close() {
    process.close();
  }

  private static String python() {
    String configured = System.getenv("CLOUDPEDIA_TEST_PYTHON");
    return configured == null || configured.isBlank() ? "python3" : configured.trim();
  }
}
