package io.cloudpedia.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sync-agent's whole configuration, read in one place ({@link ConfigLoader}). Defaults are documented in
 * sync-agent/README.md.
 *
 * @param clusterName     the member cluster's name in Cloudpedia (PediaCluster {@code metadata.name})
 * @param healthPort      port of /healthz, /readyz and /metrics; 0 = a free port, -1 = no HTTP server
 * @param syncResources   the types to sync; with a registry, only until its PediaCluster was read
 * @param healthAddress   address that HTTP server binds to (loopback unless the config says otherwise)
 * @param registry        where to read the PediaCluster whose {@code spec.syncResources} replace the local ones
 */
public record Config(String clusterName, List<SyncResource> syncResources, QueueConfig queue, int pageSize,
                     Duration statusInterval, int healthPort, String healthAddress,
                     Optional<RegistryConfig> registry) {

    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_HEALTH_PORT = 8081;
    public static final String DEFAULT_HEALTH_ADDRESS = "127.0.0.1";

    public Config {
        Objects.requireNonNull(clusterName, "clusterName");
        syncResources = List.copyOf(syncResources);
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(statusInterval, "statusInterval");
        Objects.requireNonNull(healthAddress, "healthAddress");
        Objects.requireNonNull(registry, "registry");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        if (statusInterval.isNegative() || statusInterval.isZero()) {
            throw new IllegalArgumentException("statusInterval must be positive");
        }
        if (healthPort < -1 || healthPort > 65535) {
            throw new IllegalArgumentException("healthPort must be -1..65535");
        }
    }

    /** A configuration with every default, for programmatic use (tests, the local mode). */
    public static Config of(String clusterName, QueueConfig queue, SyncResource... resources) {
        return new Config(clusterName, List.of(resources), queue, DEFAULT_PAGE_SIZE, DEFAULT_STATUS_INTERVAL,
                DEFAULT_HEALTH_PORT, DEFAULT_HEALTH_ADDRESS, Optional.empty());
    }

    public Config withSyncResources(List<SyncResource> resources) {
        return new Config(clusterName, resources, queue, pageSize, statusInterval, healthPort, healthAddress,
                registry);
    }

    public Config withQueue(QueueConfig newQueue) {
        return new Config(clusterName, syncResources, newQueue, pageSize, statusInterval, healthPort, healthAddress,
                registry);
    }

    public Config withPageSize(int newPageSize) {
        return new Config(clusterName, syncResources, queue, newPageSize, statusInterval, healthPort, healthAddress,
                registry);
    }

    public Config withStatusInterval(Duration interval) {
        return new Config(clusterName, syncResources, queue, pageSize, interval, healthPort, healthAddress,
                registry);
    }

    public Config withHealthPort(int port) {
        return new Config(clusterName, syncResources, queue, pageSize, statusInterval, port, healthAddress,
                registry);
    }

    public Config withHealthAddress(String address) {
        return new Config(clusterName, syncResources, queue, pageSize, statusInterval, healthPort, address,
                registry);
    }

    public Config withRegistry(RegistryConfig newRegistry) {
        return new Config(clusterName, syncResources, queue, pageSize, statusInterval, healthPort, healthAddress,
                Optional.of(newRegistry));
    }
}
