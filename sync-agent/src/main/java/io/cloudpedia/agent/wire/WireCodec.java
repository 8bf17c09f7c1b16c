package io.cloudpedia.agent.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Encodes deltas and envelopes of wire format {@code cloudpedia.io/v1} (docs/wire-format.md).
 *
 * <p>Each delta is encoded once, to bytes, when it is handed to a sink; an envelope is then the concatenation of a
 * fixed-size prefix, the encoded deltas separated by commas, and {@code ]}}. That makes a message's size exact before
 * it is built, which the packer needs to never exceed the message limit.
 */
public final class WireCodec {

    public static final String FORMAT = "cloudpedia.io/v1";

    /** Always three fractional digits, so that the envelope prefix has a fixed length. */
    private static final DateTimeFormatter SENT_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OBSERVED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.US_ASCII);
    private static final Instant SAMPLE_TIME = Instant.parse("2000-01-01T00:00:00Z");

    private WireCodec() {
    }

    /** The JSON object of one delta, UTF-8. */
    public static byte[] encodeDelta(Delta delta) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            writeDelta(g, delta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The bytes before the first delta: {@code {"format":...,"deltas":[}. */
    public static byte[] envelopePrefix(AgentIdentity identity, Instant sentAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("cluster", identity.cluster());
            g.writeStringField("agent", identity.agentId());
            g.writeStringField("sentAt", SENT_AT.format(sentAt));
            g.writeFieldName("deltas");
            g.writeStartArray();
            // Closing the generator closes the array and object too: take the bytes flushed so far.
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] envelopeSuffix() {
        return SUFFIX.clone();
    }

    /** Bytes an envelope takes besides its deltas and the commas between them. */
    public static int envelopeOverhead(AgentIdentity identity) {
        return envelopePrefix(identity, SAMPLE_TIME).length + SUFFIX.length;
    }

    /** A whole envelope of the given, already encoded, deltas. */
    public static byte[] envelope(AgentIdentity identity, Instant sentAt, List<byte[]> encodedDeltas) {
        if (encodedDeltas.isEmpty()) {
            throw new IllegalArgumentException("an envelope carries at least one delta");
        }
        byte[] prefix = envelopePrefix(identity, sentAt);
        int size = prefix.length + SUFFIX.length + encodedDeltas.size() - 1;
        for (byte[] d : encodedDeltas) {
            size += d.length;
        }
        byte[] body = new byte[size];
        int pos = 0;
        System.arraycopy(prefix, 0, body, pos, prefix.length);
        pos += prefix.length;
        for (int i = 0; i < encodedDeltas.size(); i++) {
            if (i > 0) {
                body[pos++] = ',';
            }
            byte[] d = encodedDeltas.get(i);
            System.arraycopy(d, 0, body, pos, d.length);
            pos += d.length;
        }
        System.arraycopy(SUFFIX, 0, body, pos, SUFFIX.length);
        return body;
    }

    /** Encodes the given deltas as one envelope (for tests, tools and the local mode). */
    public static byte[] encodeEnvelope(AgentIdentity identity, Instant sentAt, List<? extends Delta> deltas) {
        List<byte[]> encoded = new ArrayList<>(deltas.size());
        for (Delta d : deltas) {
            encoded.add(encodeDelta(d));
        }
        return envelope(identity, sentAt, encoded);
    }

    // Java 17: no pattern matching in switch over the sealed type, so an instanceof chain.
    private static void writeDelta(JsonGenerator g, Delta delta) throws IOException {
        g.writeStartObject();
        g.writeStringField("op", delta.op());
        if (delta instanceof Upsert) {
            writeUpsert(g, (Upsert) delta);
        } else if (delta instanceof Delete) {
            writeDelete(g, (Delete) delta);
        } else if (delta instanceof RelistBegin) {
            RelistBegin b = (RelistBegin) delta;
            g.writeStringField("gvr", b.gvr().toString());
            g.writeStringField("relistId", b.relistId());
            g.writeStringField("reason", b.reason().name());
        } else if (delta instanceof RelistEnd) {
            RelistEnd e = (RelistEnd) delta;
            g.writeStringField("gvr", e.gvr().toString());
            g.writeStringField("relistId", e.relistId());
            g.writeStringField("resourceVersion", e.resourceVersion());
            g.writeNumberField("count", e.count());
            g.writeNumberField("part", e.part());
            g.writeNumberField("parts", e.parts());
            g.writeStringField("keysGzip", Base64.getEncoder().encodeToString(e.keysGzip()));
        } else if (delta instanceof AgentStatus) {
            writeStatus(g, (AgentStatus) delta);
        } else {
            throw new IllegalArgumentException("unknown delta type " + delta.getClass());
        }
        g.writeEndObject();
    }

    private static void writeUpsert(JsonGenerator g, Upsert u) throws IOException {
        g.writeStringField("gvr", u.gvr().toString());
        if (!u.namespace().isEmpty()) {
            g.writeStringField("namespace", u.namespace());
        }
        g.writeStringField("name", u.name());
        g.writeStringField("uid", u.uid());
        g.writeStringField("resourceVersion", u.resourceVersion());
        if (u.relistId().isPresent()) {
            g.writeStringField("relistId", u.relistId().get());
        }
        if (u.truncated().isPresent()) {
            g.writeObjectFieldStart("truncated");
            g.writeStringField("reason", u.truncated().get().reason());
            g.writeNumberField("bytes", u.truncated().get().bytes());
            g.writeEndObject();
        }
        ObjectPayload payload = u.object();
        if (payload instanceof ObjectPayload.Gzipped) {
            g.writeStringField("objectGzip", ((ObjectPayload.Gzipped) payload).base64());
        } else {
            g.writeFieldName("object");
            // Already JSON (written by fabric8's serializer): embed, do not re-parse.
            g.writeRawValue(payload.json());
        }
    }

    private static void writeDelete(JsonGenerator g, Delete d) throws IOException {
        g.writeStringField("gvr", d.gvr().toString());
        if (!d.namespace().isEmpty()) {
            g.writeStringField("namespace", d.namespace());
        }
        g.writeStringField("name", d.name());
        g.writeStringField("uid", d.uid());
        g.writeStringField("resourceVersion", d.resourceVersion());
    }

    private static void writeStatus(JsonGenerator g, AgentStatus s) throws IOException {
        g.writeStringField("observedAt", OBSERVED_AT.format(s.observedAt()));
        g.writeStringField("clusterVersion", s.clusterVersion());
        g.writeBooleanField("healthy", s.healthy());
        g.writeStringField("message", s.message());
        g.writeArrayFieldStart("resources");
        for (AgentStatus.ResourceStatus r : s.resources()) {
            g.writeStartObject();
            g.writeStringField("gvr", r.gvr().toString());
            g.writeStringField("kind", r.kind());
            g.writeBooleanField("namespaced", r.namespaced());
            g.writeStringField("status", r.status().name());
            g.writeStringField("reason", r.reason());
            g.writeStringField("message", r.message());
            g.writeBooleanField("initialListPhase", r.initialListPhase());
            g.writeNumberField("objects", r.objects());
            g.writeNumberField("truncated", r.truncated());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
