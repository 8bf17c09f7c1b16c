package io.cloudpedia.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies IAM identities in the EKS token format, as {@code aws eks get-token --cluster-name ID} and
 * aws-iam-authenticator make them: {@code k8s-aws-v1.} + base64url (no padding) of a presigned STS
 * {@code GetCallerIdentity} URL whose signature covers an {@code x-k8s-aws-id: ID} header.
 *
 * <p>Everything that can be checked locally is checked before any request is sent: the URL's endpoint must be one of
 * {@link StsEndpoints} (so a token can never make the authorizer call another host), its query must be exactly the
 * presigned call's ({@code Action=GetCallerIdentity}, {@code Version=2011-06-15}, the {@code X-Amz-*} signing
 * parameters, nothing else, each once), {@code x-k8s-aws-id} and {@code host} must be signed headers, and
 * {@code X-Amz-Date} at most 15 minutes old ({@code X-Amz-Expires} must be 1-900 but does not shorten this: STS ignores
 * it for these URLs, and {@code aws eks get-token} writes 60 while kubectl keeps the token 14 minutes).
 *
 * <p>Then the URL is fetched as is, with {@code x-k8s-aws-id: <this deployment's id>}: STS recomputes the signature
 * with that header, so a token signed for another deployment id (or forged, or expired) is refused by STS itself. No
 * redirect is followed and no proxy is used. The caller's ARN, canonical ({@link CallerIdentity#canonicalArn}), is the
 * principal.
 */
public final class IamTokenVerifier {
  public static final String PREFIX = "k8s-aws-v1.";
  /** As aws-iam-authenticator: longer tokens are refused unread. */
  public static final int MAX_TOKEN_LENGTH = 4096;
  public static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
  /** Presigned STS URLs are valid for 15 minutes after their X-Amz-Date. */
  public static final Duration MAX_AGE = Duration.ofMinutes(15);
  /** How far in the future X-Amz-Date may be (clock skew between the signer and us). */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern AMZ_DATE = Pattern.compile("[0-9]{8}T[0-9]{6}Z");
  private static final DateTimeFormatter AMZ_DATE_FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
  private static final Pattern CREDENTIAL = Pattern.compile(
      "[A-Za-z0-9]{1,128}/([0-9]{8})/[a-z0-9-]{1,32}/sts/aws4_request");
  private static final Pattern SIGNED_HEADER = Pattern.compile("[a-z0-9-]+");
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern EXPIRES = Pattern.compile("[0-9]{1,4}");
  private static final Set<String> REQUIRED = Set.of("Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential",
      "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature");
  private static final String SECURITY_TOKEN = "X-Amz-Security-Token";

  private final String clusterId;
  private final StsEndpoints endpoints;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;

  /**
   * @param clusterId this deployment's id: the {@code --cluster-name} users give {@code aws eks get-token}
   * @param timeout for the whole STS call (the authorizer has 10 s in all)
   */
  public IamTokenVerifier(String clusterId, StsEndpoints endpoints, Duration timeout, Clock clock) {
    this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
    if (!CLUSTER_ID.matcher(clusterId).matches()) {
      throw new IllegalArgumentException("the IAM cluster id must be 1-100 letters, digits, '.', '_' or '-'");
    }
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(timeout)
        .build();
  }

  public String clusterId() {
    return clusterId;
  }

  /** Whether this looks like an IAM token at all (and so is not a static bearer token). */
  public static boolean isIamToken(String token) {
    return token.startsWith(PREFIX);
  }

  AuthResult verify(String token, String fingerprint) {
    URI url;
    try {
      url = presignedUrl(token, clock.instant());
    } catch (Refused refused) {
      return new AuthResult.Denied(refused.reason, fingerprint);
    }
    return call(url, fingerprint);
  }

  /** The token's URL, once every local check passed; the URL is not fetched. */
  URI presignedUrl(String token, Instant now) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new Refused(DenyReason.MALFORMED_TOKEN);
    }
    if (!token.startsWith(PREFIX)) {
      throw new Refused(DenyReason.MALFORMED_IAM_TOKEN);
    }
    String encoded = token.substring(PREFIX.length());
    if (!BASE64URL.matcher(encoded).matches()) {
      throw new Refused(DenyReason.MALFORMED_IAM_TOKEN);
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refused(DenyReason.MALFORMED_IAM_TOKEN);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new Refused(DenyReason.MALFORMED_IAM_TOKEN);
      }
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new Refused(DenyReason.MALFORMED_IAM_TOKEN);
    }
    if (!endpoints.allows(url)) {
      throw new Refused(DenyReason.STS_ENDPOINT_NOT_ALLOWED);
    }
    Map<String, String> query = query(url.getRawQuery());
    if (!"GetCallerIdentity".equals(query.get("Action")) || !"2011-06-15".equals(query.get("Version"))
        || !"AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm"))
        || !SIGNATURE.matcher(query.get("X-Amz-Signature")).matches()
        || !EXPIRES.matcher(query.get("X-Amz-Expires")).matches()) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    int expires = Integer.parseInt(query.get("X-Amz-Expires"));
    if (expires < 1 || expires > MAX_AGE.toSeconds()) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    List<String> signed = Arrays.asList(query.get("X-Amz-SignedHeaders").split(";", -1));
    if (!signed.stream().allMatch(h -> SIGNED_HEADER.matcher(h).matches())) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    if (!signed.contains(CLUSTER_ID_HEADER) || !signed.contains("host")) {
      throw new Refused(DenyReason.CLUSTER_ID_NOT_SIGNED);
    }
    String date = query.get("X-Amz-Date");
    var credential = CREDENTIAL.matcher(query.get("X-Amz-Credential"));
    if (!AMZ_DATE.matcher(date).matches() || !credential.matches()
        || !credential.group(1).equals(date.substring(0, 8))) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(date, AMZ_DATE_FORMAT).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    if (now.isAfter(signedAt.plus(MAX_AGE))) {
      throw new Refused(DenyReason.EXPIRED);
    }
    if (signedAt.isAfter(now.plus(MAX_FUTURE_SKEW))) {
      throw new Refused(DenyReason.NOT_YET_VALID);
    }
    return url;
  }

  /** The query as name to decoded value: exactly the presigned call's parameters, each once. */
  private static Map<String, String> query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    Map<String, String> values = new HashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new Refused(DenyReason.UNEXPECTED_QUERY);
      }
      String name = pair.substring(0, eq);
      if (!REQUIRED.contains(name) && !name.equals(SECURITY_TOKEN)) {
        throw new Refused(DenyReason.UNEXPECTED_QUERY);
      }
      String value;
      try {
        value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new Refused(DenyReason.UNEXPECTED_QUERY);
      }
      if (values.put(name, value) != null) {
        throw new Refused(DenyReason.UNEXPECTED_QUERY);
      }
    }
    if (!values.keySet().containsAll(REQUIRED)) {
      throw new Refused(DenyReason.UNEXPECTED_QUERY);
    }
    return values;
  }

  private AuthResult call(URI url, String fingerprint) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .GET()
        .timeout(timeout)
        .header(CLUSTER_ID_HEADER, clusterId)
        .header("Accept", "application/json")
        .build();
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES);
      }
    } catch (IOException e) {
      // Never the exception's message: it may quote the URL, and with it the signature.
      return new AuthResult.Unavailable("STS could not be reached (" + e.getClass().getSimpleName() + ")", fingerprint);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AuthResult.Unavailable("interrupted while calling STS", fingerprint);
    }
    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      return new AuthResult.Unavailable("STS answered HTTP " + status, fingerprint);
    }
    if (status != 200) {
      return new AuthResult.Denied(DenyReason.STS_REJECTED, fingerprint);
    }
    Optional<String> principal = CallerIdentity.arnFromResponse(body).flatMap(CallerIdentity::canonicalArn);
    return principal
        .<AuthResult>map(arn -> new AuthResult.Authenticated(arn, AuthKind.AWS_IAM, fingerprint))
        .orElseGet(() -> new AuthResult.Denied(DenyReason.UNEXPECTED_IDENTITY, fingerprint));
  }

  /** A local check failed; cheap (no stack trace), never escapes this class. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient DenyReason reason;

    Refused(DenyReason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }
  }
}
