package io.cloudpedia.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.cloudpedia.api.clusters.ClusterDirectory;
import io.cloudpedia.api.list.ContinueTokens;
import io.cloudpedia.api.path.PathResolver;
import io.cloudpedia.events.InMemoryEventStore;
import io.cloudpedia.ingest.IngestMetrics;
import io.cloudpedia.ingest.IngestPriming;
import io.cloudpedia.ingest.IngestService;
import io.cloudpedia.store.memory.InMemoryResourceStore;
import io.cloudpedia.store.memory.InMemorySyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ApiFunction runs before a SnapStart snapshot ({@link io.cloudpedia.lambda.Priming}): the requests kubectl sends
 * first (version, aggregated and legacy discovery, a Table list gzipped, a get with its Events, a labelled page with a
 * continue token), answered by the handler's own adapter over in-memory stores that hold
 * {@link IngestPriming}'s message. No metrics, nothing of the real stores.
 */
public final class ApiPriming {
  static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
      + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  private ApiPriming() {}

  /** The status codes of the priming requests, in order. */
  public static List<Integer> run() {
    InMemoryResourceStore store = new InMemoryResourceStore();
    InMemorySyncStateStore syncState = new InMemorySyncStateStore();
    InMemoryEventStore events = new InMemoryEventStore();
    IngestPriming.apply(new IngestService(store, syncState, events, IngestMetrics.none()));
    Clock clock = Clock.systemUTC();
    KubeApi api = new KubeApi(store, new ClusterDirectory(syncState),
        ContinueTokens.withRandomKey(Duration.ofMinutes(15), clock), ApiConfig.DEFAULTS, clock).withEvents(events);
    ApiFunction function = new ApiFunction(api, ApiMetrics.none());
    String all = PathResolver.RESOURCES;
    String one = PathResolver.RESOURCES + "/clusters/" + IngestPriming.CLUSTER;
    List<APIGatewayV2HTTPEvent> requests = List.of(
        get("/version", "", "application/json"),
        get(all + "/api", "", AGGREGATED),
        get(all + "/apis", "", AGGREGATED),
        get(all + "/api/v1", "", "application/json"),
        get(all + "/api/v1/pods", "limit=500", TABLE),
        get(one + "/api/v1/namespaces/default/pods/web-0", "", "application/json"),
        get(all + "/api/v1/pods", "labelSelector=app%3Dweb&limit=1&injectEvents=true",
            "application/json"));
    List<Integer> codes = new ArrayList<>();
    for (APIGatewayV2HTTPEvent request : requests) {
      codes.add(function.answer(request, "priming").response().getStatusCode());
    }
    return codes;
  }

  private static APIGatewayV2HTTPEvent get(String path, String query, String accept) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withRawQueryString(query)
        .withHeaders(Map.of("accept", accept, "accept-encoding", "gzip", "user-agent", "kubectl/v1.32.1"))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("priming")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
            .build())
        .build();
  }
}
