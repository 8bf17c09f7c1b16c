package io.cloudpedia.auth;

/** How a caller proved who it is. */
public enum AuthKind {
  /** A static bearer token from the tokens secret; the principal is the name the secret binds it to. */
  BEARER_TOKEN,
  /** An EKS-style IAM token ({@code k8s-aws-v1.}...); the principal is the caller's canonical IAM ARN. */
  AWS_IAM
}
