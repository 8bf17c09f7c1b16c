package io.cloudpedia.auth.source;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** An AWS error as code and status, never its message (which may echo the request). */
final class AwsErrors {
  private AwsErrors() {}

  static String describe(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
        ? e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")"
        : "HTTP " + e.statusCode();
  }
}
