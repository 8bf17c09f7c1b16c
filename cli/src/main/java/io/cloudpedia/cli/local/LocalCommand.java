package io.cloudpedia.cli.local;

import io.cloudpedia.agent.config.SyncResource;
import io.cloudpedia.cli.Cloudpedia;
import io.cloudpedia.cli.Environment;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;

/**
 * {@code cloudpedia local}: the whole of Cloudpedia in this process. An adapter: options in, a {@link LocalSession}
 * run until Ctrl-C.
 */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs Cloudpedia on this machine: one sync-agent per kubeconfig context, the ingest path and the API on "
                    + "https://127.0.0.1:8443, then writes a kubeconfig for kubectl and prints the command to try.",
            "",
            "By default everything is in memory (nothing survives the process); with --aws-endpoint the deltas go "
                    + "through SQS into DynamoDB (tables and queue created if missing). --demo replays bundled sample"
                    + " clusters instead of syncing real ones.",
            ""})
public final class LocalCommand implements Callable<Integer> {

    /** The types synced when --resources is not given: what `kubectl get` users look at most. */
    static final String DEFAULT_RESOURCES = "namespaces,nodes,pods,services,configmaps,events,serviceaccounts,"
            + "persistentvolumes,persistentvolumeclaims,apps/deployments,apps/replicasets,apps/statefulsets,"
            + "apps/daemonsets,batch/jobs,batch/cronjobs,networking.k8s.io/ingresses";

    @ParentCommand
    private Cloudpedia root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig whose contexts are the member clusters. Default: $KUBECONFIG, else ~/.kube/config.")
    private Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME",
            description = "A context to sync (repeatable). Default: every context of the kubeconfig.")
    private List<String> contexts = new ArrayList<>();

    @Option(names = "--resources", paramLabel = "LIST",
            description = "Types to sync, comma-separated, [group/]resource or group/* (core: no group). Default: "
                    + DEFAULT_RESOURCES + ". Types a cluster does not serve are skipped.")
    private String resources = DEFAULT_RESOURCES;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8443",
            description = "The API's port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--http", description = "Serve plain http instead of https with a generated certificate.")
    private boolean http;

    @Option(names = "--demo", description = "Replay bundled sample clusters instead of syncing the kubeconfig's.")
    private boolean demo;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE",
            description = "Where to write the kubeconfig for kubectl. Default: <config dir>/cloudpedia/local/kubeconfig.")
    private Path kubeconfigOut;

    @Option(names = "--aws-endpoint", paramLabel = "URL",
            description = "Use SQS and DynamoDB at this endpoint (LocalStack, moto) instead of the embedded store.")
    private URI awsEndpoint;

    @Option(names = "--aws-region", paramLabel = "REGION",
            description = "Use SQS and DynamoDB in this region (with --aws-endpoint, or alone for AWS itself). "
                    + "Default: $AWS_REGION, else us-east-1.")
    private String awsRegion;

    @Option(names = "--aws-prefix", paramLabel = "PREFIX", defaultValue = "cloudpedia-local",
            description = "Name prefix of the tables and queues. Default: ${DEFAULT-VALUE}.")
    private String awsPrefix;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        if (demo && (kubeconfig != null || !contexts.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--demo replays sample clusters: it takes no "
                    + "--kubeconfig or --context");
        }
        Environment environment = root.environment();
        Path configDirectory = configDirectory(environment);
        Path logFile = configDirectory.resolve("local.log");
        Logging.toFile(logFile);
        List<SyncResource> types = parseResources(resources);
        LocalSession.Settings settings = new LocalSession.Settings(
                demo ? List.of() : Kubeconfigs.select(Optional.ofNullable(kubeconfig), contexts, environment),
                demo, types, port, !http,
                Optional.ofNullable(kubeconfigOut).orElse(configDirectory.resolve("kubeconfig")),
                configDirectory.resolve("tls"), logFile, aws(environment), environment);
        try (LocalSession session = LocalSession.start(settings, spec.commandLine().getOut())) {
            session.runUntilStopped();
        }
        return 0;
    }

    private Optional<LocalSession.Aws> aws(Environment environment) {
        if (awsEndpoint == null && awsRegion == null) {
            return Optional.empty();
        }
        String region = Optional.ofNullable(awsRegion).or(() -> environment.get("AWS_REGION")).orElse("us-east-1");
        if (awsEndpoint != null && !List.of("http", "https").contains(String.valueOf(awsEndpoint.getScheme()))) {
            throw new ParameterException(spec.commandLine(), "--aws-endpoint must be an http(s) URL");
        }
        return Optional.of(new LocalSession.Aws(Optional.ofNullable(awsEndpoint), Region.of(region), awsPrefix));
    }

    /** {@code $XDG_CONFIG_HOME/cloudpedia/local}, else {@code ~/.config/cloudpedia/local}. */
    static Path configDirectory(Environment environment) {
        Path base = environment.get("XDG_CONFIG_HOME").map(Path::of)
                .orElseGet(() -> environment.home().resolve(".config"));
        return base.resolve("cloudpedia").resolve("local");
    }

    /** {@code pods,apps/deployments,batch/*} to one SyncResource per group, in order. */
    List<SyncResource> parseResources(String text) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.lastIndexOf('/');
            String group = slash < 0 ? "" : e.substring(0, slash);
            String resource = slash < 0 ? e : e.substring(slash + 1);
            if (resource.isEmpty() || group.contains("/")) {
                throw new ParameterException(spec.commandLine(), "--resources: '" + e + "' is not [group/]resource");
            }
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(resource);
        }
        if (byGroup.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--resources names no type");
        }
        List<SyncResource> list = new ArrayList<>();
        byGroup.forEach((group, names) -> list.add(new SyncResource(group, List.of(), names)));
        return list;
    }

}
