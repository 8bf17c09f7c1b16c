package io.cloudpedia.env;

import java.util.Objects;

/**
 * An environment variable a Lambda function depends on, and who is expected to set it. Each function declares its
 * variables in its handler's {@code ENVIRONMENT} ({@link FunctionEnvironment}); the deployment tests compare those
 * declarations with what template.yaml sets for the function, both ways.
 *
 * @param name the variable
 * @param setting whether the deployment must, may or must not set it
 */
public record EnvVariable(String name, Setting setting) {

  /** Who sets the variable. */
  public enum Setting {
    /** template.yaml must set it for every function that declares it: no default would do in AWS. */
    DEPLOYMENT,
    /** The code has a default; the template may set it (usually from a parameter) or leave the default. */
    DEFAULTED,
    /**
     * For local runs and tests only; template.yaml must not set it (e.g. a key that belongs in Secrets Manager, not in
     * the function's configuration).
     */
    LOCAL_ONLY
  }

  public EnvVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(setting, "setting");
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
  }

  public static EnvVariable deployment(String name) {
    return new EnvVariable(name, Setting.DEPLOYMENT);
  }

  public static EnvVariable defaulted(String name) {
    return new EnvVariable(name, Setting.DEFAULTED);
  }

  public static EnvVariable localOnly(String name) {
    return new EnvVariable(name, Setting.LOCAL_ONLY);
  }
}
