package io.cloudpedia.registry.credentials;

import java.util.Optional;

/**
 * Where {@code spec.authenticationFrom} references are read: a secret's string by name or ARN.
 * {@link SecretsManagerSecretSource} in AWS, {@link MapSecretSource} in tests.
 */
public interface SecretSource {

  /**
   * The secret's string; empty if there is no such secret.
   *
   * @throws SecretAccessException if the secret may not or cannot be read (outside the allowed prefix, access
   *     denied): a configuration problem, reported in the cluster's status
   * @throws SecretUnavailableException for a failure that may pass (throttling, network): try again later
   */
  Optional<String> secretString(String nameOrArn);
}
