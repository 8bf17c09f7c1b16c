package io.cloudpedia.agent.wire;

/**
 * One change the agent reports about its member cluster. The closed set of operations of wire format
 * {@code cloudpedia.io/v1} (see docs/wire-format.md).
 */
public sealed interface Delta permits Upsert, Delete, RelistBegin, RelistEnd, AgentStatus {

    /** The wire {@code op} value. */
    String op();
}
