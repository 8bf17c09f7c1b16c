package io.cloudpedia.agent.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * One part of the key set of a finished list. {@code keysGzip} is the gzip of this part's keys, one per line, sorted;
 * every part repeats {@code relistId}, {@code resourceVersion} and {@code count}.
 */
public record RelistEnd(Gvr gvr, String relistId, String resourceVersion, int count, int part, int parts,
                        byte[] keysGzip) implements Delta {

    public RelistEnd {
        Objects.requireNonNull(gvr, "gvr");
        Objects.requireNonNull(relistId, "relistId");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        Objects.requireNonNull(keysGzip, "keysGzip");
        if (count < 0 || parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("bad relistEnd numbering: count=" + count + " part=" + part
                    + " parts=" + parts);
        }
    }

    @Override
    public String op() {
        return "relistEnd";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelistEnd other && gvr.equals(other.gvr) && relistId.equals(other.relistId)
                && resourceVersion.equals(other.resourceVersion) && count == other.count && part == other.part
                && parts == other.parts && Arrays.equals(keysGzip, other.keysGzip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gvr, relistId, resourceVersion, count, part, parts) * 31 + Arrays.hashCode(keysGzip);
    }

    @Override
    public String toString() {
        return "RelistEnd[gvr=" + gvr + ", relistId=" + relistId + ", resourceVersion=" + resourceVersion
                + ", count=" + count + ", part=" + part + "/" + parts + ", keysGzip=" + keysGzip.length + " bytes]";
    }
}
