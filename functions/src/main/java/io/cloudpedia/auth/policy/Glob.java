package io.cloudpedia.auth.policy;

import java.util.regex.Pattern;

/** A name pattern where {@code *} stands for any run of characters (none included); nothing else is special. */
final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text) {
    this.text = text;
    if (text.indexOf('*') < 0) {
      this.pattern = null;
    } else {
      StringBuilder regex = new StringBuilder();
      int start = 0;
      for (int star = text.indexOf('*'); star >= 0; star = text.indexOf('*', start)) {
        if (star > start) {
          regex.append(Pattern.quote(text.substring(start, star)));
        }
        regex.append(".*");
        start = star + 1;
      }
      if (start < text.length()) {
        regex.append(Pattern.quote(text.substring(start)));
      }
      this.pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }

  static Glob of(String text) {
    return new Glob(text);
  }

  boolean matches(String value) {
    return pattern == null ? text.equals(value) : pattern.matcher(value).matches();
  }

  /** No {@code *}: matches exactly one value. */
  boolean isLiteral() {
    return pattern == null;
  }

  /** Only {@code *}s: matches every value, the empty one included. */
  boolean matchesEverything() {
    return !text.isEmpty() && text.chars().allMatch(c -> c == '*');
  }

  String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
