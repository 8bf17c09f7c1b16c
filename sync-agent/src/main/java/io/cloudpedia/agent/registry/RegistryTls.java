package io.cloudpedia.agent.registry;

import io.cloudpedia.agent.config.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The registry client's TLS trust: the system's trust store, plus the certificates of {@code caFile} (a private CA
 * in front of the API), or anything at all with {@code insecureSkipTLSVerify}.
 */
final class RegistryTls {

    private RegistryTls() {
    }

    /**
     * The SSL context to use, or empty for the JDK's default.
     *
     * @throws IllegalArgumentException if {@code caFile} cannot be read or holds no certificate
     */
    static Optional<SSLContext> sslContext(RegistryConfig config) {
        if (!config.insecureSkipTLSVerify() && config.caFile().isEmpty()) {
            return Optional.empty();
        }
        try {
            TrustManager trust = config.insecureSkipTLSVerify() ? new TrustAll() : systemPlus(config.caFile().get());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the registry: " + e.getMessage(), e);
        }
    }

    private static TrustManager systemPlus(Path caFile) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (X509Certificate anchor : defaultTrust().getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + n++, anchor);
        }
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(caFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read spec.registry.caFile " + caFile + ": " + e.getMessage(),
                    e);
        }
        if (extra.isEmpty()) {
            throw new IllegalArgumentException("spec.registry.caFile " + caFile + " holds no certificate");
        }
        for (Certificate certificate : extra) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return x509(factory);
    }

    private static X509TrustManager defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory);
    }

    private static X509ExtendedTrustManager x509(TrustManagerFactory factory) throws GeneralSecurityException {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /**
     * Trusts every certificate for every name. An {@link X509ExtendedTrustManager}, because the JDK checks the host
     * name itself around a plain {@link X509TrustManager}.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
