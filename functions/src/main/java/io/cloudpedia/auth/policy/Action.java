package io.cloudpedia.auth.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a request does, in the policy's terms: {@code read} (list, get, watch, discovery, search), {@code forward} (a
 * request forwarded to the member cluster), {@code proxy:<subresource>} ({@code proxy:log}, {@code proxy:proxy}: a
 * subresource served by the member cluster), {@code admin} (registering and changing PediaClusters). Actions are
 * independent: {@code admin} does not imply {@code read}.
 *
 * @param verb the kind of action
 * @param subresource for {@link Verb#PROXY}, the subresource ({@code log}); empty otherwise
 */
public record Action(Verb verb, String subresource) {
  private static final Pattern SUBRESOURCE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  public static final Action READ = new Action(Verb.READ, "");
  public static final Action FORWARD = new Action(Verb.FORWARD, "");
  public static final Action ADMIN = new Action(Verb.ADMIN, "");

  /** The kinds of action. */
  public enum Verb {
    READ,
    FORWARD,
    PROXY,
    ADMIN
  }

  public Action {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(subresource, "subresource");
    if (verb == Verb.PROXY ? !SUBRESOURCE.matcher(subresource).matches() : !subresource.isEmpty()) {
      throw new IllegalArgumentException(verb == Verb.PROXY
          ? "a proxy action needs a subresource of lower-case letters, digits and '-'"
          : "only a proxy action has a subresource");
    }
  }

  /** {@code proxy:<subresource>}, e.g. {@code proxy("log")}. */
  public static Action proxy(String subresource) {
    return new Action(Verb.PROXY, subresource);
  }

  /** {@code read}, {@code forward}, {@code admin} or {@code proxy:<subresource>}. */
  public static Action parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("proxy:")) {
      return proxy(text.substring("proxy:".length()));
    }
    switch (text) {
      case "read":
        return READ;
      case "forward":
        return FORWARD;
      case "admin":
        return ADMIN;
      default:
        throw new IllegalArgumentException(
            "unknown action '" + text + "' (read, forward, admin, proxy:<subresource>)");
    }
  }

  @Override
  public String toString() {
    String name = verb.name().toLowerCase(Locale.ROOT);
    return verb == Verb.PROXY ? name + ":" + subresource : name;
  }
}
