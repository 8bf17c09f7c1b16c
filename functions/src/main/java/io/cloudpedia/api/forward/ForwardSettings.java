package io.cloudpedia.api.forward;

import io.cloudpedia.env.EnvVariable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Request forwarding settings, the one place their environment variables are read (docs/configuration.md). All off by
 * default: nothing is forwarded unless asked for by a request header or the forward label, and then only with proxy
 * credentials in the request.
 *
 * @param allowedSubresources {@value #ALLOWED_PROXY_SUBRESOURCES}: {@code resource/subresource} pairs served by
 *     forwarding, e.g. {@code pods/log}
 * @param proxyPath {@value #ENABLE_PROXY_PATH}: serve {@code .../clusters/{c}/proxy/<path>} with every method
 * @param allowUnsynced {@value #ALLOW_FORWARD_UNSYNCED}: forward requests for types the cluster does not sync
 * @param pediaClusterCredentials {@value #ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY}: a request without proxy
 *     credentials uses the PediaCluster's own (more privilege than the caller may have, and muddier audit logs)
 * @param timeout {@value #FORWARD_TIMEOUT_SECONDS} (25): connect plus whole exchange with the member cluster
 * @param followFor {@value #FORWARD_LOG_FOLLOW_SECONDS} (20): how long {@code pods/log?follow=true} reads before
 *     answering with what arrived
 */
public record ForwardSettings(
    Set<String> allowedSubresources,
    boolean proxyPath,
    boolean allowUnsynced,
    boolean pediaClusterCredentials,
    Duration timeout,
    Duration followFor) {

  public static final String ALLOWED_PROXY_SUBRESOURCES = "ALLOWED_PROXY_SUBRESOURCES";
  public static final String ENABLE_PROXY_PATH = "ENABLE_PROXY_PATH";
  public static final String ALLOW_FORWARD_UNSYNCED = "ALLOW_FORWARD_UNSYNCED";
  public static final String ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY = "ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY";
  public static final String FORWARD_TIMEOUT_SECONDS = "FORWARD_TIMEOUT_SECONDS";
  public static final String FORWARD_LOG_FOLLOW_SECONDS = "FORWARD_LOG_FOLLOW_SECONDS";
  /** What {@link #from} reads; each has a default (off, or the timeouts above). */
  public static final List<EnvVariable> VARIABLES = List.of(
      EnvVariable.defaulted(ALLOWED_PROXY_SUBRESOURCES),
      EnvVariable.defaulted(ENABLE_PROXY_PATH),
      EnvVariable.defaulted(ALLOW_FORWARD_UNSYNCED),
      EnvVariable.defaulted(ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY),
      EnvVariable.defaulted(FORWARD_TIMEOUT_SECONDS),
      EnvVariable.defaulted(FORWARD_LOG_FOLLOW_SECONDS));

  /** What Clusterpedia supports; exec, attach and portforward are accepted but answered "upgrade not possible". */
  public static final List<String> SUPPORTED = List.of(
      "pods/proxy", "pods/log", "pods/exec", "pods/attach", "pods/portforward", "services/proxy", "nodes/proxy");
  /** Subresources that need a connection upgrade (SPDY/WebSocket), which API Gateway HTTP APIs cannot carry. */
  public static final Set<String> UPGRADE = Set.of("pods/exec", "pods/attach", "pods/portforward");

  public static final ForwardSettings DEFAULTS =
      new ForwardSettings(Set.of(), false, false, false, Duration.ofSeconds(25), Duration.ofSeconds(20));

  public ForwardSettings {
    allowedSubresources = Set.copyOf(allowedSubresources);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(followFor, "followFor");
    for (String s : allowedSubresources) {
      if (!SUPPORTED.contains(s)) {
        throw new IllegalArgumentException(ALLOWED_PROXY_SUBRESOURCES + ": unsupported subresource '" + s + "'");
      }
    }
  }

  public static ForwardSettings from(Map<String, String> env) {
    return new ForwardSettings(
        subresources(env.getOrDefault(ALLOWED_PROXY_SUBRESOURCES, "")),
        flag(env, ENABLE_PROXY_PATH),
        flag(env, ALLOW_FORWARD_UNSYNCED),
        flag(env, ALLOW_PEDIACLUSTER_CREDENTIALS_FOR_PROXY),
        Duration.ofSeconds(seconds(env, FORWARD_TIMEOUT_SECONDS, 25)),
        Duration.ofSeconds(seconds(env, FORWARD_LOG_FOLLOW_SECONDS, 20)));
  }

  /** Whether {@code resource/subresource} may be forwarded. */
  public boolean allows(String resource, String subresource) {
    return allowedSubresources.contains(resource + "/" + subresource);
  }

  /**
   * {@code pods/log,proxy} to {@code [pods/log, pods/proxy, services/proxy, nodes/proxy]}: a bare subresource means it
   * on every resource that has it; {@code portfowrd} (Clusterpedia's old spelling) is {@code portforward}.
   */
  static Set<String> subresources(String text) {
    Set<String> result = new LinkedHashSet<>();
    for (String raw : text.split(",")) {
      String item = raw.trim().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      item = item.replace("portfowrd", "portforward");
      int slash = item.indexOf('/');
      if (slash < 0) {
        String bare = item;
        List<String> matching = SUPPORTED.stream().filter(s -> s.endsWith("/" + bare)).toList();
        if (matching.isEmpty()) {
          throw unsupported(raw.trim());
        }
        result.addAll(matching);
      } else if (SUPPORTED.contains(item)) {
        result.add(item);
      } else {
        throw unsupported(raw.trim());
      }
    }
    return result;
  }

  private static IllegalArgumentException unsupported(String item) {
    return new IllegalArgumentException(ALLOWED_PROXY_SUBRESOURCES + ": unsupported subresource or invalid format '"
        + item + "'; supported: " + String.join(", ", SUPPORTED) + " (or a bare subresource: proxy, log, exec,"
        + " attach, portforward)");
  }

  private static boolean flag(Map<String, String> env, String name) {
    String value = Optional.ofNullable(env.get(name)).map(String::trim).orElse("");
    if (value.isEmpty() || value.equalsIgnoreCase("false") || value.equals("0")) {
      return false;
    }
    if (value.equalsIgnoreCase("true") || value.equals("1")) {
      return true;
    }
    throw new IllegalArgumentException(name + " must be true or false: '" + value + "'");
  }

  private static long seconds(Map<String, String> env, String name, long fallback) {
    String value = Optional.ofNullable(env.get(name)).map(String::trim).orElse("");
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 1 || n > 900) {
        throw new IllegalArgumentException(name + " must be between 1 and 900: '" + value + "'");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: '" + value + "'");
    }
  }
}
