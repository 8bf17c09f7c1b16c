/**
 * Authorization: what an authenticated principal may do. A {@link io.cloudpedia.auth.policy.Policy} (rules over
 * principals, clusters, namespaces, resources and actions; deny by default) answers single requests
 * ({@link io.cloudpedia.auth.policy.Policy#allows}) and gives a {@link io.cloudpedia.auth.policy.Scope} for filtering
 * cross-cluster lists and discovery; a {@link io.cloudpedia.auth.policy.PolicySource} keeps the policy in force in step
 * with its document in Secrets Manager or SSM Parameter Store. See docs/security.md.
 */
package io.cloudpedia.auth.policy;
