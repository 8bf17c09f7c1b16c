package io.cloudpedia.agent.sync;

import io.cloudpedia.agent.wire.Gzip;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The key set of a finished list as {@code relistEnd} carries it: sorted keys, one per line, gzip; split into parts
 * of at most a given compressed size so that each part fits one message.
 */
final class RelistKeys {

    /** The wire format's target for one part: about 200 KiB of gzip. */
    static final int PART_GZIP_TARGET = 200 * 1024;

    private RelistKeys() {
    }

    /**
     * @param sortedKeys    UTF-8 keys, sorted
     * @param maxGzipBytes  the most compressed bytes one part may have
     * @return one gzip per part, at least one (an empty list has one empty part)
     */
    static List<byte[]> parts(byte[][] sortedKeys, int maxGzipBytes) {
        // Compression ratios vary, so split evenly by key count and split finer until every part fits.
        for (int parts = 1; ; parts *= 2) {
            if (parts > Math.max(1, sortedKeys.length)) {
                throw new IllegalStateException("a single key does not fit " + maxGzipBytes + " gzip bytes");
            }
            List<byte[]> result = new ArrayList<>(parts);
            boolean allFit = true;
            for (int p = 0; p < parts && allFit; p++) {
                int from = (int) ((long) sortedKeys.length * p / parts);
                int to = (int) ((long) sortedKeys.length * (p + 1) / parts);
                byte[] gz = Gzip.compress(lines(sortedKeys, from, to));
                allFit = gz.length <= maxGzipBytes;
                result.add(gz);
            }
            if (allFit) {
                return result;
            }
        }
    }

    private static byte[] lines(byte[][] keys, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, (to - from) * 32));
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.write('\n');
            }
            out.write(keys[i], 0, keys[i].length);
        }
        return out.toByteArray();
    }
}
