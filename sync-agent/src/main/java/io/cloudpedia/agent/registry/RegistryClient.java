package io.cloudpedia.agent.registry;

import io.cloudpedia.agent.config.RegistryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * GETs of the registry's cluster API: the bearer token is read from its file for every request (so rotation needs no
 * restart), and a read can be conditional on the ETag of the previous answer. Redirects are not followed, so the
 * token never goes to another host. Failure messages name the request and the cause only.
 */
final class RegistryClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final RegistryConfig config;
    private final String root;
    private final HttpClient http;

    RegistryClient(RegistryConfig config) {
        this.config = config;
        String url = config.url().toString();
        this.root = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        RegistryTls.sslContext(config).ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** The registry's root URL without credentials, for logs and messages. */
    String displayUrl() {
        URI u = config.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    /**
     * {@code GET <root><path>}, conditional on {@code etag} if given.
     *
     * @return the answer: a fresh body (200), not modified (304) or not found (404)
     * @throws RegistryException for any other status, an unreachable registry or an unreadable token file
     */
    Answer get(String path, Optional<String> etag) throws RegistryException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        Optional<String> token = token();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        etag.ifPresent(e -> request.header("If-None-Match", e));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException("GET " + path + " at " + displayUrl() + ": " + cause(e));
        }
        int status = response.statusCode();
        switch (status) {
            case 200:
                return new Fresh(response.body(), response.headers().firstValue("ETag").filter(v -> !v.isBlank()));
            case 304:
                return NotModified.INSTANCE;
            case 404:
                return NotFound.INSTANCE;
            case 401:
            case 403:
                throw new RegistryException("GET " + path + " at " + displayUrl() + " answered HTTP " + status
                        + (token.isEmpty() ? " (no spec.registry.tokenFile is configured)"
                        : " (check the token in spec.registry.tokenFile)"));
            default:
                throw new RegistryException("GET " + path + " at " + displayUrl() + " answered HTTP " + status);
        }
    }

    private Optional<String> token() throws RegistryException {
        if (config.tokenFile().isEmpty()) {
            return Optional.empty();
        }
        String token;
        try {
            token = Files.readString(config.tokenFile().get(), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new RegistryException("spec.registry.tokenFile " + config.tokenFile().get() + " does not exist");
        } catch (IOException e) {
            throw new RegistryException("cannot read spec.registry.tokenFile " + config.tokenFile().get() + ": "
                    + e.getClass().getSimpleName());
        }
        if (token.isEmpty()) {
            throw new RegistryException("spec.registry.tokenFile " + config.tokenFile().get() + " is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // Checked here so that no exception message can ever quote the header value.
                throw new RegistryException("spec.registry.tokenFile " + config.tokenFile().get()
                        + " holds characters a bearer token cannot have");
            }
        }
        return Optional.of(token);
    }

    private String cause(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed (" + t.getMessage() + ")";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    /** What a GET answered, when it is not a failure. */
    sealed interface Answer permits Fresh, NotModified, NotFound {
    }

    /** 200: the body, and the ETag to send as {@code If-None-Match} next time, if the server gave one. */
    record Fresh(byte[] body, Optional<String> etag) implements Answer {
    }

    /** 304: the body is the one read before. */
    enum NotModified implements Answer {
        INSTANCE
    }

    /** 404. */
    enum NotFound implements Answer {
        INSTANCE
    }
}
