package io.cloudpedia.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyVersionIndexTest {

    @Test
    void putReportsWhetherTheResourceVersionChanged() {
        KeyVersionIndex index = new KeyVersionIndex();

        assertThat(index.put("default/web-0", "100")).isTrue();
        assertThat(index.put("default/web-0", "100")).isFalse();
        assertThat(index.put("default/web-0", "101")).isTrue();
        assertThat(index.get("default/web-0")).contains("101");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void removeForgetsTheKey() {
        KeyVersionIndex index = new KeyVersionIndex();
        index.put("default/a", "1");

        assertThat(index.remove("default/a")).isTrue();
        assertThat(index.remove("default/a")).isFalse();
        assertThat(index.get("default/a")).isEmpty();
        assertThat(index.size()).isZero();
        assertThat(index.put("default/a", "1")).isTrue();
    }

    @Test
    void nonNumericResourceVersionsAreKeptExactly() {
        KeyVersionIndex index = new KeyVersionIndex();

        assertThat(index.put("a", "007")).isTrue();
        assertThat(index.put("a", "007")).isFalse();
        assertThat(index.put("a", "7")).isTrue();
        assertThat(index.get("a")).contains("7");
        assertThat(index.put("b", "opaque-rv")).isTrue();
        assertThat(index.put("b", "opaque-rv")).isFalse();
        assertThat(index.get("b")).contains("opaque-rv");
        assertThat(index.put("c", "99999999999999999999")).isTrue();
        assertThat(index.get("c")).contains("99999999999999999999");
    }

    @Test
    void relistForgetsExactlyTheKeysTheListDidNotContain() {
        KeyVersionIndex index = new KeyVersionIndex();
        for (int i = 0; i < 1000; i++) {
            index.put("ns/obj-" + i, Integer.toString(i));
        }
        index.put("ns/text", "rv-x");

        index.beginMark();
        for (int i = 0; i < 1000; i += 2) {
            index.putAndMark("ns/obj-" + i, Integer.toString(i));
        }
        index.putAndMark("ns/new", "5000");
        int forgotten = index.removeUnmarked();

        assertThat(forgotten).isEqualTo(501);
        assertThat(index.size()).isEqualTo(501);
        assertThat(index.get("ns/obj-2")).contains("2");
        assertThat(index.get("ns/obj-3")).isEmpty();
        assertThat(index.get("ns/text")).isEmpty();
        assertThat(index.get("ns/new")).contains("5000");
    }

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        Random random = new Random(7);
        KeyVersionIndex index = new KeyVersionIndex();
        Map<String, String> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            String key = "ns-" + random.nextInt(20) + "/o-" + random.nextInt(2000);
            int op = random.nextInt(10);
            if (op < 6) {
                String rv = random.nextInt(50) == 0 ? "t" + random.nextInt(3) : Integer.toString(random.nextInt(5));
                boolean changed = !rv.equals(model.put(key, rv));
                assertThat(index.put(key, rv)).as("put %s %s", key, rv).isEqualTo(changed);
            } else if (op < 9) {
                assertThat(index.remove(key)).isEqualTo(model.remove(key) != null);
            } else {
                assertThat(index.get(key)).isEqualTo(Optional.ofNullable(model.get(key)));
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        for (Map.Entry<String, String> e : model.entrySet()) {
            assertThat(index.get(e.getKey())).contains(e.getValue());
        }
    }

    @Test
    void sortedKeysAreInCodePointOrder() {
        KeyVersionIndex index = new KeyVersionIndex();
        List<String> keys = List.of("kube-system/coredns", "default/web", "default/api", "zz", "Ärger/x", "a/b");
        keys.forEach(k -> index.put(k, "1"));

        List<String> sorted = new ArrayList<>();
        for (byte[] k : index.sortedKeyBytes()) {
            sorted.add(new String(k, StandardCharsets.UTF_8));
        }

        assertThat(sorted).containsExactlyElementsOf(new TreeMap<>(Map.of(
                "kube-system/coredns", 1, "default/web", 1, "default/api", 1, "zz", 1, "Ärger/x", 1, "a/b", 1))
                .keySet());
    }

    @Test
    void fiftyThousandPodKeysTakeWellUnder150BytesEach() {
        KeyVersionIndex index = new KeyVersionIndex();
        Random random = new Random(1);
        for (int i = 0; i < 50_000; i++) {
            String key = "team-" + (i % 40) + "/web-" + Integer.toHexString(random.nextInt()) + "-"
                    + Integer.toString(random.nextInt(100_000), 36);
            index.put(key, Long.toString(10_000_000L + i));
        }

        double perEntry = (double) index.estimatedHeapBytes() / index.size();

        assertThat(index.size()).isEqualTo(50_000);
        assertThat(perEntry).isLessThan(100.0);
    }
}
