/**
 * Kubernetes discovery for what is synced: the documents kubectl and client-go read from {@code /api},
 * {@code /apis} and each group/version, in the legacy form and the aggregated {@code apidiscovery.k8s.io} form.
 *
 * <p>Entry point: {@link io.cloudpedia.api.discovery.Discovery#of}, built from the
 * {@link io.cloudpedia.api.discovery.SyncedType}s of one cluster (per-cluster discovery) or the union over all
 * clusters (global discovery). Short names and categories of built-in types come from a catalogue of a v1.32
 * apiserver's discovery; custom resources get the CRD defaults. The handler picks the legacy or aggregated document
 * with {@link io.cloudpedia.api.discovery.Discovery#acceptedAggregatedVersion}.
 */
package io.cloudpedia.api.discovery;
