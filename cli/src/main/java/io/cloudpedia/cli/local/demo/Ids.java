package io.cloudpedia.cli.local.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Identifiers derived from a seed string by hashing, never drawn at random: a replay sends the same uids, name
 * suffixes and container ids every time, and one object's ids do not shift when another is added to the sample.
 */
final class Ids {

    /** The alphabet of generated name suffixes and pod-template hashes (Kubernetes' SafeEncodeString). */
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";

    private Ids() {
    }

    /** A stable uid, the same for the same cluster, type and key. */
    static String uid(String cluster, DemoType type, String namespace, String name) {
        return UUID.nameUUIDFromBytes((cluster + "/" + type.gvr() + "/" + namespace + "/" + name)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code length} characters of Kubernetes' safe alphabet: pod-template hashes, generated name suffixes. */
    static String safe(String seed, int length) {
        byte[] digest = sha256(seed);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(SAFE.charAt(Byte.toUnsignedInt(digest[i % digest.length]) % SAFE.length()));
        }
        return out.toString();
    }

    /** {@code length} hex digits (at most 64): container and image digests, event name suffixes. */
    static String hex(String seed, int length) {
        return HexFormat.of().formatHex(sha256(seed)).substring(0, length);
    }

    /** A number in {@code [0, bound)}, for spreading small values (ports, counts, offsets). */
    static int below(String seed, int bound) {
        byte[] d = sha256(seed);
        int n = ((d[0] & 0x7f) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        return n % bound;
    }

    private static byte[] sha256(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
