package io.cloudpedia.api.forward;

import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.registry.credentials.ClusterCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to a member cluster's API server and returns its answer as it is: status, body and content
 * headers. The whole body is held in memory, so it is bounded: a body over {@code maxBodyBytes} (what a Lambda
 * response can carry) is answered with a 502 Status, never cut short. A streaming request ({@code follow=true}) is
 * read for {@code followFor}, then answered with what arrived.
 *
 * <p>HTTP/1.1, no redirects followed (a 3xx is returned as it is), TLS per {@link Tls}. Failures to reach the cluster
 * are a 502 naming it, a timeout a 504. Credentials are never logged.
 */
public final class Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  /** Response headers passed back to the client; the rest (hop-by-hop, length, server details) are the carrier's. */
  private static final Set<String> RETURNED = Set.of(
      "content-type", "content-disposition", "content-language", "warning", "audit-id", "location",
      "cache-control", "etag", "last-modified", "x-kubernetes-pf-flowschema-uid",
      "x-kubernetes-pf-prioritylevel-uid");

  private final Duration timeout;
  private final Duration followFor;
  private final long maxBodyBytes;
  /** Least recently used clients dropped past {@value #CLIENTS}. */
  private final Map<ClientKey, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ClientKey, HttpClient> eldest) {
      return size() > CLIENTS;
    }
  };
  private static final int CLIENTS = 16;

  public Forwarder(Duration timeout, Duration followFor, long maxBodyBytes) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.followFor = Objects.requireNonNull(followFor, "followFor");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  /** What to send: method, member path (decoded), query, headers (already filtered), body. */
  public record Outgoing(
      String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
    public static Outgoing of(ApiRequest request, String path, Map<String, List<String>> query) {
      return new Outgoing(request.method(), path, query, ProxyHeaders.outgoing(request.headers()), request.body());
    }

    boolean follows() {
      List<String> follow = query.get("follow");
      return follow != null && !follow.isEmpty()
          && (follow.get(0).equalsIgnoreCase("true") || follow.get(0).equals("1"));
    }
  }

  public ApiResponse forward(String cluster, Outgoing outgoing, ClusterCredentials credentials) {
    URI uri = uri(credentials.server(), ForwardPaths.requireSafe(outgoing.path()), outgoing.query());
    HttpClient client;
    try {
      client = client(credentials);
    } catch (GeneralSecurityException e) {
      // The message names the part (CA, certificate, key), never its content.
      throw ApiException.badRequest("cannot use the TLS credentials for cluster " + cluster + ": " + e.getMessage());
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
    outgoing.headers().forEach((name, value) -> {
      try {
        builder.header(name, value);
      } catch (IllegalArgumentException e) {
        // A header HttpClient sets itself or refuses: not ours to pass on.
      }
    });
    credentials.token().ifPresent(token -> builder.setHeader("Authorization", "Bearer " + token));
    builder.method(outgoing.method(), outgoing.body().length == 0
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(outgoing.body()));
    boolean follow = outgoing.follows();
    Collector collector = new Collector(maxBodyBytes);
    CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(builder.build(), collector);
    long started = System.nanoTime();
    try {
      exchange.get((follow ? followFor : timeout).toMillis() + (follow ? 0 : 1_000), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (follow && collector.info != null) {
        collector.stop();
        LOG.info("forward to {}: {} {} followed for {} s", cluster, outgoing.method(), outgoing.path(),
            followFor.toSeconds());
        return collector.response(cluster, maxBodyBytes);
      }
      exchange.cancel(true);
      throw timeout(cluster);
    } catch (ExecutionException e) {
      throw failure(cluster, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.cancel(true);
      throw timeout(cluster);
    }
    ApiResponse response = collector.response(cluster, maxBodyBytes);
    LOG.info("forward to {}: {} {} -> {} ({} bytes, {} ms)", cluster, outgoing.method(), outgoing.path(),
        response.code(), response.body().length, (System.nanoTime() - started) / 1_000_000);
    return response;
  }

  /** What an HttpClient depends on: the TLS material (a client is kept per material, for its connection pool). */
  private record ClientKey(
      boolean https, Optional<String> caPem, Optional<String> certPem, Optional<String> keyPem, boolean insecure) {
    @Override
    public String toString() {
      return "ClientKey[https=" + https + "]";
    }
  }

  private HttpClient client(ClusterCredentials credentials) throws GeneralSecurityException {
    ClientKey key = new ClientKey(credentials.server().getScheme().equalsIgnoreCase("https"), credentials.caPem(),
        credentials.certPem(), credentials.keyPem(), credentials.insecureSkipTlsVerify());
    synchronized (clients) {
      HttpClient cached = clients.get(key);
      if (cached != null) {
        return cached;
      }
    }
    HttpClient client = newClient(key);
    synchronized (clients) {
      clients.put(key, client);
    }
    return client;
  }

  private HttpClient newClient(ClientKey key) throws GeneralSecurityException {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout);
    if (key.https()) {
      builder.sslContext(Tls.context(key.caPem(), key.certPem(), key.keyPem(), key.insecure()));
    }
    return builder.build();
  }

  /** The server's URL (which may have a path prefix) + the member path + the query, each part encoded. */
  static URI uri(URI server, String path, Map<String, List<String>> query) {
    String base = server.getRawPath() == null ? "" : server.getRawPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    StringBuilder url = new StringBuilder(server.getScheme()).append("://").append(server.getRawAuthority())
        .append(base).append(ForwardPaths.encodePath(path));
    String separator = "?";
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      for (String value : e.getValue()) {
        url.append(separator).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        separator = "&";
      }
    }
    return URI.create(url.toString());
  }

  private static ApiException timeout(String cluster) {
    return new ApiException("Timeout", 504, "the request to cluster " + cluster + " timed out");
  }

  static ApiException failure(String cluster, Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new ApiException("Timeout", 504, "connecting to cluster " + cluster + " timed out");
    }
    if (cause instanceof HttpTimeoutException) {
      return timeout(cluster);
    }
    String what;
    if (cause instanceof SSLHandshakeException || cause instanceof SSLException) {
      what = "the TLS handshake failed (check the CA, or the client certificate)";
    } else if (cause instanceof UnknownHostException) {
      what = "its API server's host name does not resolve";
    } else if (cause instanceof ConnectException) {
      what = "the connection was refused or could not be made";
    } else if (cause instanceof IOException) {
      what = "the connection failed";
    } else {
      what = "the request failed";
    }
    LOG.warn("forward to {} failed: {}", cluster, cause == null ? "?" : cause.toString());
    return new ApiException("BadGateway", 502, "error trying to reach cluster " + cluster + ": " + what);
  }

  /**
   * Keeps the response's status and headers and its body up to a budget; past the budget it stops reading. Also the
   * body handler, so that status and headers are known before the body is complete (for {@code follow}).
   */
  private static final class Collector implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void> {
    private final long max;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile HttpResponse.ResponseInfo info;
    private Flow.Subscription subscription;
    private boolean tooLarge;

    Collector(long max) {
      this.max = max;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo responseInfo) {
      this.info = responseInfo;
      return this;
    }

    @Override
    public CompletionStage<Void> getBody() {
      return done;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      synchronized (this) {
        for (ByteBuffer buffer : buffers) {
          if (body.size() + (long) buffer.remaining() > max) {
            tooLarge = true;
            break;
          }
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          body.writeBytes(bytes);
        }
      }
      if (tooLarge) {
        stop();
        done.complete(null);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }

    synchronized void stop() {
      if (subscription != null) {
        subscription.cancel();
      }
    }

    synchronized ApiResponse response(String cluster, long maxBytes) {
      if (tooLarge) {
        throw new ApiException("BadGateway", 502, "the response of cluster " + cluster + " is larger than "
            + maxBytes + " bytes, more than a Lambda response can carry: narrow the request (limit and continue,"
            + " a label or field selector, or tailLines/limitBytes for logs)");
      }
      return new ApiResponse(info.statusCode(), headers(info.headers()), body.toByteArray());
    }

    private static Map<String, List<String>> headers(HttpHeaders headers) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      headers.map().forEach((name, values) -> {
        if (RETURNED.contains(name.toLowerCase(Locale.ROOT))) {
          out.put(canonical(name), values);
        }
      });
      return out;
    }

    /** {@code content-type} to {@code Content-Type}, as the API's own responses spell it. */
    private static String canonical(String name) {
      StringBuilder out = new StringBuilder(name.length());
      boolean upper = true;
      for (char c : name.toCharArray()) {
        out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
        upper = c == '-';
      }
      return out.toString();
    }
  }
}
