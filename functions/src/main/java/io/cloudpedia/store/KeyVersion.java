package io.cloudpedia.store;

/** A live object's key and resourceVersion, without its body (what a relist sweep needs). */
public record KeyVersion(ObjectKey key, String resourceVersion) {}
