package io.cloudpedia.store.dynamodb;

import io.cloudpedia.store.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/**
 * Which DynamoDB failures may pass: throttling (after the SDK's own retries), 5xx and network errors become
 * {@link StoreUnavailableException} so that ingest lets SQS redeliver; anything else (a validation error, a missing
 * table) is a bug or a misconfiguration and propagates as it is. Messages name the operation and table, never an item.
 * Every DynamoDB-backed store uses it (resources, sync state, registry, events).
 */
public final class DynamoErrors {
  private DynamoErrors() {}

  public static RuntimeException translate(RuntimeException e, String operation, String table) {
    if (mayPass(e)) {
      return new StoreUnavailableException(
          "DynamoDB " + operation + " on " + table + " failed and may succeed later: " + describe(e), e);
    }
    return e;
  }

  public static boolean mayPass(RuntimeException e) {
    if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
      return true;
    }
    if (e instanceof AwsServiceException) {
      AwsServiceException service = (AwsServiceException) e;
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return e instanceof SdkClientException;
  }

  private static String describe(RuntimeException e) {
    if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
      AwsServiceException service = (AwsServiceException) e;
      return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
