package io.cloudpedia.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One in-process run of {@code cloudpedia} with captured stdout and stderr and its own environment, so tests never
 * see the real {@code ~/.kube} or {@code $KUBECONFIG}.
 *
 * @param exitCode the command's exit code
 * @param out      what it printed on stdout
 * @param err      what it printed on stderr
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs with {@code HOME=home} and no other environment variable. */
    public static CliRun run(Path home, String... args) {
        return run(Map.of(), home, args);
    }

    /** Runs with {@code HOME=home} plus {@code variables}. */
    public static CliRun run(Map<String, String> variables, Path home, String... args) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("HOME", home.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Cloudpedia.commandLine(Environment.of(environment));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    public List<String> errLines() {
        return err.lines().toList();
    }
}
