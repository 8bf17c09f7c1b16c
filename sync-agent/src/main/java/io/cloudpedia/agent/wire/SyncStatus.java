package io.cloudpedia.agent.wire;

/** Clusterpedia's sync states of one resource type. */
public enum SyncStatus {
    Pending, Syncing, Stop, Error, Unknown
}
