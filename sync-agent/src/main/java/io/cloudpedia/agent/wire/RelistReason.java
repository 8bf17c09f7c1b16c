package io.cloudpedia.agent.wire;

/** Why a full list of a type started. */
public enum RelistReason {
    /** The first list after the agent started. */
    Initial,
    /** The watch (or a list continuation) answered 410 Gone. */
    Expired,
    /** Any other relist. */
    Resync,
    /**
     * The type is no longer synced: a relist that found nothing, so that ingest's sweep deletes what it stored of the
     * type. Ingest treats the reason as informational (it keeps reasons it does not know), so older ingest versions
     * accept it too.
     */
    Removed
}
