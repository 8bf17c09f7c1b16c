package io.cloudpedia.agent.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;

/** Asks the member cluster's {@code /version}: its answer is the cluster version, its success the health. */
public final class ClusterProbe {

    private final KubernetesClient client;
    private String lastVersion = "";

    public ClusterProbe(KubernetesClient client) {
        this.client = client;
    }

    public synchronized Result probe() {
        try {
            VersionInfo info = client.getKubernetesVersion();
            if (info == null) {
                return new Result(lastVersion, false, "/version answered nothing");
            }
            lastVersion = info.getGitVersion() == null ? "" : info.getGitVersion();
            return new Result(lastVersion, true, "");
        } catch (KubernetesClientException e) {
            String message = e.getCode() > 0 ? "/version failed: HTTP " + e.getCode() : "/version failed: "
                    + e.getClass().getSimpleName() + (e.getCause() == null ? "" : " (" + e.getCause().getClass()
                    .getSimpleName() + ")");
            return new Result(lastVersion, false, message);
        } catch (RuntimeException e) {
            return new Result(lastVersion, false, "/version failed: " + e.getClass().getSimpleName());
        }
    }

    /** What the last probe found; the version is the last one known when the probe failed. */
    public record Result(String clusterVersion, boolean healthy, String message) {
    }
}
