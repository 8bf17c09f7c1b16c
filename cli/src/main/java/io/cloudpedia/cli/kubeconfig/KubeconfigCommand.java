package io.cloudpedia.cli.kubeconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudpedia.cli.CliException;
import io.cloudpedia.cli.Cloudpedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cloudpedia kubeconfig}: the kubeconfig entries that let kubectl search through a Cloudpedia (or Clusterpedia)
 * server, as Clusterpedia's hack/gen-clusterconfigs.sh writes them. An adapter: options in, {@link KubeconfigEntries}
 * built, then printed or merged by {@link KubeconfigMerge}.
 */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints (or merges, with --merge) kubeconfig entries for searching through a Cloudpedia server with "
                    + "kubectl: a cluster entry NAME (default cloudpedia) with server "
                    + "URL/apis/clusterpedia.io/v1beta1/resources, and one entry per member cluster with server "
                    + ".../resources/clusters/<cluster>. Without --cluster, the member clusters are listed from the "
                    + "server's PediaCluster API.",
            "",
            "Without a token only cluster entries are written; kubectl then keeps your current user: "
                    + "`kubectl --cluster cloudpedia get pods -A`. With --token or --token-file, a user NAME and one "
                    + "context per cluster entry are written too.",
            ""},
        footer = {"",
            "--merge replaces entries of the same name that point under this server's "
                    + "/apis/clusterpedia.io/v1beta1/resources, keeps (and reports) those that point elsewhere, and "
                    + "removes the entries of member clusters that are no longer listed. current-context changes only "
                    + "with --use-context."})
public final class KubeconfigCommand implements Callable<Integer> {

    /** Kubernetes object names (DNS subdomains): safe in a URL path and as a kubeconfig name. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern ENTRY_NAME = Pattern.compile("[^\\s/]+");

    @ParentCommand
    private Cloudpedia root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "The server's base URL (a URL ending in /apis/clusterpedia.io/v1beta1/resources is "
                    + "accepted).")
    private String server;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "cloudpedia",
            description = "Name of the entry that searches every cluster, and of the user. Default: ${DEFAULT-VALUE}.")
    private String name;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "A member cluster (repeatable). Default: the server's PediaClusters.")
    private List<String> clusters = new ArrayList<>();

    @Option(names = "--certificate-authority", paramLabel = "FILE",
            description = "CA bundle (PEM) the server's certificate is checked against; embedded in the entries as "
                    + "certificate-authority-data.")
    private Path certificateAuthority;

    @Option(names = "--insecure-skip-tls-verify",
            description = "Do not check the server's certificate (copied to the entries).")
    private boolean insecureSkipTlsVerify;

    @Option(names = "--tls-server-name", paramLabel = "NAME",
            description = "Name the server's certificate must carry, if not the URL's host (copied to the entries).")
    private String tlsServerName;

    @ArgGroup(exclusive = true)
    private TokenSource tokenSource;

    @Option(names = "--merge", description = "Merge into the kubeconfig file instead of printing.")
    private boolean merge;

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "File to merge into. Default: the first path of $KUBECONFIG, else ~/.kube/config.")
    private Path kubeconfig;

    @Option(names = "--use-context",
            description = "Set current-context to the NAME context (needs a token, as contexts need a user).")
    private boolean useContext;

    static final class TokenSource {
        @Option(names = "--token", paramLabel = "TOKEN", required = true,
                description = "Bearer token: sent to list the PediaClusters and written as the user NAME.")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", required = true,
                description = "File holding the bearer token (keeps it out of the shell history).")
        Path tokenFile;
    }

    @Override
    public Integer call() {
        ServerUrl serverUrl = validated();
        Tls tls = new Tls(Optional.ofNullable(certificateAuthority).map(CertificateAuthority::read),
                insecureSkipTlsVerify, Optional.ofNullable(tlsServerName));
        Optional<String> token = token();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<String> members;
        boolean membersKnown = true;
        if (!clusters.isEmpty()) {
            members = List.copyOf(new LinkedHashSet<>(clusters));
        } else {
            Optional<List<String>> listed = new PediaClusterClient(serverUrl, tls, token).list();
            membersKnown = listed.isPresent();
            if (listed.isEmpty()) {
                Cloudpedia.note(err, "GET " + serverUrl.pediaClusters() + " answered 404 (no PediaCluster API): "
                        + "writing only the \"" + name + "\" entry; name member clusters with --cluster");
            }
            members = acceptable(listed.orElse(List.of()), err);
        }
        KubeconfigEntries entries = KubeconfigEntries.of(serverUrl, name, members, tls, token);

        if (!merge) {
            ObjectNode config = KubeconfigYaml.emptyConfig();
            KubeconfigMerge.merge(config, entries, serverUrl, false, useContext);
            out.print(KubeconfigYaml.write(KubeconfigYaml.inKubectlOrder(config)));
            out.flush();
            return 0;
        }
        KubeconfigFile file = KubeconfigFile.locate(Optional.ofNullable(kubeconfig), root.environment());
        Optional<String> text = file.read();
        ObjectNode config = KubeconfigYaml.parse(text.orElse(""), file.path().toString());
        // With an unknown member list (404) nothing is stale: an unknown list is not an empty one.
        KubeconfigMerge.Result result = KubeconfigMerge.merge(config, entries, serverUrl, membersKnown, useContext);
        result.kept().forEach(line -> Cloudpedia.note(err, file.path() + ": " + line));
        result.changes().forEach(out::println);
        if (result.changes().isEmpty() && text.isPresent()) {
            out.println(file.path() + " is up to date");
        } else {
            file.write(KubeconfigYaml.write(text.isEmpty() ? KubeconfigYaml.inKubectlOrder(config) : config));
            out.println("wrote " + file.path());
        }
        out.flush();
        return 0;
    }

    /** Checks what picocli cannot; a problem here is a usage error (exit 2). */
    private ServerUrl validated() {
        ServerUrl serverUrl;
        try {
            serverUrl = ServerUrl.parse(server);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!ENTRY_NAME.matcher(name).matches()) {
            throw usage("--name must be a non-empty name without spaces or slashes, got '" + name + "'");
        }
        for (String cluster : clusters) {
            if (!CLUSTER_NAME.matcher(cluster).matches()) {
                throw usage("--cluster '" + cluster + "' is not a valid cluster name (lower-case DNS subdomain)");
            }
            if (cluster.equals(name)) {
                throw usage("--cluster " + cluster + " has the name of the global entry; choose another --name");
            }
        }
        if (certificateAuthority != null && insecureSkipTlsVerify) {
            throw usage("--certificate-authority and --insecure-skip-tls-verify cannot be combined "
                    + "(kubectl refuses both)");
        }
        if (tlsServerName != null && tlsServerName.isBlank()) {
            throw usage("--tls-server-name must not be empty");
        }
        if (tokenSource != null && tokenSource.token != null && tokenSource.token.isBlank()) {
            throw usage("--token must not be empty");
        }
        if (useContext && tokenSource == null) {
            throw usage("--use-context needs --token or --token-file (contexts are written only with a user)");
        }
        if (kubeconfig != null && !merge) {
            throw usage("--kubeconfig applies only with --merge");
        }
        return serverUrl;
    }

    private Optional<String> token() {
        if (tokenSource == null) {
            return Optional.empty();
        }
        if (tokenSource.token != null) {
            return Optional.of(tokenSource.token.strip());
        }
        String token;
        try {
            token = Files.readString(tokenSource.tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliException("cannot read --token-file " + tokenSource.tokenFile + ": "
                    + IoMessages.describe(e));
        }
        if (token.isEmpty()) {
            throw new CliException("--token-file " + tokenSource.tokenFile + " is empty");
        }
        return Optional.of(token);
    }

    /** The server's cluster names that can be entries; others are reported and left out. */
    private List<String> acceptable(List<String> listed, PrintWriter err) {
        List<String> members = new ArrayList<>();
        for (String member : listed) {
            if (member.equals(name)) {
                Cloudpedia.note(err, "PediaCluster \"" + member + "\" has the name of the global entry; "
                        + "it gets no entry (choose another --name)");
            } else if (!CLUSTER_NAME.matcher(member).matches()) {
                Cloudpedia.note(err, "PediaCluster \"" + member + "\" is not a valid cluster name; it gets no entry");
            } else {
                members.add(member);
            }
        }
        return members;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
