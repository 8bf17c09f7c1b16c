package io.cloudpedia.auth.source;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** A document in a Secrets Manager secret ({@code GetSecretValue}, the {@code AWSCURRENT} version). */
public final class SecretsManagerDocumentSource implements DocumentSource {
  private final SecretsManagerClient client;
  private final String secretId;

  /** @param secretId the secret's name or ARN */
  public SecretsManagerDocumentSource(SecretsManagerClient client, String secretId) {
    this.client = Objects.requireNonNull(client, "client");
    this.secretId = Objects.requireNonNull(secretId, "secretId");
    if (secretId.isBlank()) {
      throw new IllegalArgumentException("the secret id must not be blank");
    }
  }

  @Override
  public Document fetch() {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(r -> r.secretId(secretId));
    } catch (AwsServiceException e) {
      throw new DocumentUnavailableException(describe() + " cannot be read: " + AwsErrors.describe(e), e);
    } catch (SdkException e) {
      throw new DocumentUnavailableException(
          describe() + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
    String text;
    if (response.secretString() != null) {
      text = response.secretString();
    } else if (response.secretBinary() != null) {
      text = new String(response.secretBinary().asByteArray(), StandardCharsets.UTF_8);
    } else {
      text = "";
    }
    return new Document(text, response.versionId() == null ? "unknown" : response.versionId());
  }

  @Override
  public String describe() {
    return "secret " + secretId;
  }
}
