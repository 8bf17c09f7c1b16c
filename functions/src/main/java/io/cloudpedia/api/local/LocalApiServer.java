package io.cloudpedia.api.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cloudpedia.api.KubeApi;
import io.cloudpedia.auth.AuthKind;
import io.cloudpedia.auth.AuthResult;
import io.cloudpedia.auth.DenyReason;
import io.cloudpedia.auth.Fingerprint;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.http.Gzip;
import io.cloudpedia.api.http.QueryStrings;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.api.status.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API on a local HTTP(S) port, over the same {@link KubeApi} that {@code ApiFunction} serves on Lambda: for
 * tests and {@code cloudpedia local}. Bind it to a loopback address.
 */
public final class LocalApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI url;

  private LocalApiServer(HttpServer server, ExecutorService executor, URI url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /**
   * Starts serving.
   *
   * @param address where to listen; port 0 picks a free port
   * @param tls serve HTTPS with this context; plain HTTP when empty
   */
  public static LocalApiServer start(KubeApi api, InetSocketAddress address, Optional<SSLContext> tls)
      throws IOException {
    return start(api, address, tls, Optional.empty());
  }

  /** Who sent a request, from its {@code Authorization} header (e.g. {@link io.cloudpedia.auth.Authenticator}). */
  @FunctionalInterface
  public interface Authentication {
    AuthResult authenticate(Optional<String> authorization);
  }

  /** The principal of requests bearing the local session's own token. */
  public static final String LOCAL_PRINCIPAL = "cloudpedia-local";

  /**
   * Starts serving, answering only requests that carry {@code Authorization: Bearer <bearerToken>} when one is given
   * (401 otherwise), so that other local users cannot read the clusters through it. Such requests are sent by
   * {@value #LOCAL_PRINCIPAL}.
   */
  public static LocalApiServer start(
      KubeApi api, InetSocketAddress address, Optional<SSLContext> tls, Optional<String> bearerToken)
      throws IOException {
    Objects.requireNonNull(bearerToken, "bearerToken");
    return serve(api, address, tls, bearerToken.map(LocalApiServer::singleToken));
  }

  /**
   * Starts serving, each request authenticated by {@code authentication}: a denied one answers 401, one that cannot be
   * checked now 503, an authenticated one goes on with its principal. Without authentication the server must listen
   * on a loopback address, and it says so in its log.
   *
   * @throws IllegalArgumentException for a non-loopback address without authentication
   */
  public static LocalApiServer serve(
      KubeApi api, InetSocketAddress address, Optional<SSLContext> tls, Optional<Authentication> authentication)
      throws IOException {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(authentication, "authentication");
    if (authentication.isEmpty() && !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("authentication may be off only on a loopback address, not "
          + address.getAddress().getHostAddress());
    }
    HttpServer server;
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      server = https;
    } else {
      server = HttpServer.create(address, 64);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "cloudpedia-api-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(api, authentication, exchange));
    server.start();
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    URI url = URI.create((tls.isPresent() ? "https" : "http") + "://" + host + ":" + bound.getPort());
    LOG.info("API serving on {}{}", url, authentication.isPresent() ? ""
        : " without authentication (loopback only: anyone on this machine can read it)");
    return new LocalApiServer(server, executor, url);
  }

  /** {@code http(s)://127.0.0.1:PORT}: the server root; kubectl's server is {@code url + "/apis/clusterpedia.io/v1beta1/resources"}. */
  public URI url() {
    return url;
  }

  private static Authentication singleToken(String token) {
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return given -> given.isPresent() && MessageDigest.isEqual(given.get().getBytes(StandardCharsets.UTF_8), expected)
        ? new AuthResult.Authenticated(LOCAL_PRINCIPAL, AuthKind.BEARER_TOKEN, Fingerprint.of(given.get()))
        : new AuthResult.Denied(DenyReason.UNKNOWN_TOKEN, given.map(Fingerprint::of).orElse(Fingerprint.NONE));
  }

  private static void serve(KubeApi api, Optional<Authentication> authentication, HttpExchange exchange)
      throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(ApiRequest.MAX_BODY_BYTES + 1);
      in.transferTo(OutputStream.nullOutputStream());
      ApiResponse response;
      ApiRequest request = null;
      try {
        Optional<String> principal = Optional.empty();
        if (authentication.isPresent()) {
          AuthResult result = authentication.get().authenticate(
              Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
          if (result instanceof AuthResult.Denied denied) {
            throw denied.toApiException();
          }
          if (result instanceof AuthResult.Unavailable unavailable) {
            throw unavailable.toApiException();
          }
          principal = Optional.of(((AuthResult.Authenticated) result).principal());
        }
        if (body.length > ApiRequest.MAX_BODY_BYTES) {
          throw new ApiException("RequestEntityTooLarge", 413,
              "the request body is larger than " + ApiRequest.MAX_BODY_BYTES + " bytes");
        }
        request = toRequest(exchange, body);
        if (principal.isPresent()) {
          request = request.withPrincipal(principal.get());
        }
        response = api.handle(request);
      } catch (ApiException e) {
        response = ApiResponse.json(e.code(), Status.of(e).toJson().getBytes(StandardCharsets.UTF_8));
      }
      body = response.body();
      response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, List.copyOf(values)));
      if (request != null && Gzip.worthIt(request, body)) {
        body = Gzip.compress(body);
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
      exchange.sendResponseHeaders(response.code(), head ? -1 : (body.length == 0 ? -1 : body.length));
      if (!head && body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("local API server failed on {}", exchange.getRequestURI().getRawPath(), e);
    }
  }

  private static ApiRequest toRequest(HttpExchange exchange, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    URI uri = exchange.getRequestURI();
    return new ApiRequest(
        exchange.getRequestMethod(),
        QueryStrings.decodePath(uri.getRawPath() == null ? "/" : uri.getRawPath()),
        QueryStrings.parse(uri.getRawQuery()),
        headers,
        UUID.randomUUID().toString(),
        body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
