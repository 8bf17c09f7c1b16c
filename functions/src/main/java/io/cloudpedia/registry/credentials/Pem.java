package io.cloudpedia.registry.credentials;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Optional;

/**
 * Shape checks of PEM material, so that a wrong secret or key is reported when the cluster is validated rather than as
 * a TLS failure later. Messages never contain the material.
 */
final class Pem {
  private Pem() {}

  /** Why {@code pem} is not one or more X.509 certificates in PEM, or empty. */
  static Optional<String> certificatesProblem(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      return Optional.of("is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      if (factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
        return Optional.of("holds no certificate");
      }
      return Optional.empty();
    } catch (CertificateException | RuntimeException e) {
      return Optional.of("is not a readable PEM certificate");
    }
  }

  /** Why {@code pem} is not a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC), or empty. */
  static Optional<String> privateKeyProblem(String pem) {
    int begin = pem.indexOf("-----BEGIN ");
    if (begin < 0 || !pem.contains("PRIVATE KEY-----") || !pem.contains("-----END ")) {
      return Optional.of("is not a PEM private key (-----BEGIN ... PRIVATE KEY-----)");
    }
    if (pem.contains("ENCRYPTED PRIVATE KEY")) {
      return Optional.of("is an encrypted private key: give it without a passphrase");
    }
    return Optional.empty();
  }
}
