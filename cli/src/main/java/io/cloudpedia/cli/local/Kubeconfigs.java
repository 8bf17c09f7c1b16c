package io.cloudpedia.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudpedia.cli.CliException;
import io.cloudpedia.cli.Environment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The member clusters named by the user's kubeconfig: every context, or the ones asked for. */
final class Kubeconfigs {
  private Kubeconfigs() {}

  /**
   * The clusters to sync.
   *
   * @param explicit {@code --kubeconfig}, else every path of {@code $KUBECONFIG}, else {@code ~/.kube/config}
   * @param contexts {@code --context} values; empty = every context
   */
  static List<MemberCluster> select(Optional<Path> explicit, List<String> contexts, Environment environment) {
    List<Path> files = new ArrayList<>();
    if (explicit.isPresent()) {
      files.add(explicit.get());
    } else {
      Optional<String> variable = environment.get("KUBECONFIG").filter(v -> !v.isBlank());
      if (variable.isPresent()) {
        for (String p : variable.get().split(File.pathSeparator)) {
          if (!p.isBlank()) {
            files.add(Path.of(p));
          }
        }
      } else {
        files.add(environment.home().resolve(".kube").resolve("config"));
      }
    }
    // The first file that defines a context wins, as kubectl merges them.
    Map<String, Path> available = new LinkedHashMap<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        if (explicit.isPresent() || files.size() == 1) {
          throw new CliException("no kubeconfig at " + file + ": pass --kubeconfig FILE, or --demo to try Cloudpedia"
              + " with bundled sample clusters");
        }
        continue;
      }
      for (String context : contextsOf(file)) {
        available.putIfAbsent(context, file);
      }
    }
    if (available.isEmpty()) {
      throw new CliException("the kubeconfig (" + files.get(0) + ") has no contexts: pass --kubeconfig FILE, or"
          + " --demo to try Cloudpedia with bundled sample clusters");
    }
    List<String> wanted = contexts.isEmpty() ? List.copyOf(available.keySet()) : contexts;
    List<MemberCluster> clusters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String context : wanted) {
      Path file = available.get(context);
      if (file == null) {
        throw new CliException("no context \"" + context + "\" in the kubeconfig; it has: "
            + String.join(", ", available.keySet()));
      }
      String name = MemberCluster.nameOf(context);
      String unique = name;
      for (int i = 2; !names.add(unique); i++) {
        unique = name + "-" + i;
      }
      clusters.add(new MemberCluster(unique, context, file));
    }
    return clusters;
  }

  private static List<String> contextsOf(Path file) {
    JsonNode config;
    try {
      config = new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException("cannot read the kubeconfig " + file + ": " + firstLine(e.getMessage()));
    }
    List<String> contexts = new ArrayList<>();
    if (config != null) {
      for (JsonNode context : config.path("contexts")) {
        String name = context.path("name").asText("");
        if (!name.isEmpty()) {
          contexts.add(name);
        }
      }
    }
    return contexts;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
