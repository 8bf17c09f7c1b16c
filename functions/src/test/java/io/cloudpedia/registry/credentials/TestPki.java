package io.cloudpedia.registry.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Test-only PEM material (a throwaway EC CA, a client certificate it signed, and that certificate's key, made with
 * openssl for these tests) and kubeconfig texts built from it.
 */
public final class TestPki {
  private TestPki() {}

  public static final String CA_PEM = """
      -----BEGIN CERTIFICATE-----
      MIIBezCCASGgAwIBAgIUbxrtj5Ju04qbvgnCgaKirAWXvvYwCgYIKoZIzj0EAwIw
      EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjYwMDUyMDZaGA8yMTI2MTEwMjAw
      NTIwNlowEjEQMA4GA1UEAwwHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH
      A0IABEIj+dk9OzUFEDzqFkgyfOT2h7XoFVM4vl99catUxs3gOUbU5YH8HY/UZR9T
      gqoLpCCO8fND3nqvCj+aTUML1ZmjUzBRMB0GA1UdDgQWBBQIRgrrNRkV9RnP2I4/
      f9Y9nkhO0DAfBgNVHSMEGDAWgBQIRgrrNRkV9RnP2I4/f9Y9nkhO0DAPBgNVHRMB
      Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDFvBMC7dRCHHjWIT554rp5r6JS
      7khgp7eNB/fUsaWa8wIgYCEMRpXJDytYP38VgpSTCDSBo/0RfCRbuCUqg8P6/Bw=
      -----END CERTIFICATE-----
      """;

  public static final String CERT_PEM = """
      -----BEGIN CERTIFICATE-----
      MIIBIzCBygIUFiyoxoLOiRltYX1mGQCHK2jYIgAwCgYIKoZIzj0EAwIwEjEQMA4G
      A1UEAwwHdGVzdC1jYTAgFw0yNjExMjYwMDUyMDZaGA8yMTI2MTEwMjAwNTIwNlow
      FTETMBEGA1UEAwwKY2xvdWRwZWRpYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
      BOLSXV4g0zVhD/Enz0AShXJXFPV303MSVDRSM/BaVk12vI0TeEJUEgAohAKasxkv
      xiRMUSfMR93ZhnekUnbzrgAwCgYIKoZIzj0EAwIDSAAwRQIhAP6x4ZDgqMUEbJHJ
      Ox99lvUlueTGxxSLTa0JJbyy0Z+4AiBSGNdE7EBfhad3Rixl/veW7/LI+Xf6fgkJ
      U/u8mn5OzQ==
      -----END CERTIFICATE-----
      """;

  /** The secret part of the key, for checks that it appears nowhere. */
  static final String KEY_BODY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPVLb0cSH9Mbq9+Ml";

  public static final String KEY_PEM = """
      -----BEGIN PRIVATE KEY-----
      MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPVLb0cSH9Mbq9+Ml
      OiUuzojz4XconkPsdZKFdQ7N4C6hRANCAATi0l1eINM1YQ/xJ89AEoVyVxT1d9Nz
      ElQ0UjPwWlZNdryNE3hCVBIAKIQCmrMZL8YkTFEnzEfd2YZ3pFJ2864A
      -----END PRIVATE KEY-----
      """;

  public static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A kubeconfig as {@code kubectl config view --raw} writes it, with a token user. */
  public static String tokenKubeconfig(String server, String token) {
    return """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: %s
          name: prod
        - cluster:
            insecure-skip-tls-verify: true
            server: https://other.example:6443
          name: other
        contexts:
        - context:
            cluster: other
            user: nobody
          name: other
        - context:
            cluster: prod
            namespace: kube-system
            user: cloudpedia
          name: prod
        current-context: prod
        kind: Config
        preferences: {}
        users:
        - name: cloudpedia
          user:
            token: %s
        """.formatted(b64(CA_PEM), server, token);
  }

  /** A kubeconfig as kind writes it: client certificate and key, indented sequences. */
  public static String certificateKubeconfig(String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: "kind-kind"
            cluster:
              server: '%s'
              certificate-authority-data: %s
        contexts:
          - name: kind-kind   # the only context
            context: {cluster: kind-kind, user: kind-kind}
        current-context: kind-kind
        users:
          - name: kind-kind
            user:
              client-certificate-data: %s
              client-key-data: %s
        """.formatted(server, b64(CA_PEM), b64(CERT_PEM), b64(KEY_PEM));
  }
}
