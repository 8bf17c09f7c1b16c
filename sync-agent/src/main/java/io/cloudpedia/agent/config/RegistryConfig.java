package io.cloudpedia.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the agent reads its PediaCluster ({@code spec.registry}): the Cloudpedia API root, how to authenticate and
 * trust it, and how often to poll. The token file is re-read at every poll, so a rotated (projected) token is used
 * as soon as it is written.
 *
 * @param url                   the API root, e.g. {@code https://api.example.com} (a path prefix such as an API
 *                              Gateway stage is kept)
 * @param tokenFile             a file holding the bearer token; none = no {@code Authorization} header
 * @param insecureSkipTLSVerify trust any certificate for any name (tests, never production)
 * @param caFile                PEM certificates trusted in addition to the system's
 * @param pollInterval          time between two polls while they succeed
 */
public record RegistryConfig(URI url, Optional<Path> tokenFile, boolean insecureSkipTLSVerify, Optional<Path> caFile,
                             Duration pollInterval) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    public RegistryConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("url must be an http(s) URL");
        }
        if (insecureSkipTLSVerify && caFile.isPresent()) {
            throw new IllegalArgumentException("insecureSkipTLSVerify and caFile exclude each other");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    public static RegistryConfig of(URI url) {
        return new RegistryConfig(url, Optional.empty(), false, Optional.empty(), DEFAULT_POLL_INTERVAL);
    }

    public RegistryConfig withTokenFile(Path file) {
        return new RegistryConfig(url, Optional.of(file), insecureSkipTLSVerify, caFile, pollInterval);
    }

    public RegistryConfig withInsecureSkipTLSVerify(boolean insecure) {
        return new RegistryConfig(url, tokenFile, insecure, caFile, pollInterval);
    }

    public RegistryConfig withCaFile(Path file) {
        return new RegistryConfig(url, tokenFile, insecureSkipTLSVerify, Optional.of(file), pollInterval);
    }

    public RegistryConfig withPollInterval(Duration interval) {
        return new RegistryConfig(url, tokenFile, insecureSkipTLSVerify, caFile, interval);
    }
}
