package io.cloudpedia.auth;

import io.cloudpedia.auth.source.DocumentUnavailableException;
import io.cloudpedia.auth.source.InvalidDocumentException;
import io.cloudpedia.auth.source.SecretsManagerDocumentSource;
import io.cloudpedia.aws.AwsClients;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Who is calling, from an {@code Authorization} header: {@code Bearer <token>} where the token is a static bearer
 * token ({@link StaticTokens}) or an EKS-style IAM token ({@link IamTokenVerifier}). Pure: no Lambda types, so the
 * same code serves the Lambda authorizer ({@link AuthorizerFunction}) and the API in-process (local mode), which
 * answers a {@link AuthResult.Denied} with a 401 Kubernetes {@code Status}.
 *
 * <pre>{@code
 * Authenticator authenticator = Authenticator.fromEnvironment(System.getenv());   // once per process
 * AuthResult result = authenticator.authenticate(Optional.ofNullable(headers.get("authorization")));
 * }</pre>
 *
 * Never throws for anything a caller sends; thread-safe.
 */
public final class Authenticator {
  /** RFC 6750's scheme, case-insensitive, then at least one space. */
  private static final Pattern BEARER = Pattern.compile("(?i)bearer +");

  private final Optional<StaticTokens> staticTokens;
  private final Optional<IamTokenVerifier> iam;

  public Authenticator(Optional<StaticTokens> staticTokens, Optional<IamTokenVerifier> iam) {
    this.staticTokens = Objects.requireNonNull(staticTokens, "staticTokens");
    this.iam = Objects.requireNonNull(iam, "iam");
  }

  /**
   * From {@link AuthConfig} variables, with the SDK's defaults for AWS (region, credentials, {@code AWS_ENDPOINT_URL}).
   * Reads the token secret now.
   *
   * @throws IllegalStateException naming the variable or the secret and the problem, to stop a function at start
   */
  public static Authenticator fromEnvironment(Map<String, String> env) {
    AuthConfig config;
    try {
      config = AuthConfig.from(env);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return from(config, AwsClients.defaults(), Clock.systemUTC());
  }

  /** @throws IllegalStateException if the token secret is invalid or cannot be read */
  public static Authenticator from(AuthConfig config, AwsClients clients, Clock clock) {
    Optional<StaticTokens> tokens = Optional.empty();
    if (config.tokensSecret().isPresent()) {
      SecretsManagerClient secrets = clients.configure(SecretsManagerClient.builder()).build();
      try {
        tokens = Optional.of(StaticTokens.load(
            new SecretsManagerDocumentSource(secrets, config.tokensSecret().get()), config.tokensTtl(), clock));
      } catch (InvalidDocumentException | DocumentUnavailableException e) {
        throw new IllegalStateException(AuthConfig.AUTH_TOKENS_SECRET + ": " + e.getMessage(), e);
      }
    }
    Optional<IamTokenVerifier> iam = config.iamClusterId()
        .map(id -> new IamTokenVerifier(id, config.stsEndpoints(), config.stsTimeout(), clock));
    return new Authenticator(tokens, iam);
  }

  /** @param authorization the {@code Authorization} header's value, if the request had one */
  public AuthResult authenticate(Optional<String> authorization) {
    if (authorization.isEmpty() || authorization.get().isBlank()) {
      return new AuthResult.Denied(DenyReason.MISSING, Fingerprint.NONE);
    }
    String header = authorization.get();
    var bearer = BEARER.matcher(header);
    if (!bearer.lookingAt()) {
      return new AuthResult.Denied(DenyReason.NOT_BEARER, Fingerprint.of(header));
    }
    String token = header.substring(bearer.end()).strip();
    String fingerprint = Fingerprint.of(token);
    if (token.isEmpty() || token.length() > IamTokenVerifier.MAX_TOKEN_LENGTH || !visibleAscii(token)) {
      return new AuthResult.Denied(DenyReason.MALFORMED_TOKEN, fingerprint);
    }
    if (IamTokenVerifier.isIamToken(token)) {
      return iam.isPresent()
          ? iam.get().verify(token, fingerprint)
          : new AuthResult.Denied(DenyReason.IAM_DISABLED, fingerprint);
    }
    return staticTokens.isPresent()
        ? staticTokens.get().verify(token, fingerprint)
        : new AuthResult.Denied(DenyReason.UNKNOWN_TOKEN, fingerprint);
  }

  private static boolean visibleAscii(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
