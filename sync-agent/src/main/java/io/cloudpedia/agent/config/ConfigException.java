package io.cloudpedia.agent.config;

/** A configuration problem, naming the field it is about: its message is one line meant for the operator. */
public final class ConfigException extends RuntimeException {

    private final String field;

    public ConfigException(String field, String problem) {
        super(field.isEmpty() ? problem : field + ": " + problem);
        this.field = field;
    }

    /** The offending field as a path, e.g. {@code spec.queue.url}; empty for the file as a whole. */
    public String field() {
        return field;
    }
}
