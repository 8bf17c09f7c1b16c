package io.cloudpedia.store.dynamodb;

/** Attribute names of both tables (docs/storage.md). Expressions always refer to them through {@code #name}s. */
final class Attr {
  private Attr() {}

  static final String PK = "pk";
  static final String SK = "sk";
  static final String EXPIRES_AT = "expiresAt";

  // Resources
  static final String RV = "rv";
  static final String RVN = "rvn";
  static final String UID = "uid";
  static final String KIND = "kind";
  static final String NS = "ns";
  static final String NAME = "name";
  static final String CLUSTER = "cluster";
  static final String CREATED = "created";
  static final String LABELS = "labels";
  static final String OWNER = "owner";
  static final String BODY = "body";
  static final String SIZE = "size";
  static final String TRUNCATED = "truncated";
  static final String SYNCED_AT = "syncedAt";
  static final String TOMB = "tomb";
  /** {@code {cluster}#{gvr}#{name}} on live items: the {@code byName} index's partition key. */
  static final String NAME_KEY = "nk";

  /**
   * {@code lbl0}..{@code lbl4}: {@code {cluster}#{gvr}#{key}={value}} of the indexed label in that slot, on live items
   * that have it; the partition key of index {@code byLabel{slot}}.
   */
  static String label(int slot) {
    return "lbl" + slot;
  }

  // SyncState
  static final String GVR = "gvr";
  static final String DOC = "doc";
  static final String OBSERVED_AT = "observedAt";
  static final String RELIST_ID = "relistId";
  static final String BEGAN_AT = "beganAt";
  static final String LISTING = "listing";
  static final String LAST_COUNT = "lastCount";
  static final String LAST_COMPLETED = "lastCompleted";
  static final String COMPLETED_RELIST_ID = "completedRelistId";
  static final String COMPLETED_RV = "completedRv";
  static final String VERSION = "ver";
  static final String KEYS = "keys";
  static final String COUNT = "count";
  static final String PART = "part";
  static final String PARTS = "parts";
  static final String CHUNK = "chunk";
  static final String CHUNKS = "chunks";
}
