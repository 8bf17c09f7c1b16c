package io.cloudpedia.agent.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.agent.wire.Json;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Cloudpedia registry's cluster API on a fabric8 mock server (expectations only): serves PediaClusters and
 * ClusterSyncResources that a test sets and changes, each with an ETag that changes with its content, and answers 304
 * to a request whose {@code If-None-Match} carries the current ETag; 404 for what is not set.
 */
public final class MockRegistry implements AutoCloseable {

    public static final String PEDIA_CLUSTERS = "/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters/";
    public static final String CLUSTER_SYNC_RESOURCES =
            "/apis/cluster.clusterpedia.io/v1alpha2/clustersyncresources/";

    private final KubernetesMockServer server;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final Map<String, Boolean> scripted = new ConcurrentHashMap<>();
    private final AtomicInteger versions = new AtomicInteger();
    private volatile int failWith;

    private final boolean https;

    public MockRegistry() {
        this(false);
    }

    /** @param https serve HTTPS with a self-signed certificate for {@code localhost} ({@link #certificate()}) */
    public MockRegistry(boolean https) {
        this.https = https;
        server = new KubernetesMockServer(https);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    public URI url() {
        return URI.create((https ? "https://" : "http://") + server.getHostName() + ":" + server.getPort());
    }

    /** The PEM file of the server's self-signed certificate (HTTPS only). */
    public Path certificate() {
        return Path.of(server.getSelfSignedCertificate().certificatePath());
    }

    /** Serves (or replaces) the PediaCluster {@code name}. */
    public void pediaCluster(String name, List<SyncResource> resources, Optional<String> refName) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.set("syncResources", entries(resources));
        refName.ifPresent(r -> spec.put("syncResourcesRefName", r));
        // What Clusterpedia's API carries besides: must be ignored.
        spec.putObject("kubeconfig");
        serve(PEDIA_CLUSTERS + name, object("PediaCluster", name, spec));
    }

    public void clusterSyncResources(String name, List<SyncResource> resources) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.set("syncResources", entries(resources));
        serve(CLUSTER_SYNC_RESOURCES + name, object("ClusterSyncResources", name, spec));
    }

    /** From now on, answers 404 for the PediaCluster {@code name}. */
    public void removePediaCluster(String name) {
        served.remove(PEDIA_CLUSTERS + name);
    }

    /** Answers every request for what was served at some point with this status (0: normally again). */
    public void failWith(int status) {
        failWith = status;
    }

    /** Every request received since the last call, oldest first. */
    public List<RecordedRequest> takeRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests;
    }

    private ArrayNode entries(List<SyncResource> resources) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (SyncResource r : resources) {
            ObjectNode item = items.addObject();
            item.put("group", r.group());
            r.versions().forEach(item.putArray("versions")::add);
            ArrayNode names = item.putArray("resources");
            r.resources().forEach(names::add);
            if (!r.eventsInvolvedResources().isEmpty()) {
                r.eventsInvolvedResources().forEach(item.putArray("eventsInvolvedResources")::add);
            }
        }
        return items;
    }

    private static String object(String kind, String name, ObjectNode spec) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("apiVersion", "cluster.clusterpedia.io/v1alpha2");
        o.put("kind", kind);
        o.putObject("metadata").put("name", name);
        o.set("spec", spec);
        o.putObject("status").putArray("conditions");
        return o.toString();
    }

    private void serve(String path, String json) {
        served.put(path, new Served(json, "\"v" + versions.incrementAndGet() + "\""));
        if (scripted.putIfAbsent(path, true) == null) {
            server.expect().get().withPath(path).andReply(new Answer(path)).always();
        }
    }

    @Override
    public void close() {
        server.destroy();
    }

    private record Served(String json, String etag) {
    }

    /** Answers from what is served when the request comes (the mock asks for headers first, then status, body). */
    private final class Answer implements ResponseProvider<Object> {
        private final String path;

        Answer(String path) {
            this.path = path;
        }

        @Override
        public Headers getHeaders() {
            Served s = served.get(path);
            return s == null || failWith != 0 ? Headers.builder().build()
                    : Headers.builder().add("ETag", s.etag()).add("Content-Type", "application/json").build();
        }

        @Override
        public void setHeaders(Headers headers) {
        }

        @Override
        public int getStatusCode(RecordedRequest request) {
            Served s = served.get(path);
            if (failWith != 0) {
                return failWith;
            }
            if (s == null) {
                return 404;
            }
            return s.etag().equals(request.getHeader("If-None-Match")) ? 304 : 200;
        }

        @Override
        public Object getBody(RecordedRequest request) {
            Served s = served.get(path);
            if (failWith != 0 || s == null) {
                return "{\"kind\":\"Status\",\"code\":" + (failWith != 0 ? failWith : 404) + "}";
            }
            return s.etag().equals(request.getHeader("If-None-Match")) ? "" : s.json();
        }
    }
}
