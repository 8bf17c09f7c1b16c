package io.cloudpedia.cli;

import io.cloudpedia.cli.kubeconfig.KubeconfigCommand;
import io.cloudpedia.cli.local.LocalCommand;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code cloudpedia} command. Each subcommand lives in its own package ({@code io.cloudpedia.cli.kubeconfig},
 * later {@code io.cloudpedia.cli.local}) and is listed in {@code subcommands} below; a subcommand reaches the
 * {@link Environment} through {@code @ParentCommand Cloudpedia}.
 *
 * <p>Exit codes: 0 success, 2 usage error (bad or missing options; throw {@link ParameterException}), 1 failure (throw
 * {@link CliException}). Every error is one line on stderr starting with {@code cloudpedia: }, never a stack trace.
 */
@Command(name = Cloudpedia.NAME, mixinStandardHelpOptions = true, versionProvider = Cloudpedia.Version.class,
        description = "Clusterpedia-compatible multi-cluster Kubernetes search.",
        subcommands = {LocalCommand.class, KubeconfigCommand.class, CommandLine.HelpCommand.class})
public final class Cloudpedia implements Callable<Integer> {

    public static final String NAME = "cloudpedia";
    static final String PREFIX = NAME + ": ";

    @Spec
    private CommandSpec spec;

    private final Environment environment;

    public Cloudpedia(Environment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Environment.system()).execute(args));
    }

    /** The command ready to {@code execute}, with the project's error reporting; tests replace out and err. */
    public static CommandLine commandLine(Environment environment) {
        return new CommandLine(new Cloudpedia(environment))
                .setParameterExceptionHandler(Cloudpedia::usageError)
                .setExecutionExceptionHandler(Cloudpedia::failure);
    }

    public Environment environment() {
        return environment;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Prints a line on stderr that starts like the error lines, for notes that are not failures. */
    public static void note(PrintWriter err, String message) {
        err.println(PREFIX + oneLine(message));
        err.flush();
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        // picocli starts some messages with "Error: "; the prefix already says it.
        String message = Optional.ofNullable(e.getMessage()).orElse("invalid command line")
                .replaceFirst("^Error: ", "");
        note(command.getErr(), message + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine command, ParseResult parseResult) {
        String message = e instanceof CliException
                ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + Optional.ofNullable(e.getMessage())
                        .map(m -> ": " + m).orElse("");
        note(command.getErr(), message);
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** The version in the jar's manifest ({@code Implementation-Version}), or {@code dev} when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cloudpedia.class.getPackage().getImplementationVersion();
            return new String[] {NAME + " " + (version == null ? "dev" : version)};
        }
    }
}
