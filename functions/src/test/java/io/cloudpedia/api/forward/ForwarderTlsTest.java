package io.cloudpedia.api.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.registry.credentials.ClusterCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS towards a member cluster: CA verification, client certificates from PEM, insecure only when registered so. */
class ForwarderTlsTest {
  HttpsServer member;
  ExecutorService executor = Executors.newCachedThreadPool();
  URI server;
  Forwarder forwarder = new Forwarder(Duration.ofSeconds(5), Duration.ofSeconds(1), 1 << 20);
  Forwarder.Outgoing get = new Forwarder.Outgoing("GET", "/whoami", Map.of(), Map.of(), new byte[0]);

  @BeforeEach
  void setUp() throws Exception {
    SSLContext tls = Tls.context(Optional.of(TestPki.CA), Optional.of(TestPki.SERVER_CERT),
        Optional.of(TestPki.SERVER_KEY), false);
    member = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    member.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        params.setSSLParameters(ssl);
      }
    });
    member.setExecutor(executor);
    member.createContext("/", exchange -> {
      String who = ((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
          .getSubjectX500Principal().getName();
      byte[] body = who.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    member.start();
    server = URI.create("https://127.0.0.1:" + member.getAddress().getPort());
  }

  @AfterEach
  void tearDown() {
    member.stop(0);
    executor.shutdownNow();
  }

  ClusterCredentials credentials(Optional<String> ca, String cert, String key, boolean insecure) {
    return new ClusterCredentials(server, ca, Optional.of(cert), Optional.of(key), Optional.empty(), insecure);
  }

  @Test
  void verifiesTheServerWithTheCaAndSendsAnRsaPkcs1ClientCertificate() {
    ApiResponse r = forwarder.forward("c1", get,
        credentials(Optional.of(TestPki.CA), TestPki.RSA_CLIENT_CERT, TestPki.RSA_CLIENT_KEY, false));
    assertThat(r.code()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("CN=rsa-user");
    assertThat(r.headers()).containsEntry("Content-Type", List.of("text/plain"));
  }

  @Test
  void sendsAnEcSec1ClientCertificate() {
    ApiResponse r = forwarder.forward("c1", get,
        credentials(Optional.of(TestPki.CA), TestPki.EC_CLIENT_CERT, TestPki.EC_CLIENT_KEY, false));
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("CN=ec-user");
  }

  @Test
  void aServerNotSignedByTheCaIsBadGatewayNamingTheCluster() {
    assertThatThrownBy(() -> forwarder.forward("c1", get,
        credentials(Optional.of(TestPki.OTHER_CA), TestPki.EC_CLIENT_CERT, TestPki.EC_CLIENT_KEY, false)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(502);
          assertThat(e.getMessage()).contains("cluster c1").contains("TLS");
        });
  }

  @Test
  void withoutACaThePlatformRootsAreUsedAndDoNotTrustAPrivateCa() {
    assertThatThrownBy(() -> forwarder.forward("c1", get,
        credentials(Optional.empty(), TestPki.EC_CLIENT_CERT, TestPki.EC_CLIENT_KEY, false)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(502));
  }

  @Test
  void insecureSkipTlsVerifySkipsVerification() {
    ApiResponse r = forwarder.forward("c1", get,
        credentials(Optional.empty(), TestPki.EC_CLIENT_CERT, TestPki.EC_CLIENT_KEY, true));
    assertThat(r.code()).isEqualTo(200);
  }

  @Test
  void readsPkcs8Keys() throws Exception {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      PrivateKey key = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
      String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      assertThat(Tls.privateKey(pem).getAlgorithm()).isEqualTo(algorithm);
    }
    assertThat(Tls.privateKey(TestPki.SERVER_KEY).getAlgorithm()).isEqualTo("EC");
  }
}
