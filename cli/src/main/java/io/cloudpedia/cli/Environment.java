package io.cloudpedia.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment as the commands see it. The one place the CLI reads environment variables, so tests can run
 * a command in-process with their own {@code HOME} and {@code KUBECONFIG}.
 *
 * @param variables environment variables
 * @param home      the user's home directory ({@code $HOME}, else the JVM's {@code user.home})
 */
public record Environment(Map<String, String> variables, Path home) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        Map<String, String> variables = System.getenv();
        String home = variables.getOrDefault("HOME", "");
        return new Environment(variables, Path.of(home.isEmpty() ? System.getProperty("user.home") : home));
    }

    /** An environment holding only these variables; {@code HOME} must be among them. */
    public static Environment of(Map<String, String> variables) {
        String home = variables.get("HOME");
        if (home == null || home.isEmpty()) {
            throw new IllegalArgumentException("HOME is required");
        }
        return new Environment(variables, Path.of(home));
    }

    /** The variable's value, empty when it is unset or blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }
}
