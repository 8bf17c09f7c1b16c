package io.cloudpedia.cli.kubeconfig;

import io.cloudpedia.cli.CliException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the HTTP client's TLS setup from {@link Tls}, the way kubectl reads the same kubeconfig fields: a CA replaces
 * the system trust store, {@code insecure-skip-tls-verify} trusts any certificate for any name, and
 * {@code tls-server-name} is the name the server's certificate must carry. The JDK client always sends the URL's host
 * as SNI when the host is a name, so {@code tls-server-name} goes into SNI only for IP-address URLs.
 */
final class TlsContexts {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private TlsContexts() {
    }

    /** The SSL context to use, or empty for the JDK's default (system trust store, URL host verification). */
    static Optional<SSLContext> sslContext(Tls tls) {
        if (!tls.insecureSkipVerify() && tls.authority().isEmpty() && tls.serverName().isEmpty()) {
            return Optional.empty();
        }
        try {
            X509ExtendedTrustManager trust;
            if (tls.insecureSkipVerify()) {
                trust = new TrustAll();
            } else {
                X509ExtendedTrustManager anchors = anchors(tls.authority());
                trust = tls.serverName().<X509ExtendedTrustManager>map(name -> new ServerNameTrust(anchors, name))
                        .orElse(anchors);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new CliException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** SSL parameters that send {@code tls-server-name} as SNI where the JDK lets us (IP-address URLs). */
    static Optional<SSLParameters> sslParameters(Tls tls) {
        return tls.serverName().filter(name -> !IP_LITERAL.matcher(name).matches()).flatMap(name -> {
            try {
                SSLParameters parameters = new SSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(name)));
                return Optional.of(parameters);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private static X509ExtendedTrustManager anchors(Optional<CertificateAuthority> authority)
            throws GeneralSecurityException {
        KeyStore store = null;
        if (authority.isPresent()) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            List<X509Certificate> certificates = authority.get().certificates();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /** Whether the certificate's subject alternative names cover {@code name} (DNS, leading wildcard, or IP). */
    static boolean certifies(X509Certificate certificate, String name) {
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (alternatives == null) {
            return false;
        }
        boolean ip = IP_LITERAL.matcher(name).matches();
        for (List<?> alternative : alternatives) {
            int type = (Integer) alternative.get(0);
            String value = String.valueOf(alternative.get(1));
            if (ip ? type == 7 && sameAddress(value, name) : type == 2 && dnsMatches(value, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals (checked above or written so in the certificate), so no lookup happens.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String pattern, String name) {
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        String n = trimDot(name.toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            int dot = n.indexOf('.');
            return dot > 0 && n.substring(dot).equals(p.substring(1));
        }
        return p.equals(n);
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Checks the chain against the anchors, then the leaf against {@code tls-server-name} instead of the URL host. */
    private static final class ServerNameTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager anchors;
        private final String serverName;

        ServerNameTrust(X509ExtendedTrustManager anchors, String serverName) {
            this.anchors = anchors;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // The two-argument form validates the chain without checking any host name.
            anchors.checkServerTrusted(chain, authType);
            if (!certifies(chain[0], serverName)) {
                throw new CertificateException("the server's certificate is not valid for --tls-server-name "
                        + serverName);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anchors.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            anchors.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            anchors.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return anchors.getAcceptedIssuers();
        }
    }

    /**
     * {@code --insecure-skip-tls-verify}: an extended trust manager that accepts everything. Being "extended" also
     * stops JSSE from checking the host name, as kubectl does with the same flag.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
