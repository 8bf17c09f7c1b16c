package io.cloudpedia.cli.kubeconfig;

import io.cloudpedia.cli.CliException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The CA bundle of {@code --certificate-authority}. It is embedded in the entries as {@code certificate-authority-data}
 * (the file's bytes, base64) so the kubeconfig keeps working if the file moves, and it is the trust anchor for the
 * PediaCluster request.
 */
public record CertificateAuthority(Path file, List<X509Certificate> certificates, String base64) {

    public CertificateAuthority {
        certificates = List.copyOf(certificates);
    }

    /** Reads a PEM (or DER) file holding one or more certificates. */
    public static CertificateAuthority read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read --certificate-authority " + file + ": " + IoMessages.describe(e));
        }
        List<X509Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (CertificateException e) {
            throw new CliException("--certificate-authority " + file + " holds no readable certificate: "
                    + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new CliException("--certificate-authority " + file + " holds no certificate");
        }
        return new CertificateAuthority(file, certificates, Base64.getEncoder().encodeToString(bytes));
    }
}
