package io.cloudpedia.agent.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where deltas go. {@code maxMessageBytes} is a hard cap on every message the agent sends (the queue's
 * {@code MaximumMessageSize} may be lower than SQS' 1 MiB); objects above {@code compressAboveBytes} go gzip.
 */
public record QueueConfig(String url, String region, Optional<URI> endpoint, int maxMessageBytes,
                          int compressAboveBytes) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;
    public static final int SQS_MAX_MESSAGE_BYTES = 1_048_576;
    /** Small enough that an envelope always has room for a truncated object's metadata. */
    public static final int MIN_MESSAGE_BYTES = 16_384;
    public static final int DEFAULT_COMPRESS_ABOVE_BYTES = 4096;

    public QueueConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        if (maxMessageBytes < MIN_MESSAGE_BYTES || maxMessageBytes > SQS_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be within " + MIN_MESSAGE_BYTES + ".."
                    + SQS_MAX_MESSAGE_BYTES);
        }
        if (compressAboveBytes < 0) {
            throw new IllegalArgumentException("compressAboveBytes must not be negative");
        }
    }

    public static QueueConfig of(String url, String region) {
        return new QueueConfig(url, region, Optional.empty(), DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_COMPRESS_ABOVE_BYTES);
    }

    public QueueConfig withEndpoint(URI newEndpoint) {
        return new QueueConfig(url, region, Optional.of(newEndpoint), maxMessageBytes, compressAboveBytes);
    }

    public QueueConfig withMaxMessageBytes(int bytes) {
        return new QueueConfig(url, region, endpoint, bytes, compressAboveBytes);
    }

    public QueueConfig withCompressAboveBytes(int bytes) {
        return new QueueConfig(url, region, endpoint, maxMessageBytes, bytes);
    }
}
