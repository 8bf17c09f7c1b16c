/**
 * Request forwarding to member clusters (Clusterpedia's proxy): {@link io.cloudpedia.api.forward.Forwarding} decides,
 * {@link io.cloudpedia.api.forward.Forwarder} sends, {@link io.cloudpedia.api.forward.ForwardSettings} configures.
 */
package io.cloudpedia.api.forward;
