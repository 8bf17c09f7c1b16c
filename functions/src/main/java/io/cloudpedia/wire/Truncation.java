package io.cloudpedia.wire;

import java.util.Objects;

/**
 * Why an upsert carries only the object's metadata: the agent could not send it whole.
 *
 * @param reason e.g. {@code TooLarge}
 * @param bytes the size of the whole object's JSON
 */
public record Truncation(String reason, long bytes) {
  public Truncation {
    Objects.requireNonNull(reason, "reason");
  }
}
