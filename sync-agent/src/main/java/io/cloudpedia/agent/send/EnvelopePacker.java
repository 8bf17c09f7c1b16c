package io.cloudpedia.agent.send;

import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.WireCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Packs encoded deltas of one cluster, in order, into envelopes of at most {@code maxMessageBytes} and
 * {@value #MAX_DELTAS} deltas. Pure (no threads, no I/O): the sink decides when to drain on linger or flush.
 */
public final class EnvelopePacker {

    /** The wire format's limit of deltas per envelope. */
    public static final int MAX_DELTAS = 1000;

    private final AgentIdentity identity;
    private final int maxMessageBytes;
    private final int overhead;
    private final Clock clock;
    private final List<byte[]> open = new ArrayList<>();
    private long openBytes;
    private long openLastSeq;

    public EnvelopePacker(AgentIdentity identity, int maxMessageBytes, Clock clock) {
        this.identity = identity;
        this.maxMessageBytes = maxMessageBytes;
        this.overhead = WireCodec.envelopeOverhead(identity);
        this.clock = clock;
        if (maxDeltaBytes() <= 0) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " leaves no room for deltas");
        }
    }

    /** The largest encoded delta that fits an envelope on its own. */
    public int maxDeltaBytes() {
        return maxMessageBytes - overhead;
    }

    /**
     * Adds one encoded delta.
     *
     * @param seq the delta's sequence number, reported back with the envelope that carries it
     * @return the envelope that was closed to make room, if any
     * @throws IllegalArgumentException if the delta cannot fit any envelope
     */
    public Optional<Envelope> add(byte[] delta, long seq) {
        if (delta.length > maxDeltaBytes()) {
            throw new IllegalArgumentException("delta of " + delta.length + " bytes exceeds the " + maxDeltaBytes()
                    + " bytes an envelope has room for");
        }
        Optional<Envelope> closed = Optional.empty();
        if (!open.isEmpty() && (open.size() >= MAX_DELTAS || sizeWith(delta) > maxMessageBytes)) {
            closed = drain();
        }
        openBytes += delta.length + (open.isEmpty() ? 0 : 1);
        open.add(delta);
        openLastSeq = seq;
        return closed;
    }

    /** Closes the open envelope, if it has any delta. */
    public Optional<Envelope> drain() {
        if (open.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = WireCodec.envelope(identity, clock.instant(), open);
        Envelope envelope = new Envelope(body, open.size(), openLastSeq);
        open.clear();
        openBytes = 0;
        return Optional.of(envelope);
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    private long sizeWith(byte[] delta) {
        return overhead + openBytes + 1 + delta.length;
    }

    /** One message body, the number of deltas in it and the sequence number of its last delta. */
    public record Envelope(byte[] body, int deltaCount, long lastSeq) {
    }
}
