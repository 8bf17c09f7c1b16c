package io.cloudpedia.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudpedia.testing.AwsTestEnvironment;
import io.cloudpedia.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Against Secrets Manager on moto or LocalStack ({@link AwsTestEnvironment}). */
class SecretsManagerSecretSourceTest {
  private static final Duration TTL = Duration.ofMinutes(5);
  private static AwsTestEnvironment aws;
  private static SecretsManagerClient counted;
  private static final AtomicInteger reads = new AtomicInteger();

  private final MutableClock clock = MutableClock.startingNow();
  private final String prefix = aws.uniqueName("cloudpedia") + "/";
  private final SecretsManagerSecretSource source = new SecretsManagerSecretSource(counted, prefix, TTL, clock);

  @BeforeAll
  static void clients() {
    aws = AwsTestEnvironment.shared();
    ExecutionInterceptor counter =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            reads.incrementAndGet();
          }
        };
    counted =
        aws.clients()
            .configure(SecretsManagerClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
            .build();
  }

  @AfterAll
  static void close() {
    if (counted != null) {
      counted.close();
    }
  }

  @Test
  void readsASecretByNameAndByArn() {
    String arn = create(prefix + "c1", "value-1");

    assertThat(source.secretString(prefix + "c1")).contains("value-1");
    assertThat(source.secretString(arn)).contains("value-1");
  }

  @Test
  void aMissingSecretIsEmpty() {
    assertThat(source.secretString(prefix + "absent")).isEmpty();
  }

  @Test
  void namesOutsideThePrefixAreRefusedWithoutAskingSecretsManager() {
    String arn = create(aws.uniqueName("elsewhere") + "/db", "do-not-read");
    reads.set(0);

    assertThatThrownBy(() -> source.secretString("prod/db"))
        .isInstanceOf(SecretAccessException.class)
        .hasMessage("secret \"prod/db\" is outside the allowed prefix \"" + prefix + "\": Cloudpedia reads only secrets"
            + " whose names start with it");
    assertThatThrownBy(() -> source.secretString(arn))
        .isInstanceOf(SecretAccessException.class)
        .hasMessageContaining("is outside the allowed prefix");
    assertThatThrownBy(() -> source.secretString(prefix + "../x y"))
        .isInstanceOf(SecretAccessException.class)
        .hasMessageContaining("is not a Secrets Manager secret name");
    assertThatThrownBy(() -> source.secretString("arn:aws:ssm:us-east-1:123456789012:parameter/" + prefix + "x"))
        .isInstanceOf(SecretAccessException.class)
        .hasMessageContaining("is not the ARN of a Secrets Manager secret");
    assertThat(reads.get()).isZero();
  }

  @Test
  void answersAreCachedForTheTtlSoARotationIsSeenAfterIt() {
    String name = prefix + "rotating";
    create(name, "v1");
    assertThat(source.secretString(name)).contains("v1");
    reads.set(0);

    aws.secretsManager().putSecretValue(r -> r.secretId(name).secretString("v2"));
    clock.advance(TTL.minusSeconds(1));
    assertThat(source.secretString(name)).as("within the TTL").contains("v1");
    assertThat(reads.get()).isZero();

    clock.advance(Duration.ofSeconds(1));
    assertThat(source.secretString(name)).as("after the TTL").contains("v2");
    assertThat(reads.get()).isEqualTo(1);
  }

  @Test
  void aMissingSecretIsCachedTooUntilTheTtl() {
    String name = prefix + "late";
    assertThat(source.secretString(name)).isEmpty();
    create(name, "now-here");

    assertThat(source.secretString(name)).isEmpty();
    clock.advance(TTL);
    assertThat(source.secretString(name)).contains("now-here");
  }

  @Test
  void aSecretMarkedForDeletionCannotBeRead() {
    String name = prefix + "deleted";
    create(name, "gone");
    aws.secretsManager().deleteSecret(r -> r.secretId(name).recoveryWindowInDays(7L));

    assertThatThrownBy(() -> source.secretString(name))
        .isInstanceOf(SecretAccessException.class)
        .hasMessageStartingWith("secret \"" + name + "\" cannot be read: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("gone"));
  }

  @Test
  void anUnreachableEndpointIsUnavailableNotInvalid() {
    try (SecretsManagerClient nowhere =
        aws.clients()
            .withEndpoint(URI.create("http://127.0.0.1:1"))
            .configure(SecretsManagerClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
            .build()) {
      SecretsManagerSecretSource unreachable = new SecretsManagerSecretSource(nowhere, prefix, TTL, clock);

      assertThatThrownBy(() -> unreachable.secretString(prefix + "x"))
          .isInstanceOf(SecretUnavailableException.class)
          .hasMessageContaining("may succeed later");
    }
  }

  @Test
  void thePrefixMustNotBeEmpty() {
    assertThatThrownBy(() -> new SecretsManagerSecretSource(counted, "", TTL, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String create(String name, String value) {
    return aws.secretsManager().createSecret(r -> r.name(name).secretString(value)).arn();
  }
}
