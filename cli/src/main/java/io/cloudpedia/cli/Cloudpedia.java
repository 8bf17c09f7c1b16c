package io.cloudpedia.cli;

/** The {@code cloudpedia} command. Its subcommands (local, kubeconfig, register) arrive with the local-mode issue. */
public final class Cloudpedia {
  private Cloudpedia() {}

  public static void main(String[] args) {
    System.err.println("cloudpedia: no subcommands yet (local mode is tracked by its own issue)");
    System.exit(2);
  }
}
