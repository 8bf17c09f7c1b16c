package io.cloudpedia.agent.testing;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Pattern;

/**
 * A fabric8 mock API server in mixed mode (CRUD plus scripted expectations) with scripted discovery for the core
 * group and {@code apps}, since the CRUD mode answers discovery with empty lists. Event field selectors on
 * {@code involvedObject.kind} are dropped (see {@link WithoutInvolvedObjectSelector}).
 */
public final class MockCluster implements AutoCloseable {

    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockCluster() {
        // The server and its dispatcher must share one expectations map, or scripted answers are never used.
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        VersionInfo version = new VersionInfo.Builder().withMajor("1").withMinor("32").withGitVersion("v1.32.1")
                .build();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new WithoutInvolvedObjectSelector(new KubernetesMixedDispatcher(responses)), false, version);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        scriptDiscovery();
    }

    public KubernetesMockServer server() {
        return server;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    public static APIResource resource(String name, String kind, boolean namespaced, List<String> verbs) {
        return new APIResourceBuilder().withName(name).withSingularName("").withKind(kind).withNamespaced(namespaced)
                .withVerbs(verbs).build();
    }

    private void scriptDiscovery() {
        server.expect().get().withPath("/api/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("v1")
                .withResources(
                        resource("pods", "Pod", true, ALL_VERBS),
                        resource("pods/status", "Pod", true, List.of("get", "patch", "update")),
                        resource("configmaps", "ConfigMap", true, ALL_VERBS),
                        resource("secrets", "Secret", true, ALL_VERBS),
                        resource("nodes", "Node", false, ALL_VERBS),
                        resource("events", "Event", true, ALL_VERBS),
                        resource("namespaces", "Namespace", false, ALL_VERBS),
                        resource("bindings", "Binding", true, List.of("create")))
                .build()).always();
        server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder()
                .withGroups(new APIGroupBuilder().withName("apps")
                        .withVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion("apps/v1")
                                .withVersion("v1").build())
                        .withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion("apps/v1")
                                .withVersion("v1").build())
                        .build())
                .build()).always();
        server.expect().get().withPath("/apis/apps/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("apps/v1")
                .withResources(
                        resource("deployments", "Deployment", true, ALL_VERBS),
                        resource("deployments/status", "Deployment", true, List.of("get", "patch", "update")),
                        resource("deployments/scale", "Scale", true, List.of("get", "patch", "update")),
                        resource("statefulsets", "StatefulSet", true, ALL_VERBS),
                        resource("controllerrevisions", "ControllerRevision", true, ALL_VERBS),
                        resource("frozenthings", "FrozenThing", true, List.of("get", "create")))
                .build()).always();
    }

    /**
     * Drops the field selector {@code involvedObject.kind=...} from requests: the CRUD mock knows no field but
     * {@code metadata.name} and would answer an event synchro's list and watch with nothing. The agent checks the
     * kind itself too, so events of every kind reach it here, as they would from a server that ignored the selector.
     */
    private static final class WithoutInvolvedObjectSelector extends Dispatcher {

        private static final Pattern SELECTOR =
                Pattern.compile("([?&])fieldSelector=involvedObject\\.kind(%3D|=)[^&]*&?");

        private final Dispatcher delegate;

        WithoutInvolvedObjectSelector(Dispatcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path == null || !SELECTOR.matcher(path).find()) {
                return delegate.dispatch(request);
            }
            String stripped = SELECTOR.matcher(path).replaceFirst("$1").replaceAll("[?&]$", "");
            return delegate.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), stripped,
                    request.getHeaders(), request.getBody()));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public void releaseResources() {
            delegate.releaseResources();
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
