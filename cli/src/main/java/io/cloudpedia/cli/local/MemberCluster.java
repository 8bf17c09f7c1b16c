package io.cloudpedia.cli.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A member cluster to sync: a kubeconfig context, and the name Cloudpedia gives it (the context name made a valid
 * cluster name: lower case, letters, digits and '-').
 */
record MemberCluster(String name, String context, Path kubeconfig) {
  MemberCluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(kubeconfig, "kubeconfig");
  }

  /** {@code arn:aws:eks:eu-west-1:1234:cluster/prod} to {@code arn-aws-eks-eu-west-1-1234-cluster-prod}. */
  static String nameOf(String context) {
    String name = context.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
        .replaceAll("^-+|-+$", "");
    if (name.length() > 63) {
      name = name.substring(0, 63).replaceAll("-+$", "");
    }
    return name.isEmpty() ? "cluster" : name;
  }
}
