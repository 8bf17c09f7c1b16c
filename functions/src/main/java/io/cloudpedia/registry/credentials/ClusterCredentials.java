package io.cloudpedia.registry.credentials;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a member cluster's apiserver: its URL, the CA to verify it with, and a bearer token and/or a client
 * certificate. Without a CA an https server is verified against the platform's trust roots unless
 * {@code insecureSkipTlsVerify} (which {@link CredentialResolver} only allows when asked for explicitly).
 *
 * <p>{@link #toString()} says which parts are present, never what they hold, so a value of this type may be logged.
 */
public record ClusterCredentials(
    URI server,
    Optional<String> caPem,
    Optional<String> certPem,
    Optional<String> keyPem,
    Optional<String> token,
    boolean insecureSkipTlsVerify) {

  public ClusterCredentials {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(caPem, "caPem");
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
    Objects.requireNonNull(token, "token");
    if (certPem.isPresent() != keyPem.isPresent()) {
      throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
    }
  }

  /** Whether a client certificate (and its key) is given. */
  public boolean hasClientCertificate() {
    return certPem.isPresent();
  }

  @Override
  public String toString() {
    return "ClusterCredentials[server=" + server
        + ", ca=" + presence(caPem)
        + ", clientCertificate=" + presence(certPem)
        + ", clientKey=" + presence(keyPem)
        + ", token=" + presence(token)
        + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify + "]";
  }

  private static String presence(Optional<String> part) {
    return part.isPresent() ? "present" : "absent";
  }
}
