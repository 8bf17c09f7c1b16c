package io.cloudpedia.registry.credentials;

/**
 * A kubeconfig that cannot be used. The message says where and why (a line number, a context or field name), never
 * what the kubeconfig holds: it is shown in a PediaCluster's status and may be logged.
 */
final class KubeconfigException extends Exception {
  private static final long serialVersionUID = 1L;

  KubeconfigException(String message) {
    super(message, null, false, false);
  }
}
