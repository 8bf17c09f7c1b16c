package io.cloudpedia.api.forward;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of a connection to a member cluster, from PEM material:
 *
 * <ul>
 *   <li>trust: the given CA certificates only (verification on, host name checked); without a CA the platform's trust
 *       roots; no verification at all only when the credentials say {@code insecureSkipTlsVerify};
 *   <li>client certificate: the PEM chain with its key, the key as PKCS#8 ({@code PRIVATE KEY}, RSA or EC),
 *       PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, named curves). Encrypted keys are not
 *       supported (the registry refuses them).
 * </ul>
 *
 * Exceptions never carry the material.
 */
final class Tls {
  private static final char[] NO_PASSWORD = new char[0];

  private Tls() {}

  static SSLContext context(
      Optional<String> caPem, Optional<String> certPem, Optional<String> keyPem, boolean insecure)
      throws GeneralSecurityException {
    KeyManager[] keys = null;
    if (certPem.isPresent() && keyPem.isPresent()) {
      KeyStore store = emptyStore();
      store.setKeyEntry("client", privateKey(keyPem.get()), NO_PASSWORD,
          certificates(certPem.get()).toArray(new Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, NO_PASSWORD);
      keys = factory.getKeyManagers();
    }
    TrustManager[] trust = null;
    if (insecure) {
      trust = new TrustManager[] {new TrustingEverything()};
    } else if (caPem.isPresent()) {
      KeyStore store = emptyStore();
      int i = 0;
      for (Certificate certificate : certificates(caPem.get())) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      trust = factory.getTrustManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trust, null);
    return context;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("cannot create a key store", e);
    }
    return store;
  }

  static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    return certificates;
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
      byte[] der = body(pem, "PRIVATE KEY");
      for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
      throw new GeneralSecurityException("the PKCS#8 private key is not RSA, EC or EdDSA");
    }
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      byte[] pkcs1 = body(pem, "RSA PRIVATE KEY");
      byte[] algorithm = sequence(concat(RSA_OID, new byte[] {0x05, 0x00}));
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(algorithm, pkcs1)));
    }
    if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      byte[] sec1 = body(pem, "EC PRIVATE KEY");
      byte[] curve = ecCurve(sec1);
      byte[] algorithm = sequence(concat(EC_OID, curve));
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(algorithm, sec1)));
    }
    throw new GeneralSecurityException(
        "unsupported private key: give PKCS#8 (PRIVATE KEY), PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY)");
  }

  // ---- minimal DER, enough to wrap PKCS#1 and SEC1 keys into PKCS#8 ------------------------------------------------

  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
      0x01, 0x01};
  private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private static byte[] pkcs8(byte[] algorithm, byte[] key) {
    return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
  }

  /** The curve OID in a SEC1 key's {@code [0] parameters}. */
  private static byte[] ecCurve(byte[] sec1) throws GeneralSecurityException {
    int[] outer = header(sec1, 0);
    if (sec1[0] != 0x30) {
      throw new GeneralSecurityException("the EC private key is not a DER sequence");
    }
    int p = outer[0];
    int end = outer[0] + outer[1];
    while (p < end) {
      int tag = sec1[p] & 0xff;
      int[] h = header(sec1, p);
      if (tag == 0xa0) {
        int[] inner = header(sec1, h[0]);
        byte[] oid = new byte[inner[0] - h[0] + inner[1]];
        System.arraycopy(sec1, h[0], oid, 0, oid.length);
        return oid;
      }
      p = h[0] + h[1];
    }
    throw new GeneralSecurityException("the EC private key does not name its curve");
  }

  /** {content offset, content length} of the DER element at {@code at}. */
  private static int[] header(byte[] der, int at) throws GeneralSecurityException {
    if (at + 1 >= der.length) {
      throw new GeneralSecurityException("truncated DER");
    }
    int length = der[at + 1] & 0xff;
    int offset = at + 2;
    if (length > 0x80) {
      int bytes = length - 0x80;
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (der[offset + i] & 0xff);
      }
      offset += bytes;
    }
    if (offset + length > der.length) {
      throw new GeneralSecurityException("truncated DER");
    }
    return new int[] {offset, length};
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] body(String pem, String type) throws GeneralSecurityException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end, from + begin.length());
    if (from < 0 || to < 0) {
      throw new GeneralSecurityException("malformed PEM " + type);
    }
    String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("the PEM " + type + " is not valid base64");
    }
  }

  /** No verification at all, host name included: only for clusters registered with insecureSkipTLSVerify. */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
