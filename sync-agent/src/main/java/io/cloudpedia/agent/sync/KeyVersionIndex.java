package io.cloudpedia.agent.sync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent remembers of one type: cache key ({@code ns/name} or {@code name}) to resourceVersion, never object
 * bodies (Clusterpedia's trick; an informer's cache holds every object).
 *
 * <p>Compact on purpose: an open-addressing table (linear probing, backward-shift deletion) of UTF-8 keys as
 * {@code byte[]} and resourceVersions as {@code long}, about 80 bytes per entry for typical pod keys. Kubernetes
 * resourceVersions are opaque strings; the ones that are not canonical decimal numbers (none from etcd) fall back to
 * a small side map.
 *
 * <p>Also tracks which keys a running relist has seen ({@link #beginMark()}, {@link #putAndMark}, {@link
 * #removeUnmarked()}), so keys missing from a list can be forgotten without a second set of keys.
 *
 * <p>One synchro thread writes it. Other threads may read it (an event synchro asks whether an event's involved
 * object is synced, {@link #contains}), so every method holds the index's monitor: uncontended but for those
 * look-ups, and cheap next to a list or watch. {@link #size()} needs no lock.
 */
public final class KeyVersionIndex {

    /** Marks an entry whose resourceVersion is in {@link #textVersions}. */
    private static final long TEXT_VERSION = -1L;
    private static final int MIN_CAPACITY = 16;
    private static final int ARRAY_HEADER = 16;

    private byte[][] keys;
    private long[] versions;
    private BitSet marks;
    private final Map<String, String> textVersions = new HashMap<>();
    private volatile int size;
    private long keyBytes;

    public KeyVersionIndex() {
        allocate(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    public synchronized Optional<String> get(String key) {
        byte[] k = bytes(key);
        int slot = find(k);
        if (slot < 0) {
            return Optional.empty();
        }
        long v = versions[slot];
        return Optional.of(v == TEXT_VERSION ? textVersions.get(key) : Long.toString(v));
    }

    /** Whether the key is known (any resourceVersion). */
    public synchronized boolean contains(String key) {
        return find(bytes(key)) >= 0;
    }

    /**
     * Remembers {@code key -> resourceVersion}.
     *
     * @return true if the key was unknown or had another resourceVersion (the object must be sent)
     */
    public synchronized boolean put(String key, String resourceVersion) {
        return put(key, resourceVersion, false);
    }

    /** {@link #put} during a relist: also records that the list contained the key. */
    public synchronized boolean putAndMark(String key, String resourceVersion) {
        return put(key, resourceVersion, true);
    }

    public synchronized boolean remove(String key) {
        byte[] k = bytes(key);
        int slot = find(k);
        if (slot < 0) {
            return false;
        }
        if (versions[slot] == TEXT_VERSION) {
            textVersions.remove(key);
        }
        keyBytes -= arrayBytes(keys[slot].length);
        deleteSlot(slot);
        size--;
        return true;
    }

    /** Starts a relist: no key is marked as seen. */
    public synchronized void beginMark() {
        marks.clear();
    }

    /**
     * Ends a relist: forgets every key the list did not contain.
     *
     * @return how many keys were forgotten
     */
    public synchronized int removeUnmarked() {
        int before = size;
        byte[][] oldKeys = keys;
        long[] oldVersions = versions;
        BitSet oldMarks = marks;
        int kept = oldMarks.cardinality();
        allocate(capacityFor(kept));
        size = 0;
        keyBytes = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] k = oldKeys[i];
            if (k == null) {
                continue;
            }
            if (oldMarks.get(i)) {
                int slot = insertSlot(k);
                keys[slot] = k;
                versions[slot] = oldVersions[i];
                marks.set(slot);
                size++;
                keyBytes += arrayBytes(k.length);
            } else if (oldVersions[i] == TEXT_VERSION) {
                textVersions.remove(new String(k, StandardCharsets.UTF_8));
            }
        }
        return before - size;
    }

    /**
     * Every key as UTF-8, sorted by unsigned bytes (the same order as by code point). The arrays are the index's own:
     * callers must not change them.
     */
    synchronized byte[][] sortedKeyBytes() {
        byte[][] out = new byte[size][];
        int n = 0;
        for (byte[] k : keys) {
            if (k != null) {
                out[n++] = k;
            }
        }
        Arrays.sort(out, Arrays::compareUnsigned);
        return out;
    }

    /**
     * An estimate of the heap this index holds (64-bit JVM, compressed references), counting every array it owns:
     * what a benchmark or a test compares against an informer's cache.
     */
    public synchronized long estimatedHeapBytes() {
        long table = align(ARRAY_HEADER + 4L * keys.length) + align(ARRAY_HEADER + 8L * versions.length)
                + align(ARRAY_HEADER + marks.size() / 8);
        long text = textVersions.isEmpty() ? 0 : textVersions.size() * 120L;
        return table + keyBytes + text;
    }

    private boolean put(String key, String resourceVersion, boolean mark) {
        byte[] k = bytes(key);
        long numeric = numeric(resourceVersion);
        int slot = find(k);
        if (slot >= 0) {
            if (mark) {
                marks.set(slot);
            }
            long old = versions[slot];
            if (numeric != TEXT_VERSION) {
                if (old == numeric) {
                    return false;
                }
                if (old == TEXT_VERSION) {
                    textVersions.remove(key);
                }
                versions[slot] = numeric;
                return true;
            }
            if (old == TEXT_VERSION && resourceVersion.equals(textVersions.get(key))) {
                return false;
            }
            versions[slot] = TEXT_VERSION;
            textVersions.put(key, resourceVersion);
            return true;
        }
        if ((size + 1) * 4L > keys.length * 3L) {
            rehash(keys.length * 2);
        }
        slot = insertSlot(k);
        keys[slot] = k;
        versions[slot] = numeric;
        if (numeric == TEXT_VERSION) {
            textVersions.put(key, resourceVersion);
        }
        if (mark) {
            marks.set(slot);
        }
        size++;
        keyBytes += arrayBytes(k.length);
        return true;
    }

    /** A canonical non-negative decimal (what etcd produces) as a long; anything else is kept as text. */
    static long numeric(String rv) {
        int n = rv.length();
        if (n == 0 || n > 18 || (n > 1 && rv.charAt(0) == '0')) {
            return TEXT_VERSION;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = rv.charAt(i);
            if (c < '0' || c > '9') {
                return TEXT_VERSION;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private int find(byte[] k) {
        int mask = keys.length - 1;
        for (int slot = hash(k) & mask; ; slot = (slot + 1) & mask) {
            byte[] existing = keys[slot];
            if (existing == null) {
                return -1;
            }
            if (Arrays.equals(existing, k)) {
                return slot;
            }
        }
    }

    private int insertSlot(byte[] k) {
        int mask = keys.length - 1;
        int slot = hash(k) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Backward-shift deletion: keeps every probe chain intact without tombstones. */
    private void deleteSlot(int hole) {
        int mask = keys.length - 1;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            int home = hash(k) & mask;
            // Move k into the hole if its home slot is not cyclically within (hole, i].
            boolean between = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!between) {
                keys[hole] = k;
                versions[hole] = versions[i];
                marks.set(hole, marks.get(i));
                hole = i;
            }
        }
        keys[hole] = null;
        versions[hole] = 0;
        marks.clear(hole);
    }

    private void rehash(int capacity) {
        byte[][] oldKeys = keys;
        long[] oldVersions = versions;
        BitSet oldMarks = marks;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = insertSlot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                versions[slot] = oldVersions[i];
                if (oldMarks.get(i)) {
                    marks.set(slot);
                }
            }
        }
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        versions = new long[capacity];
        marks = new BitSet(capacity);
    }

    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (entries * 4L > capacity * 3L) {
            capacity *= 2;
        }
        return capacity;
    }

    private static int hash(byte[] k) {
        // FNV-1a, then a murmur finaliser so that the low bits used for the slot are well mixed.
        int h = 0x811c9dc5;
        for (byte b : k) {
            h ^= b;
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static long arrayBytes(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
