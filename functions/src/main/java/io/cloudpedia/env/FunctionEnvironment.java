package io.cloudpedia.env;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The environment of one Lambda function: the settings parser its handler runs at start (its {@code Config} record's
 * {@code from(Map)}, the one place its variables are read), the variables that parser reads, and the variables
 * libraries read for it (Powertools' service name and metrics namespace).
 *
 * <p>A handler exposes it as {@code public static final FunctionEnvironment ENVIRONMENT}. The deployment tests then
 * check, for each function in template.yaml: that the parser reads exactly the declared variables ({@link #parse}
 * records what it looks up), that the template sets every {@link EnvVariable.Setting#DEPLOYMENT} one and only declared
 * ones, and that the parser accepts the values the template gives.
 */
public final class FunctionEnvironment {
  private final Consumer<Map<String, String>> parser;
  private final List<EnvVariable> parsed;
  private final List<EnvVariable> libraries;

  private FunctionEnvironment(
      Consumer<Map<String, String>> parser, List<EnvVariable> parsed, List<EnvVariable> libraries) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.parsed = List.copyOf(parsed);
    this.libraries = List.copyOf(libraries);
    Set<String> names = new LinkedHashSet<>();
    for (EnvVariable v : variables()) {
      if (!names.add(v.name())) {
        throw new IllegalArgumentException("declared twice: " + v.name());
      }
    }
  }

  /**
   * @param parser what the handler runs on {@code System.getenv()} at start; throws an exception naming a missing or
   *     invalid variable
   * @param parsed the variables {@code parser} reads
   * @param libraries variables read by libraries the function uses, not by {@code parser}
   */
  public static FunctionEnvironment of(
      Consumer<Map<String, String>> parser, List<EnvVariable> parsed, EnvVariable... libraries) {
    return new FunctionEnvironment(parser, parsed, List.of(libraries));
  }

  /** Every declared variable: the parser's, then the libraries'. */
  public List<EnvVariable> variables() {
    List<EnvVariable> all = new ArrayList<>(parsed);
    all.addAll(libraries);
    return Collections.unmodifiableList(all);
  }

  /** The variables the parser reads. */
  public List<EnvVariable> parsedVariables() {
    return parsed;
  }

  /**
   * Runs the parser over {@code environment} as the function does at start, and returns the names of the variables it
   * looked up, set or not.
   *
   * @throws RuntimeException what the parser throws when it refuses the environment (the function would not start)
   */
  public Set<String> parse(Map<String, String> environment) {
    RecordingMap recording = new RecordingMap(environment);
    parser.accept(recording);
    return Collections.unmodifiableSet(recording.looked);
  }

  /** A read-only view of a map that remembers every key looked up. */
  private static final class RecordingMap extends AbstractMap<String, String> {
    private final Map<String, String> delegate;
    private final Set<String> looked = new LinkedHashSet<>();

    RecordingMap(Map<String, String> delegate) {
      this.delegate = Map.copyOf(delegate);
    }

    @Override
    public String get(Object key) {
      looked.add(String.valueOf(key));
      return delegate.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
      looked.add(String.valueOf(key));
      return delegate.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
      looked.add(String.valueOf(key));
      return delegate.containsKey(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      // Iterating would read every variable: record them all, so that such a parser cannot hide its reads.
      looked.addAll(delegate.keySet());
      return delegate.entrySet();
    }
  }
}
