package io.cloudpedia.agent;

import io.cloudpedia.agent.config.Config;
import io.cloudpedia.agent.config.ConfigException;
import io.cloudpedia.agent.config.ConfigLoader;
import io.cloudpedia.agent.send.SqsDeltaSink;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;

/**
 * {@code java -jar cloudpedia-sync-agent.jar --config FILE [--kubeconfig PATH] [--context NAME]}: runs until SIGTERM,
 * then stops the watches, delivers what is buffered, and exits. With {@code spec.registry}, it also reads its
 * syncResources from its PediaCluster in the registry. Without {@code --kubeconfig}, fabric8's default
 * resolution applies (in-cluster service account, else ~/.kube/config).
 */
public final class SyncAgentMain {

    static final String USAGE = "usage: sync-agent --config FILE [--kubeconfig PATH] [--context NAME]";

    private SyncAgentMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Starts the agent and blocks until the JVM shuts down; returns an exit code only on a startup failure. */
    static int run(String[] args, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sync-agent: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Config config;
        try {
            config = ConfigLoader.load(arguments.config());
        } catch (ConfigException e) {
            err.println("sync-agent: invalid configuration " + arguments.config() + ": " + e.getMessage());
            return 2;
        }
        KubernetesClient client;
        try {
            client = kubernetesClient(arguments);
        } catch (RuntimeException e) {
            err.println("sync-agent: cannot configure the Kubernetes client: " + e.getMessage());
            return 1;
        }
        AgentIdentity identity = AgentIdentity.generate(config.clusterName());
        SqsDeltaSink sink = SqsDeltaSink.create(config.queue(), identity);
        SyncAgent agent;
        try {
            agent = SyncAgent.start(config, identity, client, sink);
        } catch (RuntimeException e) {
            err.println("sync-agent: cannot start: " + e.getMessage());
            sink.close();
            client.close();
            return 1;
        }
        if (config.registry().isPresent()) {
            // After the agent: it syncs the local list until the registry's PediaCluster was read.
            try {
                agent.watchRegistry(config.registry().get());
            } catch (RuntimeException e) {
                err.println("sync-agent: cannot watch the registry: " + e.getMessage());
                agent.close();
                sink.close();
                client.close();
                return 1;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.close();
                // Delivers what is buffered, within the sink's close deadline (20 s by default).
                sink.close();
                client.close();
            } finally {
                stopped.countDown();
                // Log4j's own shutdown hook is disabled (log4j2.xml) so that the lines above are not lost.
                LogManager.shutdown();
            }
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static KubernetesClient kubernetesClient(Arguments arguments) {
        io.fabric8.kubernetes.client.Config k8s;
        if (arguments.kubeconfig().isPresent()) {
            File file = arguments.kubeconfig().get().toFile();
            if (!file.isFile()) {
                throw new IllegalArgumentException("kubeconfig " + file + " does not exist");
            }
            k8s = io.fabric8.kubernetes.client.Config.fromKubeconfig(arguments.context().orElse(null), file);
        } else {
            k8s = io.fabric8.kubernetes.client.Config.autoConfigure(arguments.context().orElse(null));
        }
        return new KubernetesClientBuilder().withConfig(k8s).build();
    }

    record Arguments(Path config, Optional<Path> kubeconfig, Optional<String> context) {

        static Arguments parse(String[] args) {
            Path config = null;
            Path kubeconfig = null;
            String context = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value;
                String name;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else {
                    name = arg;
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(
                                arg.startsWith("--") ? arg + " needs a value" : "unexpected argument " + arg);
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--config":
                        config = Path.of(value);
                        break;
                    case "--kubeconfig":
                        kubeconfig = Path.of(value);
                        break;
                    case "--context":
                        context = value;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (config == null) {
                throw new IllegalArgumentException("--config is required");
            }
            return new Arguments(config, Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
        }
    }
}
