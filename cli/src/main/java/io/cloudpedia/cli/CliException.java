package io.cloudpedia.cli;

/**
 * A command failed for a reason the user can act on (unreachable server, unreadable file, refused answer). The message
 * is printed as one line after {@code cloudpedia: } and the exit code is 1; it must never contain a secret.
 */
public class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
