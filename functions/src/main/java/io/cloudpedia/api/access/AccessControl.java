package io.cloudpedia.api.access;

import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.auth.policy.Policy;
import io.cloudpedia.auth.policy.PolicySource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The authorization policy every request is checked against (docs/security.md). Requests must carry an authenticated
 * principal ({@link ApiRequest#principal()}): the carrier sets it (ApiFunction from the Lambda authorizer's context,
 * the local server from its own authentication); a request without one is 401.
 */
public final class AccessControl {
  private final Supplier<Policy> policy;

  private AccessControl(Supplier<Policy> policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The policy of {@code source}, as it is reloaded. */
  public static AccessControl of(PolicySource source) {
    return new AccessControl(source::current);
  }

  public static AccessControl of(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    return new AccessControl(() -> policy);
  }

  /**
   * @throws ApiException 401 when the request has no authenticated principal
   */
  public Caller caller(ApiRequest request) {
    String principal = request.principal().orElseThrow(() -> new ApiException("Unauthorized", 401, "Unauthorized"));
    return new Caller(principal, policy.get());
  }
}
