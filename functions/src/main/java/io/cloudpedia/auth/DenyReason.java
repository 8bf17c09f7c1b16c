package io.cloudpedia.auth;

/**
 * Why credentials were refused. The messages are fixed texts: nothing the caller sent is ever quoted, so they are
 * safe in log lines (with the token's {@link Fingerprint}).
 */
public enum DenyReason {
  MISSING("no Authorization header"),
  NOT_BEARER("the Authorization header is not 'Bearer <token>'"),
  MALFORMED_TOKEN("the token is empty, too long, or has characters a token cannot have"),
  UNKNOWN_TOKEN("the token is not a known bearer token"),
  IAM_DISABLED("IAM tokens are not accepted by this deployment"),
  MALFORMED_IAM_TOKEN("the IAM token is not base64url (no padding) of an https URL"),
  STS_ENDPOINT_NOT_ALLOWED("the IAM token's URL is not an allowed STS endpoint"),
  UNEXPECTED_QUERY("the IAM token's URL is not exactly a presigned GetCallerIdentity request"),
  CLUSTER_ID_NOT_SIGNED("the IAM token does not sign the x-k8s-aws-id header"),
  EXPIRED("the IAM token is more than 15 minutes old"),
  NOT_YET_VALID("the IAM token is dated in the future"),
  STS_REJECTED("STS refused the token (bad signature, another deployment id, expired or unknown credentials)"),
  UNEXPECTED_IDENTITY("STS accepted the token but answered with no usable ARN");

  private final String message;

  DenyReason(String message) {
    this.message = message;
  }

  public String message() {
    return message;
  }
}
