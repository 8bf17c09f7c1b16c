package io.cloudpedia.api.search;

/**
 * A label-selector operator. {@code ==} is parsed as {@link #EQUALS}; the two are synonyms in Kubernetes.
 * {@link #GREATER_THAN} and {@link #LESS_THAN} are Kubernetes' integer comparisons ({@code replicas>2}).
 */
public enum Operator {
  EQUALS("="),
  NOT_EQUALS("!="),
  IN("in"),
  NOT_IN("notin"),
  EXISTS(""),
  DOES_NOT_EXIST("!"),
  GREATER_THAN(">"),
  LESS_THAN("<");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in a canonical selector. */
  public String symbol() {
    return symbol;
  }

  /** True for the operators that select objects carrying one of the given values: {@code =}, {@code ==}, {@code in}. */
  public boolean isInclusion() {
    return this == EQUALS || this == IN;
  }
}
