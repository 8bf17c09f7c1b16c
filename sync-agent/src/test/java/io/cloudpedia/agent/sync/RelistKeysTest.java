package io.cloudpedia.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudpedia.agent.wire.Gzip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RelistKeysTest {

    @Test
    void smallKeySetIsOnePartOfNewlineSeparatedKeys() {
        byte[][] keys = keys("default/api", "default/web", "kube-system/coredns");

        List<byte[]> parts = RelistKeys.parts(keys, RelistKeys.PART_GZIP_TARGET);

        assertThat(parts).hasSize(1);
        assertThat(new String(Gzip.decompress(parts.get(0)), StandardCharsets.UTF_8))
                .isEqualTo("default/api\ndefault/web\nkube-system/coredns");
    }

    @Test
    void emptyKeySetIsOneEmptyPart() {
        List<byte[]> parts = RelistKeys.parts(new byte[0][], RelistKeys.PART_GZIP_TARGET);

        assertThat(parts).hasSize(1);
        assertThat(Gzip.decompress(parts.get(0))).isEmpty();
    }

    @Test
    void largeKeySetSplitsIntoPartsThatEachFitAndTogetherHoldEveryKeyInOrder() {
        Random random = new Random(3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            expected.add(String.format("ns-%03d/%s", i / 1000, Long.toHexString(random.nextLong())));
        }
        expected.sort(null);
        byte[][] keys = keys(expected.toArray(new String[0]));
        int limit = 64 * 1024;

        List<byte[]> parts = RelistKeys.parts(keys, limit);

        assertThat(parts.size()).isGreaterThan(1);
        List<String> union = new ArrayList<>();
        for (byte[] part : parts) {
            assertThat(part.length).isLessThanOrEqualTo(limit);
            union.addAll(List.of(new String(Gzip.decompress(part), StandardCharsets.UTF_8).split("\n")));
        }
        assertThat(union).containsExactlyElementsOf(expected);
    }

    private static byte[][] keys(String... keys) {
        byte[][] out = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            out[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
