package io.cloudpedia.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * EKS-style IAM tokens made as {@code aws eks get-token} makes them, with the AWS SDK v2 signer: a GET
 * {@code ?Action=GetCallerIdentity&Version=2011-06-15} presigned (query-string SigV4, 60 s X-Amz-Expires) with an
 * {@code x-k8s-aws-id} header among the signed ones, base64url without padding after {@code k8s-aws-v1.}.
 */
final class IamTokens {
  static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private IamTokens() {}

  /** The presigned URL for {@code endpoint} (e.g. moto's), signed at {@code signedAt} for {@code clusterId}. */
  static URI presignedUrl(URI endpoint, String clusterId, Instant signedAt) {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.GET)
        .uri(endpoint.resolve("/"))
        .putRawQueryParameter("Action", "GetCallerIdentity")
        .putRawQueryParameter("Version", "2011-06-15")
        .putHeader(IamTokenVerifier.CLUSTER_ID_HEADER, clusterId)
        .build();
    return AwsV4HttpSigner.create()
        .sign(r -> r.identity(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
            .request(request)
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
            .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60))
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
        .request()
        .getUri();
  }

  static String token(URI endpoint, String clusterId, Instant signedAt) {
    return encode(presignedUrl(endpoint, clusterId, signedAt).toString());
  }

  /** Any text as an IAM token: {@code k8s-aws-v1.} + base64url without padding. */
  static String encode(String url) {
    return IamTokenVerifier.PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }
}
