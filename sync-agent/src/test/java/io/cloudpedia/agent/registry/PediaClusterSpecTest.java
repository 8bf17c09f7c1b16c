package io.cloudpedia.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.agent.config.SyncResource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PediaClusterSpecTest {

    private static byte[] pediaCluster(String syncResources) {
        return ("{\"apiVersion\":\"cluster.clusterpedia.io/v1alpha2\",\"kind\":\"PediaCluster\","
                + "\"metadata\":{\"name\":\"c1\"},\"spec\":{\"syncResources\":" + syncResources + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsInvolvedResourcesAreReadAlsoWithWildcardResources() throws Exception {
        PediaClusterSpec spec = PediaClusterSpec.pediaCluster(pediaCluster(
                "[{\"group\":\"\",\"resources\":[\"pods\",\"configmaps\"],\"eventsInvolvedResources\":[\"pods\"]},"
                        + "{\"group\":\"apps\",\"resources\":[\"*\"],\"eventsInvolvedResources\":[\"deployments\"]},"
                        + "{\"group\":\"batch\",\"resources\":[\"jobs\"]}]"));

        assertThat(spec.syncResources()).containsExactly(
                new SyncResource("", List.of(), List.of("pods", "configmaps"), List.of("pods")),
                new SyncResource("apps", List.of(), List.of("*"), List.of("deployments")),
                new SyncResource("batch", List.of(), List.of("jobs"), List.of()));
    }

    @Test
    void anEventsInvolvedResourceNotAmongTheEntrysResourcesIsRefused() {
        assertThatThrownBy(() -> PediaClusterSpec.pediaCluster(pediaCluster(
                "[{\"group\":\"\",\"resources\":[\"pods\"],\"eventsInvolvedResources\":[\"services\"]}]")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("services");
    }
}
