/**
 * The cluster registry: PediaClusters and ClusterSyncResources ({@code cluster.clusterpedia.io/v1alpha2}) as the API
 * serves them and forwarding reads them.
 *
 * <ul>
 *   <li>{@link io.cloudpedia.registry.PediaClusters}: shape validation with Kubernetes-style causes, and
 *       normalisation, before a write;
 *   <li>{@link io.cloudpedia.registry.ClusterRegistry}: the stored objects with apiserver-like metadata and optimistic
 *       writes, in DynamoDB ({@link io.cloudpedia.registry.DynamoClusterRegistry}, docs/storage.md "Cluster
 *       registry") or in memory ({@link io.cloudpedia.registry.InMemoryClusterRegistry});
 *   <li>{@link io.cloudpedia.registry.ClusterConditions}: a PediaCluster's {@code status.conditions} from its
 *       validation and its agent's reports;
 *   <li>{@link io.cloudpedia.registry.credentials}: how to reach a member cluster, secrets from Secrets Manager.
 * </ul>
 */
package io.cloudpedia.registry;
