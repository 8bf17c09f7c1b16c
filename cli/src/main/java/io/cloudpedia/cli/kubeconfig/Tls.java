package io.cloudpedia.cli.kubeconfig;

import java.util.Optional;

/**
 * The TLS settings copied into every cluster entry and used for the PediaCluster request. kubectl refuses a CA
 * together with {@code insecure-skip-tls-verify}, so the command never builds both.
 */
public record Tls(Optional<CertificateAuthority> authority, boolean insecureSkipVerify, Optional<String> serverName) {

    public static Tls none() {
        return new Tls(Optional.empty(), false, Optional.empty());
    }
}
