package io.cloudpedia.auth.source;

import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * A document in an SSM Parameter Store parameter ({@code GetParameter}, decrypted when it is a SecureString). A
 * standard parameter holds 4 KB, an advanced one 8 KB: enough for a policy of a few dozen rules.
 */
public final class SsmParameterDocumentSource implements DocumentSource {
  private final SsmClient client;
  private final String name;

  /** @param name the parameter's name ({@code /cloudpedia/policy}) or ARN */
  public SsmParameterDocumentSource(SsmClient client, String name) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("the parameter name must not be blank");
    }
  }

  @Override
  public Document fetch() {
    Parameter parameter;
    try {
      parameter = client.getParameter(r -> r.name(name).withDecryption(true)).parameter();
    } catch (AwsServiceException e) {
      throw new DocumentUnavailableException(describe() + " cannot be read: " + AwsErrors.describe(e), e);
    } catch (SdkException e) {
      throw new DocumentUnavailableException(
          describe() + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
    String text = parameter.value() == null ? "" : parameter.value();
    return new Document(text, parameter.version() == null ? "unknown" : Long.toString(parameter.version()));
  }

  @Override
  public String describe() {
    return "parameter " + name;
  }
}
