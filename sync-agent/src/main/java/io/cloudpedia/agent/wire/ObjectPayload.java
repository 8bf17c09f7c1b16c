package io.cloudpedia.agent.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** The body of an upsert: plain JSON ({@code object}) or its gzip ({@code objectGzip}). */
public sealed interface ObjectPayload permits ObjectPayload.Plain, ObjectPayload.Gzipped {

    /** The object's JSON text, decompressed if need be. */
    String json();

    /** How many bytes the payload's value takes in the encoded delta (raw JSON, or base64 text). */
    long wireBytes();

    /** Plain JSON, embedded as is. */
    record Plain(String json) implements ObjectPayload {
        public Plain {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public long wireBytes() {
            return Utf8.length(json);
        }
    }

    /** The gzip of the object's JSON, sent as standard base64. */
    record Gzipped(byte[] gzip) implements ObjectPayload {
        public Gzipped {
            Objects.requireNonNull(gzip, "gzip");
        }

        @Override
        public String json() {
            return new String(Gzip.decompress(gzip), StandardCharsets.UTF_8);
        }

        @Override
        public long wireBytes() {
            return 2 + 4L * ((gzip.length + 2) / 3);
        }

        public String base64() {
            return Base64.getEncoder().encodeToString(gzip);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Gzipped other && Arrays.equals(gzip, other.gzip);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(gzip);
        }

        @Override
        public String toString() {
            return "Gzipped[" + gzip.length + " bytes]";
        }
    }
}
