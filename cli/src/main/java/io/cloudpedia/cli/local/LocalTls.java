package io.cloudpedia.cli.local;

import io.cloudpedia.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The local API's self-signed certificate (for 127.0.0.1 and localhost), made once with the JDK's {@code keytool} and
 * kept in the config directory, so kubeconfigs written earlier stay valid across restarts. kubectl trusts it through
 * the kubeconfig's {@code certificate-authority-data}.
 */
final class LocalTls {
  private static final String ALIAS = "cloudpedia-local";

  /** The server's TLS context and the certificate, PEM, that clients trust. */
  record Material(SSLContext context, Path certificatePem) {}

  private LocalTls() {}

  static Material load(Path directory) {
    Path keystore = directory.resolve("tls.p12");
    Path password = directory.resolve("tls.password");
    Path pem = directory.resolve("tls.crt");
    try {
      if (!Files.exists(keystore) || !Files.exists(password)) {
        generate(directory, keystore, password);
      }
      char[] secret = Files.readString(password, StandardCharsets.UTF_8).trim().toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, secret);
      }
      X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
      if (certificate == null) {
        throw new CliException(keystore + " holds no certificate " + ALIAS + ": delete it to make a new one");
      }
      Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, new SecureRandom());
      return new Material(context, pem);
    } catch (IOException | GeneralSecurityException e) {
      throw new CliException("cannot set up the local TLS certificate in " + directory + " (" + e.getMessage()
          + "): delete that directory to start afresh, or pass --http");
    }
  }

  private static void generate(Path directory, Path keystore, Path password) throws IOException {
    Files.createDirectories(directory);
    Files.deleteIfExists(keystore);
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    Files.writeString(password, secret, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's own permissions protect it.
    }
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
        "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650",
        "-dname", "CN=cloudpedia-local", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "BC:c=ca:true",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", secret, "-keypass", secret);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new CliException("cannot run " + keytool + " to make the local TLS certificate (" + e.getMessage()
          + "): use a full JDK, or pass --http");
    }
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new CliException("keytool could not make the local TLS certificate: " + output.strip()
            + " (or pass --http)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while making the local TLS certificate");
    }
  }
}
