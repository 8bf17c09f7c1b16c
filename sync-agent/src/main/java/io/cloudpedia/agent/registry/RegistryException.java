package io.cloudpedia.agent.registry;

/**
 * A poll of the registry failed. The message is one line meant for the log and the agent's status: it names the
 * request and the cause, never a header, a token or a response body.
 */
final class RegistryException extends Exception {

    RegistryException(String message) {
        super(message);
    }
}
