/**
 * Authentication: who is calling. {@link io.cloudpedia.auth.Authenticator} turns an {@code Authorization} header into
 * an {@link io.cloudpedia.auth.AuthResult} (a principal, or why not), from static bearer tokens kept as SHA-256 hashes
 * in Secrets Manager ({@link io.cloudpedia.auth.StaticTokens}) or EKS-style IAM tokens verified by STS with the
 * endpoint pinned ({@link io.cloudpedia.auth.IamTokenVerifier}); {@link io.cloudpedia.auth.AuthorizerFunction} is the
 * API Gateway Lambda authorizer around it. What a principal may do is {@link io.cloudpedia.auth.policy}'s concern.
 *
 * <p>A token never reaches a log line, an exception message or a {@code toString()}: only its
 * {@link io.cloudpedia.auth.Fingerprint} and a fixed {@link io.cloudpedia.auth.DenyReason}. See docs/security.md.
 */
package io.cloudpedia.auth;
