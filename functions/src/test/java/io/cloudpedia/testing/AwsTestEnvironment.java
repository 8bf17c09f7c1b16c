package io.cloudpedia.testing;

import io.cloudpedia.aws.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An AWS endpoint for tests, one per JVM, started on first use and stopped when the JVM exits. It is, in this order:
 *
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL} if set (a LocalStack or moto you started yourself); Docker is not probed;
 *   <li>LocalStack in Docker through Testcontainers, when Docker is available;
 *   <li>{@code moto_server} from {@code PATH} on a free port of 127.0.0.1 (its output goes to
 *       {@code target/moto-server-PORT.log});
 *   <li>otherwise every use fails, saying what to install.
 * </ol>
 *
 * {@code CLOUDPEDIA_TEST_AWS=moto} or {@code =localstack} picks the backend instead (no Docker probe for moto);
 * {@code CLOUDPEDIA_LOCALSTACK_IMAGE} overrides the LocalStack image. The region is {@code AWS_REGION} or us-east-1;
 * the credentials are always {@code test}/{@code test}, never the developer's own.
 *
 * <p>The state of the endpoint lives as long as the JVM (or the external server): every test class creates its own
 * tables and queues with {@link #uniqueName(String)}.
 *
 * <pre>{@code
 * static final AwsTestEnvironment aws = AwsTestEnvironment.shared();
 * String table = aws.uniqueName("resources");
 * QueueWithDlq queue = aws.createQueueWithDlq(aws.uniqueName("deltas"), 3, 30);
 * aws.dynamoDb().putItem(...);                     // shared clients: do not close them
 * new ProcessBuilder(...).environment().putAll(aws.environment());   // for child processes
 * }</pre>
 */
public final class AwsTestEnvironment {

  public static final String ACCESS_KEY_ID = "test";
  public static final String SECRET_ACCESS_KEY = "test";
  public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4";

  private static final Duration MOTO_START_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicLong NAMES = new AtomicLong();

  /** Where the endpoint came from. */
  public enum Backend {
    /** {@code AWS_ENDPOINT_URL}. */
    EXTERNAL,
    LOCALSTACK,
    MOTO
  }

  /** A queue and the dead-letter queue its redrive policy sends to. */
  public record QueueWithDlq(String queueUrl, String queueArn, String dlqUrl, String dlqArn) {}

  private static AwsTestEnvironment shared;
  private static RuntimeException startFailure;

  private final Backend backend;
  private final URI endpoint;
  private final Region region;
  private final AwsClients clients;
  private final AutoCloseable stopper;
  private volatile DynamoDbClient dynamoDb;
  private volatile SqsClient sqs;
  private volatile SecretsManagerClient secretsManager;

  private AwsTestEnvironment(Backend backend, URI endpoint, Region region, AutoCloseable stopper) {
    this.backend = backend;
    this.endpoint = endpoint;
    this.region = region;
    this.stopper = stopper;
    this.clients = AwsClients.defaults().withRegion(region).withEndpoint(endpoint).withCredentials(credentials());
  }

  /**
   * The JVM's environment, started on the first call. Throws {@link IllegalStateException} (every call, with the same
   * message) when no backend is available.
   */
  public static synchronized AwsTestEnvironment shared() {
    if (shared != null) {
      return shared;
    }
    if (startFailure != null) {
      throw startFailure;
    }
    try {
      shared = start();
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
    AwsTestEnvironment started = shared;
    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "aws-test-environment-stop"));
    return started;
  }

  /**
   * An environment over a LocalStack container that the caller started and will stop (a test that must run against
   * LocalStack itself, under {@code @Testcontainers(disabledWithoutDocker = true)}).
   */
  public static AwsTestEnvironment over(LocalStackContainer container) {
    return new AwsTestEnvironment(Backend.LOCALSTACK, container.getEndpoint(),
        Region.of(container.getRegion()), () -> { });
  }

  public Backend backend() {
    return backend;
  }

  public URI endpoint() {
    return endpoint;
  }

  public Region region() {
    return region;
  }

  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
  }

  /** Region, endpoint and test credentials, for building any other client: {@code clients().configure(...)}. */
  public AwsClients clients() {
    return clients;
  }

  /** A client shared by every test in the JVM; do not close it. */
  public DynamoDbClient dynamoDb() {
    DynamoDbClient client = dynamoDb;
    if (client == null) {
      synchronized (this) {
        if (dynamoDb == null) {
          dynamoDb = clients.dynamoDb();
        }
        client = dynamoDb;
      }
    }
    return client;
  }

  /** A client shared by every test in the JVM; do not close it. */
  public SqsClient sqs() {
    SqsClient client = sqs;
    if (client == null) {
      synchronized (this) {
        if (sqs == null) {
          sqs = clients.sqs();
        }
        client = sqs;
      }
    }
    return client;
  }

  /** A client shared by every test in the JVM; do not close it. */
  public SecretsManagerClient secretsManager() {
    SecretsManagerClient client = secretsManager;
    if (client == null) {
      synchronized (this) {
        if (secretsManager == null) {
          secretsManager = clients.configure(SecretsManagerClient.builder()).build();
        }
        client = secretsManager;
      }
    }
    return client;
  }

  /**
   * {@code prefix-} and a suffix no other call in any JVM is likely to have: lower-case letters, digits and '-', valid
   * as a DynamoDB table, SQS queue or cluster name (keep the prefix short: queue names allow 80 characters).
   */
  public String uniqueName(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String random = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 45), 36);
    return prefix.toLowerCase(Locale.ROOT) + "-" + random + NAMES.incrementAndGet();
  }

  /**
   * Creates {@code name-dlq}, then {@code name} with that dead-letter queue after {@code maxReceiveCount} receives
   * and the given visibility timeout.
   */
  public QueueWithDlq createQueueWithDlq(String name, int maxReceiveCount, int visibilityTimeoutSeconds) {
    SqsClient sqs = sqs();
    String dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
    String dlqArn = queueArn(dlqUrl);
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
    Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
    attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy);
    attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds));
    String queueUrl = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
    return new QueueWithDlq(queueUrl, queueArn(queueUrl), dlqUrl, dlqArn);
  }

  public String queueArn(String queueUrl) {
    return sqs()
        .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /**
   * The variables that point an AWS SDK or CLI in a child process at this endpoint: {@code AWS_ENDPOINT_URL},
   * {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint.toString());
    env.put("AWS_REGION", region.id());
    env.put("AWS_DEFAULT_REGION", region.id());
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    return env;
  }

  @Override
  public String toString() {
    return "AwsTestEnvironment[" + backend + " " + endpoint + " " + region + "]";
  }

  private void stop() {
    try {
      if (dynamoDb != null) {
        dynamoDb.close();
      }
      if (sqs != null) {
        sqs.close();
      }
      if (secretsManager != null) {
        secretsManager.close();
      }
      stopper.close();
    } catch (Exception e) {
      System.err.println("stopping " + this + " failed: " + e);
    }
  }

  // ---- choosing and starting a backend ------------------------------------------------------------------------

  private static AwsTestEnvironment start() {
    Region region = Region.of(nonBlank(System.getenv("AWS_REGION"), "us-east-1"));
    String external = System.getenv("AWS_ENDPOINT_URL");
    if (external != null && !external.isBlank()) {
      return new AwsTestEnvironment(Backend.EXTERNAL, URI.create(external.trim()), region, () -> {});
    }
    String forced = nonBlank(System.getenv("CLOUDPEDIA_TEST_AWS"), "").toLowerCase(Locale.ROOT);
    switch (forced) {
      case "moto":
        return startMoto(region, "CLOUDPEDIA_TEST_AWS=moto");
      case "localstack":
        return startLocalStack(region);
      case "":
        break;
      default:
        throw new IllegalStateException(
            "CLOUDPEDIA_TEST_AWS='" + forced + "' is neither 'moto' nor 'localstack'");
    }
    if (dockerAvailable()) {
      return startLocalStack(region);
    }
    return startMoto(region, "AWS_ENDPOINT_URL is not set and Docker is not available");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static AwsTestEnvironment startLocalStack(Region region) {
    String image = nonBlank(System.getenv("CLOUDPEDIA_LOCALSTACK_IMAGE"), DEFAULT_LOCALSTACK_IMAGE);
    LocalStackContainer container =
        new LocalStackContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices("dynamodb", "sqs", "secretsmanager", "sts");
    container.start();
    return new AwsTestEnvironment(Backend.LOCALSTACK, container.getEndpoint(), region, container::stop);
  }

  private static AwsTestEnvironment startMoto(Region region, String why) {
    LoopbackProcess moto;
    try {
      moto = LoopbackProcess.start("moto-server",
          port -> java.util.List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port)), Map.of(),
          "/moto-api/", MOTO_START_TIMEOUT);
    } catch (IOException e) {
      throw new IllegalStateException(
          "No AWS endpoint for tests: " + why + ", and moto_server could not be started ("
              + e.getMessage()
              + "). Install one: pip install 'moto[server]' (puts moto_server on PATH), or Docker (LocalStack"
              + " through Testcontainers), or start an endpoint and set AWS_ENDPOINT_URL.",
          e);
    }
    return new AwsTestEnvironment(Backend.MOTO, moto.endpoint(), region, moto::close);
  }

  private static String nonBlank(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value.trim();
  }
}
