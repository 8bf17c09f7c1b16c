package io.cloudpedia.cli.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudpedia.cli.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.net.ssl.SSLException;

/**
 * Lists the member clusters a server knows: {@code GET /apis/cluster.clusterpedia.io/v1alpha2/pediaclusters}, a
 * Kubernetes list of kind {@code PediaClusterList}. A 404 means the server offers no PediaCluster API (Cloudpedia may
 * serve only the search paths); any other failure is a {@link CliException} with one line saying why.
 */
final class PediaClusterClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final Optional<String> token;
    private final HttpClient http;

    PediaClusterClient(ServerUrl server, Tls tls, Optional<String> token) {
        this.uri = server.pediaClusters();
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        TlsContexts.sslContext(tls).ifPresent(builder::sslContext);
        TlsContexts.sslParameters(tls).ifPresent(builder::sslParameters);
        this.http = builder.build();
    }

    /** The PediaCluster names, sorted and distinct; empty when the server answers 404. */
    Optional<List<String>> list() {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CliException(unreachable(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while listing PediaClusters at " + uri, e);
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status < 200 || status > 299) {
            throw new CliException("cannot list PediaClusters: GET " + uri + " answered HTTP " + status
                    + serverMessage(response.body()).map(m -> ": " + m).orElse(""));
        }
        return Optional.of(names(response.body()));
    }

    private List<String> names(byte[] body) {
        JsonNode list;
        try {
            list = JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException("GET " + uri + " answered something other than JSON");
        }
        String kind = list == null ? "" : list.path("kind").asText("");
        if (list == null || !list.path("items").isArray() || !(kind.isEmpty() || kind.equals("PediaClusterList"))) {
            throw new CliException("GET " + uri + " answered " + (kind.isEmpty() ? "no list" : "a " + kind)
                    + ", not a PediaClusterList");
        }
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode item : list.path("items")) {
            String name = item.path("metadata").path("name").asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    /** The {@code message} of a Kubernetes Status body (or of API Gateway's {@code {"message": ...}}), if any. */
    private static Optional<String> serverMessage(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return Optional.ofNullable(node).map(n -> n.path("message")).filter(JsonNode::isTextual)
                    .map(JsonNode::asText).filter(m -> !m.isBlank());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String unreachable(IOException e) {
        String target = "cannot reach " + uri.getScheme() + "://" + uri.getRawAuthority() + ": ";
        if (e instanceof HttpConnectTimeoutException) {
            return target + "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return target + "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        if (hasCause(e, UnresolvedAddressException.class)) {
            return target + "unknown host " + uri.getHost();
        }
        if (hasCause(e, CertPathBuilderException.class) || hasCause(e, CertPathValidatorException.class)) {
            return target + "the server's certificate is not trusted (give --certificate-authority FILE, or "
                    + "--insecure-skip-tls-verify)";
        }
        Optional<CertificateException> certificate = cause(e, CertificateException.class);
        if (certificate.isPresent()) {
            String message = certificate.get().getMessage();
            // The JDK's host name mismatch ("No subject alternative DNS name matching ... found.").
            boolean hostMismatch = message != null && message.startsWith("No ");
            return target + message + (hostMismatch ? " (give --tls-server-name NAME)" : "");
        }
        Optional<SSLException> ssl = cause(e, SSLException.class);
        if (ssl.isPresent()) {
            return target + "TLS handshake failed: " + deepestMessage(ssl.get());
        }
        if (hasCause(e, ConnectException.class)) {
            return target + "connection refused";
        }
        return target + deepestMessage(e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type).isPresent();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static String deepestMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
