package io.cloudpedia.api.forward;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * An authenticating front proxy for a member cluster, as Kubernetes' request-header authentication uses one: it serves
 * HTTPS with {@link TestPki#SERVER_CERT}, demands a client certificate signed by {@link TestPki#CA} (the handshake fails
 * without one), and passes each request on to the member with {@code X-Remote-User} set to the certificate's common
 * name (any such header from the client is dropped). fabric8's mock apiserver cannot ask for client certificates
 * itself; with this in front, a test member cluster checks them.
 */
public final class MutualTlsFront implements AutoCloseable {
  private static final Set<String> NOT_RELAYED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "x-remote-user");

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient upstream;
  private final URI member;

  private MutualTlsFront(URI member, String memberCaPem) throws Exception {
    this.member = member;
    this.upstream = HttpClient.newBuilder()
        .sslContext(Tls.context(Optional.of(memberCaPem), Optional.empty(), Optional.empty(), false))
        .connectTimeout(Duration.ofSeconds(5)).build();
    SSLContext tls = Tls.context(Optional.of(TestPki.CA), Optional.of(TestPki.SERVER_CERT),
        Optional.of(TestPki.SERVER_KEY), false);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        params.setSSLParameters(ssl);
      }
    });
    server.setExecutor(executor);
    server.createContext("/", this::relay);
    server.start();
  }

  /** Starts a front for the member at {@code member} (HTTPS, trusting {@code memberCaPem}). */
  public static MutualTlsFront start(String member, String memberCaPem) {
    try {
      return new MutualTlsFront(URI.create(member), memberCaPem);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the mutual-TLS front", e);
    }
  }

  /** {@code https://127.0.0.1:PORT}, which {@link TestPki#SERVER_CERT} names. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      String user;
      try {
        user = commonName(((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
            .getSubjectX500Principal());
      } catch (SSLPeerUnverifiedException e) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(member.resolve(exchange.getRequestURI().getRawPath()
              + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
          .timeout(Duration.ofSeconds(20))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      request.header("X-Remote-User", user);
      HttpResponse<byte[]> response;
      try {
        response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      response.headers().map().forEach((name, values) -> {
        if (!NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, List.copyOf(values));
        }
      });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  private static String commonName(X500Principal principal) {
    for (String part : principal.getName().split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return principal.getName();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
