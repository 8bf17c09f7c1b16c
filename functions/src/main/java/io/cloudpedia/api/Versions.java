package io.cloudpedia.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code /version}. Like Clusterpedia, the Kubernetes API version the server implements in the fields kubectl reads
 * ({@code major}, {@code minor}, {@code gitVersion}: kubectl checks it, and some installations pick a kubectl binary
 * by it), so it names a real Kubernetes minor version. Cloudpedia's own build is in {@code gitCommit} and
 * {@code buildDate} and, with its version and the Java runtime, under {@code cloudpedia}: client-go decodes
 * {@code version.Info} with Go's JSON rules, which skip unknown fields, so kubectl ignores it.
 *
 * <p>The build values come from {@code build-info.properties}, which Maven filters (functions/pom.xml: the project
 * version, {@code git rev-parse HEAD}, the build time); a value it could not fill in reads {@value #UNKNOWN}.
 */
final class Versions {
  static final String MAJOR = "1";
  static final String MINOR = "32";
  static final String UNKNOWN = "unknown";
  static final String RESOURCE = "build-info.properties";

  /** This build's version, git commit and build date, read once. */
  record Build(String version, String gitCommit, String buildDate) {}

  static final Build BUILD = load();

  private Versions() {}

  static ObjectNode version() {
    ObjectNode v = Json.mapper().createObjectNode();
    v.put("major", MAJOR);
    v.put("minor", MINOR);
    v.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0+cloudpedia");
    v.put("gitCommit", BUILD.gitCommit());
    v.put("gitTreeState", "clean");
    v.put("buildDate", BUILD.buildDate());
    v.put("goVersion", "");
    v.put("compiler", "");
    v.put("platform", "linux/" + (System.getProperty("os.arch", "").contains("aarch64") ? "arm64" : "amd64"));
    ObjectNode cloudpedia = v.putObject("cloudpedia");
    cloudpedia.put("version", BUILD.version());
    cloudpedia.put("gitCommit", BUILD.gitCommit());
    cloudpedia.put("buildDate", BUILD.buildDate());
    cloudpedia.put("javaVersion", Runtime.version().toString());
    return v;
  }

  static Build from(Properties properties) {
    return new Build(value(properties, "version"), value(properties, "git.commit"), value(properties, "build.date"));
  }

  private static Build load() {
    Properties properties = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return from(properties);
  }

  private static String value(Properties properties, String key) {
    String value = properties.getProperty(key, "").trim();
    return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
  }
}
