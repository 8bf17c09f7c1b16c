package io.cloudpedia.api.search;

import io.cloudpedia.api.status.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: requirements AND-ed together.
 *
 * <p>Grammar (as {@code k8s.io/apimachinery/pkg/labels}), whitespace allowed between tokens:
 *
 * <pre>
 *   selector    := "" | requirement ( "," requirement )*
 *   requirement := key | "!" key
 *                | key ( "=" | "==" | "!=" ) value
 *                | key ( "in" | "notin" ) "(" value ( "," value )* ")"
 *                | key ( "&gt;" | "&lt;" ) integer
 *   key         := [ dns-subdomain "/" ] name        (name: at most 63 characters)
 *   value       := "" | label value                   (at most 63 characters)
 * </pre>
 *
 * An empty selector selects everything. {@code !=} and {@code notin} also select objects that lack the key. Malformed
 * input is a 400 {@link ApiException#badRequest} naming the problem and its 0-based character position.
 */
public record LabelSelector(List<Requirement> requirements) {
  private static final String SPECIALS = "!=(),<>";

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  /** The selector that selects everything. */
  public static LabelSelector everything() {
    return new LabelSelector(List.of());
  }

  /** Parses {@code text}; see the class comment for the grammar. */
  public static LabelSelector parse(String text) {
    Objects.requireNonNull(text, "text");
    return new Parser(text).parse();
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** True if every requirement matches {@code labels}. */
  public boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical selector: requirements sorted by key (stably), {@code ==} as {@code =}, set values sorted. */
  @Override
  public String toString() {
    return requirements.stream()
        .sorted(Comparator.comparing(Requirement::key))
        .map(Requirement::toString)
        .collect(Collectors.joining(","));
  }

  private enum Kind {
    IDENT, NOT, EQ, DOUBLE_EQ, NOT_EQ, OPEN, CLOSE, COMMA, GT, LT, END
  }

  private record Token(Kind kind, String text, int pos) {
    String describe() {
      return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
  }

  private static final class Parser {
    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    Parser(String input) {
      this.input = input;
      lex();
    }

    private void lex() {
      int i = 0;
      int n = input.length();
      while (i < n) {
        char c = input.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '!' && i + 1 < n && input.charAt(i + 1) == '=') {
          tokens.add(new Token(Kind.NOT_EQ, "!=", i));
          i += 2;
        } else if (c == '=' && i + 1 < n && input.charAt(i + 1) == '=') {
          tokens.add(new Token(Kind.DOUBLE_EQ, "==", i));
          i += 2;
        } else if (SPECIALS.indexOf(c) >= 0) {
          tokens.add(new Token(single(c), String.valueOf(c), i));
          i++;
        } else {
          int start = i;
          while (i < n && !Character.isWhitespace(input.charAt(i)) && SPECIALS.indexOf(input.charAt(i)) < 0) {
            i++;
          }
          tokens.add(new Token(Kind.IDENT, input.substring(start, i), start));
        }
      }
      tokens.add(new Token(Kind.END, "", n));
    }

    private static Kind single(char c) {
      switch (c) {
        case '!':
          return Kind.NOT;
        case '=':
          return Kind.EQ;
        case '(':
          return Kind.OPEN;
        case ')':
          return Kind.CLOSE;
        case ',':
          return Kind.COMMA;
        case '>':
          return Kind.GT;
        default:
          return Kind.LT;
      }
    }

    LabelSelector parse() {
      List<Requirement> out = new ArrayList<>();
      if (peek().kind() == Kind.END) {
        return new LabelSelector(out);
      }
      while (true) {
        out.add(requirement());
        Token t = take();
        if (t.kind() == Kind.END) {
          return new LabelSelector(out);
        }
        if (t.kind() != Kind.COMMA) {
          throw error("expected ',' or end of input but found " + t.describe(), t);
        }
      }
    }

    private Requirement requirement() {
      Token first = take();
      if (first.kind() == Kind.NOT) {
        String key = key(take());
        return new Requirement(key, Operator.DOES_NOT_EXIST, List.of());
      }
      String key = key(first);
      Token op = peek();
      switch (op.kind()) {
        case END:
        case COMMA:
          return new Requirement(key, Operator.EXISTS, List.of());
        case EQ:
        case DOUBLE_EQ:
          take();
          return new Requirement(key, Operator.EQUALS, List.of(singleValue()));
        case NOT_EQ:
          take();
          return new Requirement(key, Operator.NOT_EQUALS, List.of(singleValue()));
        case GT:
        case LT:
          take();
          return new Requirement(
              key, op.kind() == Kind.GT ? Operator.GREATER_THAN : Operator.LESS_THAN, List.of(integer()));
        case IDENT:
          if (op.text().equals("in") || op.text().equals("notin")) {
            take();
            return new Requirement(key, op.text().equals("in") ? Operator.IN : Operator.NOT_IN, valueSet());
          }
          throw error("expected an operator (=, ==, !=, in, notin, >, <) but found " + op.describe(), op);
        default:
          throw error("expected an operator (=, ==, !=, in, notin, >, <) but found " + op.describe(), op);
      }
    }

    private String key(Token t) {
      if (t.kind() != Kind.IDENT) {
        throw error("expected a label key but found " + t.describe(), t);
      }
      Names.qualifiedNameProblem(t.text())
          .ifPresent(p -> {
            throw error("invalid label key '" + t.text() + "': " + p, t);
          });
      return t.text();
    }

    /** After = / == / !=: a value, or the empty value when the requirement ends here. */
    private String singleValue() {
      Token t = peek();
      if (t.kind() == Kind.COMMA || t.kind() == Kind.END) {
        return "";
      }
      return value(take());
    }

    private String integer() {
      Token t = take();
      if (t.kind() != Kind.IDENT || !t.text().matches("-?[0-9]{1,18}")) {
        throw error("expected an integer but found " + t.describe(), t);
      }
      return t.text();
    }

    private List<String> valueSet() {
      Token open = take();
      if (open.kind() != Kind.OPEN) {
        throw error("expected '(' but found " + open.describe(), open);
      }
      Set<String> values = new LinkedHashSet<>();
      while (true) {
        Token t = peek();
        if (t.kind() == Kind.IDENT) {
          values.add(value(take()));
          t = peek();
        } else {
          values.add(""); // an empty element, as Kubernetes reads "in ()" and "in (a,,b)"
        }
        take();
        if (t.kind() == Kind.CLOSE) {
          return List.copyOf(values);
        }
        if (t.kind() != Kind.COMMA) {
          throw error("expected ',' or ')' in a value list but found " + t.describe(), t);
        }
      }
    }

    private String value(Token t) {
      if (t.kind() != Kind.IDENT) {
        throw error("expected a label value but found " + t.describe(), t);
      }
      Names.labelValueProblem(t.text())
          .ifPresent(p -> {
            throw error("invalid label value '" + t.text() + "': " + p, t);
          });
      return t.text();
    }

    private Token peek() {
      return tokens.get(next);
    }

    private Token take() {
      Token t = tokens.get(next);
      if (t.kind() != Kind.END) {
        next++;
      }
      return t;
    }

    private ApiException error(String problem, Token at) {
      return ApiException.badRequest(
          "unable to parse label selector \"" + input + "\": " + problem + " at position " + at.pos());
    }
  }
}
