/**
 * Clusterpedia's collection resources ({@code /apis/clusterpedia.io/v1beta1/collectionresources}): one search over
 * several types ({@code any}, {@code workloads}, {@code kuberesources}), paged type by type.
 */
package io.cloudpedia.api.collections;
