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
 * {@code involvedObject.kind} are dropped (see {@link Normalising}).
 */
public final class MockCluster implements AutoCloseable {

    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private final MockWebServer web = new MockWebServer();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockCluster() {
        this(false, null);
    }

    /**
     * A member cluster that, as an apiserver does, serves HTTPS (vert.x's self-signed certificate for
     * {@code localhost}, see {@link #caPem()}) and answers 401 {@code Unauthorized} to any request that is neither
     * {@code Authorization: Bearer token} nor from {@code remoteUser} (the {@code X-Remote-User} header an
     * authenticating front proxy sets after checking a client certificate: fabric8's mock does not ask for client
     * certificates itself, see the tests' {@code MutualTlsFront}). Its own {@link #client()} uses the token.
     */
    public static MockCluster secured(String token, String remoteUser) {
        return new MockCluster(true, new Credentials(token, remoteUser));
    }

    private record Credentials(String token, String remoteUser) {
        boolean accept(RecordedRequest request) {
            return ("Bearer " + token).equals(request.getHeader("Authorization"))
                    || (remoteUser != null && remoteUser.equals(request.getHeader("X-Remote-User")));
        }
    }

    private MockCluster(boolean https, Credentials credentials) {
        // The server and its dispatcher must share one expectations map, or scripted answers are never used.
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        VersionInfo version = new VersionInfo.Builder().withMajor("1").withMinor("32").withGitVersion("v1.32.1")
                .build();
        Dispatcher dispatcher = new Normalising(new KubernetesMixedDispatcher(responses));
        if (credentials != null) {
            dispatcher = new Authenticating(credentials, dispatcher);
        }
        server = new KubernetesMockServer(new Context(), web, responses, dispatcher, https, version);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = credentials == null ? server.createClient()
                : server.createClient(b -> b.editOrNewConfig().withOauthToken(credentials.token()).endConfig());
        scriptDiscovery();
    }

    /** The PEM certificate an HTTPS member serves (self-signed, for {@code localhost}): its CA for clients. */
    public String caPem() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(
                    web.getSelfSignedCertificate().certificatePath()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The base URL, without a trailing slash: {@code https://localhost:PORT} for a secured member. */
    public String url() {
        return server.url("/").replaceAll("/$", "");
    }

    public KubernetesMockServer server() {
        return server;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    public static APIResource resource(String name, String kind, boolean namespaced, List<String> verbs,
            String... shortNames) {
        return new APIResourceBuilder().withName(name).withSingularName("").withKind(kind).withNamespaced(namespaced)
                .withVerbs(verbs).withShortNames(shortNames).build();
    }

    private void scriptDiscovery() {
        server.expect().get().withPath("/api").andReturn(200, new io.fabric8.kubernetes.api.model.APIVersionsBuilder()
                .withVersions("v1").build()).always();
        server.expect().get().withPath("/api/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("v1")
                .withResources(
                        resource("pods", "Pod", true, ALL_VERBS, "po"),
                        resource("pods/status", "Pod", true, List.of("get", "patch", "update")),
                        resource("configmaps", "ConfigMap", true, ALL_VERBS, "cm"),
                        resource("secrets", "Secret", true, ALL_VERBS),
                        resource("nodes", "Node", false, ALL_VERBS, "no"),
                        resource("events", "Event", true, ALL_VERBS, "ev"),
                        resource("namespaces", "Namespace", false, ALL_VERBS, "ns"),
                        resource("bindings", "Binding", true, List.of("create")))
                .build()).always();
        server.expect().get().withPath("/apis").andReturn(200, new APIGroupListBuilder()
                .withGroups(new APIGroupBuilder().withName("apps")
                        .withVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion("apps/v1")
                                .withVersion("v1").build())
                        .withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion("apps/v1")
                                .withVersion("v1").build())
                        .build(),
                        new APIGroupBuilder().withName("batch")
                        .withVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion("batch/v1")
                                .withVersion("v1").build())
                        .withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion("batch/v1")
                                .withVersion("v1").build())
                        .build())
                .build()).always();
        server.expect().get().withPath("/apis/batch/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("batch/v1")
                .withResources(
                        resource("cronjobs", "CronJob", true, ALL_VERBS, "cj"),
                        resource("jobs", "Job", true, ALL_VERBS))
                .build()).always();
        server.expect().get().withPath("/apis/apps/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("apps/v1")
                .withResources(
                        resource("deployments", "Deployment", true, ALL_VERBS, "deploy"),
                        resource("deployments/status", "Deployment", true, List.of("get", "patch", "update")),
                        resource("deployments/scale", "Scale", true, List.of("get", "patch", "update")),
                        resource("statefulsets", "StatefulSet", true, ALL_VERBS, "sts"),
                        resource("controllerrevisions", "ControllerRevision", true, ALL_VERBS),
                        resource("frozenthings", "FrozenThing", true, List.of("get", "create")))
                .build()).always();
    }

    /** Answers 401 with an apiserver's {@code Status} to requests without the member's credentials. */
    private static final class Authenticating extends Delegating {
        private final Credentials credentials;

        Authenticating(Credentials credentials, Dispatcher delegate) {
            super(delegate);
            this.credentials = credentials;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (credentials.accept(request)) {
                return delegate.dispatch(request);
            }
            return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
        }
    }

    /** A dispatcher in front of another, which it shuts down with itself. */
    private abstract static class Delegating extends Dispatcher {
        final Dispatcher delegate;

        Delegating(Dispatcher delegate) {
            this.delegate = delegate;
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

    /**
     * Drops from request paths what the mock cannot serve but an apiserver would: the field selector
     * {@code involvedObject.kind=...} (the CRUD mock knows no field but {@code metadata.name} and would answer an event
     * synchro's list and watch with nothing; the agent checks the kind itself too, so events of every kind reach it
     * here, as they would from a server that ignored the selector), and {@code timeout=} (a server-side deadline, which
     * kubectl adds to discovery requests and scripted paths would otherwise have to repeat).
     */
    private static final class Normalising extends Delegating {

        private static final List<Pattern> DROPPED = List.of(
                Pattern.compile("([?&])fieldSelector=involvedObject\\.kind(%3D|=)[^&]*&?"),
                Pattern.compile("([?&])timeout=[^&]*&?"));

        Normalising(Dispatcher delegate) {
            super(delegate);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path == null || DROPPED.stream().noneMatch(p -> p.matcher(path).find())) {
                return delegate.dispatch(request);
            }
            String stripped = path;
            for (Pattern p : DROPPED) {
                stripped = p.matcher(stripped).replaceFirst("$1");
            }
            stripped = stripped.replaceAll("[?&]$", "");
            return delegate.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), stripped,
                    request.getHeaders(), request.getBody()));
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
