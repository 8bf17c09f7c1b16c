/**
 * How to reach a member cluster from its PediaCluster spec: {@link
 * io.cloudpedia.registry.credentials.CredentialResolver#resolve} gives {@link
 * io.cloudpedia.registry.credentials.ClusterCredentials} or an {@code InvalidConfig} message, in Clusterpedia's order of
 * priority (inline kubeconfig, inline apiserver and credentials, then {@code authenticationFrom} secrets), reading
 * secrets through a {@link io.cloudpedia.registry.credentials.SecretSource} ({@link
 * io.cloudpedia.registry.credentials.SecretsManagerSecretSource} in AWS).
 *
 * <p>Secret material never reaches a message, a log line or a {@code toString()}: messages name fields, secrets and
 * keys; parser errors (JSON, YAML, base64), which may quote their input, are never passed on.
 */
package io.cloudpedia.registry.credentials;
