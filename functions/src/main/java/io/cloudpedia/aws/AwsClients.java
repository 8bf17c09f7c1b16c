package io.cloudpedia.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place the functions build AWS SDK clients: URL-connection HTTP client (the smallest; the Lambda jar carries
 * no Apache or Netty client), the region, an optional endpoint (LocalStack, moto) and optional credentials. What is
 * not given comes from the SDK's defaults: the region from {@code AWS_REGION}, credentials from the default provider
 * chain, the endpoint from {@code AWS_ENDPOINT_URL} if set.
 *
 * <pre>{@code
 * DynamoDbClient dynamo = AwsClients.defaults().dynamoDb();
 * SqsClient sqs = AwsClients.defaults().withRegion(Region.EU_WEST_1).withEndpoint(uri).sqs();
 * }</pre>
 *
 * Immutable; each {@code with...} returns a new value. Clients are thread-safe and meant to be built once per process
 * (in a handler's static initialisation) and reused.
 */
public final class AwsClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final Optional<Region> region;
  private final Optional<URI> endpoint;
  private final Optional<AwsCredentialsProvider> credentials;

  private AwsClients(
      Optional<Region> region, Optional<URI> endpoint, Optional<AwsCredentialsProvider> credentials) {
    this.region = region;
    this.endpoint = endpoint;
    this.credentials = credentials;
  }

  /** Everything from the SDK's defaults. */
  public static AwsClients defaults() {
    return new AwsClients(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public AwsClients withRegion(Region region) {
    return new AwsClients(Optional.of(Objects.requireNonNull(region, "region")), endpoint, credentials);
  }

  /** Sends every request to this endpoint instead of AWS's (LocalStack, moto, a VPC endpoint). */
  public AwsClients withEndpoint(URI endpoint) {
    return new AwsClients(region, Optional.of(Objects.requireNonNull(endpoint, "endpoint")), credentials);
  }

  public AwsClients withCredentials(AwsCredentialsProvider credentials) {
    return new AwsClients(region, endpoint, Optional.of(Objects.requireNonNull(credentials, "credentials")));
  }

  public Optional<Region> region() {
    return region;
  }

  public Optional<URI> endpoint() {
    return endpoint;
  }

  public DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder()).build();
  }

  public SqsClient sqs() {
    return configure(SqsClient.builder()).build();
  }

  /**
   * Applies these settings and the HTTP client to any service's builder, for services this class has no method for
   * ({@code AwsClients.defaults().configure(SecretsManagerClient.builder()).build()}) or to add overrides first.
   */
  public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> B configure(B builder) {
    builder.httpClientBuilder(
        UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT));
    region.ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    credentials.ifPresent(builder::credentialsProvider);
    return builder;
  }
}
