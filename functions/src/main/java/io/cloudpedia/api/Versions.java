package io.cloudpedia.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;

/**
 * {@code /version}. Like Clusterpedia, the Kubernetes API version the server implements: kubectl checks it (and some
 * installations pick a kubectl binary by it), so it names a real Kubernetes minor version.
 */
final class Versions {
  static final String MAJOR = "1";
  static final String MINOR = "32";

  private Versions() {}

  static ObjectNode version() {
    ObjectNode v = Json.mapper().createObjectNode();
    v.put("major", MAJOR);
    v.put("minor", MINOR);
    v.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0+cloudpedia");
    v.put("gitCommit", "");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "");
    v.put("goVersion", "");
    v.put("compiler", "");
    v.put("platform", "linux/" + (System.getProperty("os.arch", "").contains("aarch64") ? "arm64" : "amd64"));
    return v;
  }
}
