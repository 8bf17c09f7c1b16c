package io.cloudpedia.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl binary (from PATH) against a Cloudpedia API, with its own HOME and kubeconfig so that its
 * discovery cache never leaks between tests. The kubeconfig has a {@code cloudpedia} cluster (every cluster) and one
 * cluster entry per member cluster, as {@code cloudpedia kubeconfig} writes them, and a user with a bearer token.
 */
final class Kubectl {
  static final String RESOURCES = "/apis/clusterpedia.io/v1beta1/resources";
  private final Path home;
  private final Path kubeconfig;
  private final boolean requestTimeout;

  private Kubectl(Path home, Path kubeconfig) {
    this(home, kubeconfig, true);
  }

  private Kubectl(Path home, Path kubeconfig, boolean requestTimeout) {
    this.home = home;
    this.kubeconfig = kubeconfig;
    this.requestTimeout = requestTimeout;
  }

  static Kubectl against(URI server, Path home, List<String> clusters) {
    return against(server, home, clusters, java.util.Optional.of("test-token"));
  }

  /** As {@link #against(URI, Path, List)}, with the user's bearer token (none: the user sends no credentials). */
  static Kubectl against(URI server, Path home, List<String> clusters, java.util.Optional<String> token) {
    return against(server, home, clusters, token, java.util.Optional.empty());
  }

  /**
   * As {@link #against(URI, Path, List, java.util.Optional)} for an HTTPS server whose certificate {@code caPem}
   * signed (kubectl sends bearer tokens only over HTTPS).
   */
  static Kubectl against(URI server, Path home, List<String> clusters, java.util.Optional<String> token,
      java.util.Optional<String> caPem) {
    String ca = caPem.map(pem -> "    certificate-authority-data: " + java.util.Base64.getEncoder()
        .encodeToString(pem.getBytes(StandardCharsets.UTF_8)) + "\n").orElse("");
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    yaml.append("- name: cloudpedia\n  cluster:\n").append(ca).append("    server: ").append(server)
        .append(RESOURCES).append('\n');
    for (String c : clusters) {
      yaml.append("- name: ").append(c).append("\n  cluster:\n").append(ca).append("    server: ").append(server)
          .append(RESOURCES).append("/clusters/").append(c).append('\n');
    }
    yaml.append("users:\n- name: tester\n  user:").append(token.map(t -> "\n    token: " + t).orElse(" {}"))
        .append('\n');
    yaml.append("contexts:\n- name: cloudpedia\n  context:\n    cluster: cloudpedia\n    user: tester\n");
    yaml.append("current-context: cloudpedia\n");
    try {
      Files.createDirectories(home);
      Path config = home.resolve("kubeconfig");
      Files.writeString(config, yaml);
      return new Kubectl(home, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl with a kubeconfig written by someone else. */
  static final class Raw {
    private final Kubectl kubectl;

    Raw(Path home, Path kubeconfig) {
      kubectl = new Kubectl(home, kubeconfig);
    }

    /** Without kubectl's request timeout: requests reach a mock member cluster with their paths unchanged. */
    static Raw withoutRequestTimeout(Path home, Path kubeconfig) {
      return new Raw(new Kubectl(home, kubeconfig, false));
    }

    private Raw(Kubectl kubectl) {
      this.kubectl = kubectl;
    }

    Result run(String... args) {
      return kubectl.run(args);
    }
  }

  Path kubeconfigPath() {
    return kubeconfig;
  }

  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed (" + exitCode + "): " + err);
      }
      return this;
    }
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("--kubeconfig=" + kubeconfig);
    if (requestTimeout) {
      // kubectl then adds ?timeout=1m0s to every request (fabric8's mock matches scripted paths with their query).
      command.add("--request-timeout=60s");
    }
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().remove("KUBECTL_EXTERNAL_DIFF");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
