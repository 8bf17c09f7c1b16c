/**
 * Who may see and do what on the API: the authenticated principal of a request and the authorization policy
 * ({@link io.cloudpedia.auth.policy.Policy}), applied to every path (docs/security.md).
 */
package io.cloudpedia.api.access;
