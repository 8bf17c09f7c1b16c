package io.cloudpedia.agent.wire;

/** Why a full list of a type started. */
public enum RelistReason {
    /** The first list after the agent started. */
    Initial,
    /** The watch (or a list continuation) answered 410 Gone. */
    Expired,
    /** Any other relist. */
    Resync
}
