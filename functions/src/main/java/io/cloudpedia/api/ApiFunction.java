package io.cloudpedia.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cloudpedia.api.http.ApiRequest;
import io.cloudpedia.api.http.ApiResponse;
import io.cloudpedia.api.http.Gzip;
import io.cloudpedia.api.http.QueryStrings;
import io.cloudpedia.api.status.ApiException;
import io.cloudpedia.api.status.Status;
import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.env.FunctionEnvironment;
import io.cloudpedia.lambda.ColdStart;
import io.cloudpedia.lambda.Priming;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The API Gateway HTTP API (payload format 2.0) handler: converts the event into an {@link ApiRequest}, lets
 * {@link KubeApi} answer, and converts the answer back. A thin adapter.
 *
 * <p>Bodies are always sent base64-encoded, so that their size in the Lambda response is exactly 4/3 of the bytes
 * (an escaped JSON string could grow up to 6 times), and gzip-compressed when the client accepts it: with the page
 * byte budget ({@link ApiConfig#pageByteBudget()}) no response reaches Lambda's 6 MB limit.
 */
public final class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiFunction.class);

  /**
   * What the function reads from its environment: {@link ApiFunctionConfig}'s variables, and Powertools' metrics
   * namespace (EMF needs one) and service name (the {@code service} field of log lines, the {@code Service} dimension).
   */
  public static final FunctionEnvironment ENVIRONMENT = FunctionEnvironment.of(ApiFunctionConfig::from,
      ApiFunctionConfig.VARIABLES, EnvVariable.deployment("POWERTOOLS_METRICS_NAMESPACE"),
      EnvVariable.deployment("POWERTOOLS_SERVICE_NAME"));

  private final KubeApi api;
  private final ApiMetrics metrics;

  /**
   * For Lambda: DynamoDB stores, configured from the environment ({@link ApiFunctionConfig}), Powertools metrics, and
   * priming before a SnapStart snapshot ({@link ApiPriming}, then one DynamoDB read).
   */
  public ApiFunction() {
    this(ApiWiring.fromEnvironment());
  }

  private ApiFunction(ApiWiring.Wired wired) {
    this(wired.api(), ApiMetrics.over(MetricsFactory.getMetricsInstance()));
    Priming.register("ApiFunction", () -> {
      ApiPriming.run();
      wired.primeAws().run();
    });
  }

  /** For tests: any API, metrics through Powertools (set {@code AWS_EMF_ENVIRONMENT=Local} outside Lambda). */
  public ApiFunction(KubeApi api) {
    this(api, ApiMetrics.over(MetricsFactory.getMetricsInstance()));
  }

  ApiFunction(KubeApi api, ApiMetrics metrics) {
    this.api = Objects.requireNonNull(api, "api");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Answers one request. Its log lines carry Powertools' Lambda fields ({@code function_request_id}, {@code cold_start},
   * {@code xray_trace_id}, ...), {@code correlation_id} (API Gateway's request id, which its access logs show) and
   * {@code route}; one line and one metrics document per request.
   */
  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (context == null) {
      return invoke(event, UUID.randomUUID().toString());
    }
    return PowertoolsLogging.withLogging(context, () -> invoke(event, context.getAwsRequestId()));
  }

  private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, String requestId) {
    long started = System.nanoTime();
    boolean coldStart = ColdStart.take();
    String correlationId = event != null && event.getRequestContext() != null
        ? event.getRequestContext().getRequestId() : null;
    if (correlationId != null) {
      MDC.put(CORRELATION_ID, correlationId);
    }
    try {
      Answer answer = answer(event, requestId);
      long millis = (System.nanoTime() - started) / 1_000_000;
      MDC.put(ROUTE, answer.route().metricName());
      LOG.info("{} {} -> {} ({} bytes, {} ms)", answer.method(), answer.path(), answer.code(), answer.bytes(), millis);
      try {
        if (coldStart) {
          metrics.coldStart();
        }
        metrics.request(answer.route(), answer.code(), millis, answer.method(), requestId);
      } catch (RuntimeException e) {
        // Losing one request's metrics must not lose its answer.
        LOG.warn("metrics not written: {}", e.toString());
      }
      return answer.response();
    } finally {
      MDC.remove(CORRELATION_ID);
      MDC.remove(ROUTE);
    }
  }

  static final String CORRELATION_ID = "correlation_id";
  static final String ROUTE = "route";

  /** A request answered: what metrics and the log line say of it, and the Lambda response. */
  record Answer(ApiRoute route, String method, String path, int code, int bytes, APIGatewayV2HTTPResponse response) {}

  /** The adapter itself: event to request, {@link KubeApi}, answer to response. No metrics, no log line. */
  Answer answer(APIGatewayV2HTTPEvent event, String requestId) {
    ApiRequest request;
    try {
      request = toRequest(event, requestId);
    } catch (ApiException e) {
      byte[] body = Status.of(e).toJson().getBytes(StandardCharsets.UTF_8);
      String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
          ? event.getRequestContext().getHttp().getMethod() : "GET";
      return new Answer(ApiRoute.OTHER, method, String.valueOf(event.getRawPath()), e.code(), body.length,
          toResponse(ApiResponse.json(e.code(), body), false));
    }
    ApiResponse response = api.handle(request);
    return new Answer(route(request), request.method(), request.path(), response.code(), response.body().length,
        toResponse(response, Gzip.worthIt(request, response.body())));
  }

  /** The route for metrics; never the reason a request fails. */
  private static ApiRoute route(ApiRequest request) {
    try {
      return ApiRoute.of(request);
    } catch (RuntimeException e) {
      LOG.warn("request {}: no route for its metrics ({})", request.requestId(), e.getClass().getSimpleName());
      return ApiRoute.OTHER;
    }
  }

  static ApiRequest toRequest(APIGatewayV2HTTPEvent event, String requestId) {
    String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
        ? event.getRequestContext().getHttp().getMethod()
        : "GET";
    String rawPath = event.getRawPath() == null ? "/" : event.getRawPath();
    Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
    byte[] body = new byte[0];
    if (event.getBody() != null) {
      try {
        body = event.getIsBase64Encoded()
            ? Base64.getDecoder().decode(event.getBody())
            : event.getBody().getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("the request body is not valid base64");
      }
    }
    if (body.length > ApiRequest.MAX_BODY_BYTES) {
      throw new ApiException("RequestEntityTooLarge", 413,
          "the request body is larger than " + ApiRequest.MAX_BODY_BYTES + " bytes");
    }
    ApiRequest request = new ApiRequest(method, QueryStrings.decodePath(rawPath),
        QueryStrings.parse(event.getRawQueryString()), headers, requestId, body);
    return principal(event).map(request::withPrincipal).orElse(request);
  }

  /**
   * Who the Lambda authorizer authenticated: {@code requestContext.authorizer.lambda.principal} (or, behind an IAM
   * authorizer, the caller's ARN). Set by API Gateway only; a client cannot supply it.
   */
  static Optional<String> principal(APIGatewayV2HTTPEvent event) {
    if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
      return Optional.empty();
    }
    var authorizer = event.getRequestContext().getAuthorizer();
    if (authorizer.getLambda() != null && authorizer.getLambda().get("principal") instanceof String p
        && !p.isEmpty()) {
      return Optional.of(p);
    }
    if (authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
      return Optional.of(authorizer.getIam().getUserArn());
    }
    return Optional.empty();
  }

  static APIGatewayV2HTTPResponse toResponse(ApiResponse response, boolean gzip) {
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    byte[] body = response.body();
    if (gzip) {
      body = Gzip.compress(body);
      headers.put("Content-Encoding", "gzip");
    }
    headers.put("Vary", "Accept, Accept-Encoding");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.code())
        .withHeaders(headers)
        .withBody(Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(true)
        .build();
  }

}
