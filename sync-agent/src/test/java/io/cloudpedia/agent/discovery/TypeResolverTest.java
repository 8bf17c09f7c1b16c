package io.cloudpedia.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.testing.MockCluster;
import io.cloudpedia.agent.wire.Gvr;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TypeResolverTest {

    private static MockCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new MockCluster();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static List<ResourceType> resolve(SyncResource... resources) {
        return new TypeResolver(cluster.client()).resolve(List.of(resources));
    }

    @Test
    void starIsEveryListableAndWatchableResourceOfTheGroupWithoutSubresources() {
        List<ResourceType> types = resolve(SyncResource.of("apps", "*"));

        assertThat(types).extracting(t -> t.gvr().toString())
                .containsExactly("apps/v1/deployments", "apps/v1/statefulsets", "apps/v1/controllerrevisions");
        assertThat(types.get(0)).isEqualTo(new ResourceType(Gvr.parse("apps/v1/deployments"), "Deployment", true));
    }

    @Test
    void namesMatchCaseInsensitivelyAsPluralSingularOrKind() {
        List<ResourceType> types = resolve(SyncResource.of("", "PODS", "configmap", "Node"));

        assertThat(types).containsExactly(
                new ResourceType(Gvr.parse("v1/pods"), "Pod", true),
                new ResourceType(Gvr.parse("v1/configmaps"), "ConfigMap", true),
                new ResourceType(Gvr.parse("v1/nodes"), "Node", false));
    }

    @Test
    void typesThatCannotBeListedAndWatchedUnknownNamesAndUnknownGroupsAreSkipped() {
        List<ResourceType> types = resolve(
                SyncResource.of("", "bindings", "pods/status", "nosuchthings", "secrets"),
                SyncResource.of("apps", "frozenthings"),
                SyncResource.of("example.com", "widgets"));

        assertThat(types).extracting(t -> t.gvr().toString()).containsExactly("v1/secrets");
    }

    @Test
    void explicitVersionsAreUsedAndDuplicatesCollapse() {
        List<ResourceType> types = resolve(
                new SyncResource("apps", List.of("v1"), List.of("deployments")),
                SyncResource.of("apps", "deployment"),
                new SyncResource("apps", List.of("v1beta9"), List.of("deployments")));

        assertThat(types).extracting(t -> t.gvr().toString()).containsExactly("apps/v1/deployments");
    }
    @Test
    void eventsInvolvedResourcesMarkTheNamedTypesAlsoOfAWildcardEntry() {
        TypeResolver resolver = new TypeResolver(cluster.client());

        List<ResourceType> types = resolver.resolve(List.of(
                SyncResource.of("", "pods", "configmaps").withEventsInvolvedResources("PODS"),
                SyncResource.of("apps", "*").withEventsInvolvedResources("Deployment", "statefulsets"),
                SyncResource.of("", "nodes").withEventsInvolvedResources("*")));

        assertThat(types).hasSize(6);
        assertThat(resolver.eventsInvolved()).containsExactlyInAnyOrder(Gvr.parse("v1/pods"),
                Gvr.parse("apps/v1/deployments"), Gvr.parse("apps/v1/statefulsets"), Gvr.parse("v1/nodes"));
    }
}
