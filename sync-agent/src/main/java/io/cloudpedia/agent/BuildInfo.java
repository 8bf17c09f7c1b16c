package io.cloudpedia.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * What was built and what runs it: the version and build date Maven wrote into {@code build-info.properties}, the git
 * commit of the checkout it was built from, and the running JVM's version. A value the build could not fill in (no
 * git, a build outside Maven) is {@value #UNKNOWN}. Shown by /metrics as {@code cloudpedia_build_info}.
 */
public record BuildInfo(String version, String gitCommit, String buildDate, String javaVersion) {

    public static final String UNKNOWN = "unknown";
    static final String RESOURCE = "build-info.properties";
    private static final BuildInfo CURRENT = load();

    public BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(buildDate, "buildDate");
        Objects.requireNonNull(javaVersion, "javaVersion");
    }

    /** This agent's build, running on this JVM. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** From the properties Maven filtered; unfilled ones ({@code ${...}}, empty, absent) are {@value #UNKNOWN}. */
    static BuildInfo from(Properties properties, String javaVersion) {
        return new BuildInfo(value(properties, "version"), value(properties, "git.commit"),
                value(properties, "build.date"), javaVersion);
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return from(properties, Runtime.version().toString());
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }
}
