package io.cloudpedia.registry.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets from a map, for tests and local runs; changes ({@link #put}, {@link #remove}) are seen at once. */
public final class MapSecretSource implements SecretSource {
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  public MapSecretSource() {}

  public MapSecretSource(Map<String, String> secrets) {
    this.secrets.putAll(secrets);
  }

  public MapSecretSource put(String name, String value) {
    secrets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public MapSecretSource remove(String name) {
    secrets.remove(name);
    return this;
  }

  @Override
  public Optional<String> secretString(String nameOrArn) {
    return Optional.ofNullable(secrets.get(nameOrArn));
  }
}
