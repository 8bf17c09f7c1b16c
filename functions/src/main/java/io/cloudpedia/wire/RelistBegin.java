package io.cloudpedia.wire;

import io.cloudpedia.store.GroupVersionResource;
import java.util.Objects;

/**
 * The agent starts a full list of a type.
 *
 * @param reason {@code Initial}, {@code Expired} or {@code Resync} as the agent sends them; informational, so a
 *     reason this version does not know is kept rather than rejected
 */
public record RelistBegin(GroupVersionResource type, String relistId, String reason) implements Delta {

  public RelistBegin {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(relistId, "relistId");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String op() {
    return "relistBegin";
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.relistBegin(this);
  }
}
