package io.cloudpedia.cli.kubeconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.cli.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a server's kubeconfig entries into a file with the {@code kubeconfig --merge --use-context} rules, for other
 * commands ({@code cloudpedia local}): the global entry becomes the current context.
 */
public final class KubeconfigWriter {
    private KubeconfigWriter() {}

    /**
     * @param caPem the certificate clients trust (embedded), or empty for plain http
     * @return what changed, one line each
     */
    public static List<String> write(Path file, String serverUrl, String name, List<String> members,
                                     Optional<Path> caPem, String token, Environment environment) {
        ServerUrl server = ServerUrl.parse(serverUrl);
        Tls tls = new Tls(caPem.map(CertificateAuthority::read), false, Optional.empty());
        KubeconfigEntries entries = KubeconfigEntries.of(server, name, members, tls, Optional.of(token));
        KubeconfigFile target = KubeconfigFile.locate(Optional.of(file), environment);
        ObjectNode config = target.read()
                .map(text -> KubeconfigYaml.parse(text, target.path().toString()))
                .orElseGet(KubeconfigYaml::emptyConfig);
        KubeconfigMerge.Result result = KubeconfigMerge.merge(config, entries, server, true, true);
        target.write(KubeconfigYaml.write(config));
        return result.changes();
    }
}
