package io.cloudpedia.agent.send;

import io.cloudpedia.agent.retry.Backoff;
import io.cloudpedia.agent.wire.AgentIdentity;
import io.cloudpedia.agent.wire.Delta;
import io.cloudpedia.agent.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DeltaSink} that packs deltas into envelopes and delivers them through an {@link EnvelopeTransport}.
 *
 * <p>Producers encode their delta on their own thread and put it in a byte-bounded buffer, blocking while it is full
 * (back-pressure). One sender thread packs the buffer into envelopes (closed when full, after a short linger, or on
 * flush), sends them in batches of at most 10 entries and 1 MiB, and retries failed entries and failed calls with
 * exponential backoff and jitter until they succeed: no delta is dropped, except those still failing when
 * {@link #close()}'s deadline passes (counted as abandoned and logged).
 */
public final class PackingDeltaSink implements DeltaSink {

    private static final Logger LOG = LoggerFactory.getLogger(PackingDeltaSink.class);

    private final EnvelopeTransport transport;
    private final SendOptions options;
    private final EnvelopePacker packer;
    private final int maxDeltaBytes;
    private final Thread sender;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final Condition deliveredCondition = lock.newCondition();
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private long bufferedBytes;
    private long enqueuedSeq;
    private long deliveredSeq;
    private long flushTarget;
    private boolean closing;
    private long closeDeadlineNanos;

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong lastDeliveryMillis = new AtomicLong();
    private final AtomicLong deltasSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();

    public PackingDeltaSink(AgentIdentity identity, EnvelopeTransport transport, SendOptions options) {
        this.transport = transport;
        this.options = options;
        this.packer = new EnvelopePacker(identity, options.maxMessageBytes(), options.clock());
        this.maxDeltaBytes = packer.maxDeltaBytes();
        this.sender = new Thread(this::runSender, "delta-sender-" + identity.cluster());
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** The largest encoded delta this sink accepts (one message minus the envelope). */
    public int maxDeltaBytes() {
        return maxDeltaBytes;
    }

    @Override
    public void send(Delta delta) throws InterruptedException {
        byte[] encoded = WireCodec.encodeDelta(delta);
        if (encoded.length > maxDeltaBytes) {
            throw new IllegalArgumentException(delta.op() + " delta of " + encoded.length
                    + " bytes cannot fit one message of " + options.maxMessageBytes() + " bytes");
        }
        lock.lockInterruptibly();
        try {
            // A delta larger than the whole buffer still goes in once the buffer is empty.
            while (!closing && bufferedBytes > 0 && bufferedBytes + encoded.length > options.bufferBytes()) {
                notFull.await();
            }
            if (closing) {
                throw new IllegalStateException("the sink is closed");
            }
            enqueuedSeq++;
            buffer.add(new Pending(encoded, enqueuedSeq));
            bufferedBytes += encoded.length;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            long target = enqueuedSeq;
            flushTarget = Math.max(flushTarget, target);
            notEmpty.signalAll();
            while (deliveredSeq < target) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = deliveredCondition.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SinkStats stats() {
        long pending;
        lock.lock();
        try {
            pending = enqueuedSeq - deliveredSeq;
        } finally {
            lock.unlock();
        }
        return new SinkStats(messagesSent.get(), deltasSent.get(), bytesSent.get(), retries.get(), pending,
                abandoned.get(), lastDeliveryMillis.get());
    }

    /** Delivers what is buffered, for at most the configured close timeout, then stops the sender. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closing) {
                closing = true;
                closeDeadlineNanos = System.nanoTime() + options.closeTimeout().toNanos();
                notEmpty.signalAll();
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
        try {
            sender.join(options.closeTimeout().plusSeconds(5).toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            transport.close();
        }
    }

    private void runSender() {
        List<EnvelopePacker.Envelope> ready = new ArrayList<>();
        long openDeadline = 0;
        try {
            while (true) {
                Pending next = null;
                boolean idle;
                boolean urgent;
                lock.lockInterruptibly();
                try {
                    while (true) {
                        if (!buffer.isEmpty()) {
                            next = buffer.poll();
                            bufferedBytes -= next.bytes.length;
                            notFull.signalAll();
                            break;
                        }
                        urgent = closing || flushTarget > deliveredSeq;
                        long now = System.nanoTime();
                        if (!ready.isEmpty() || (!packer.isEmpty() && (urgent || now - openDeadline >= 0))) {
                            break;
                        }
                        if (closing) {
                            return;
                        }
                        if (packer.isEmpty()) {
                            notEmpty.await();
                        } else {
                            notEmpty.awaitNanos(openDeadline - now);
                        }
                    }
                    idle = buffer.isEmpty();
                    urgent = closing || flushTarget > deliveredSeq;
                } finally {
                    lock.unlock();
                }
                long now = System.nanoTime();
                if (next != null) {
                    boolean wasEmpty = packer.isEmpty();
                    boolean closedOne = packer.add(next.bytes, next.seq).map(ready::add).orElse(false);
                    if (wasEmpty || closedOne) {
                        openDeadline = now + options.linger().toNanos();
                    }
                }
                boolean lingered = !packer.isEmpty() && now - openDeadline >= 0;
                if (lingered || (idle && urgent)) {
                    packer.drain().ifPresent(ready::add);
                }
                if (!ready.isEmpty() && (idle || lingered || batchFull(ready))) {
                    deliverAll(ready);
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is still buffered is abandoned.
            Thread.currentThread().interrupt();
        } finally {
            abandonRemaining(ready);
        }
    }

    private boolean batchFull(List<EnvelopePacker.Envelope> ready) {
        if (ready.size() >= EnvelopeTransport.MAX_BATCH_ENTRIES) {
            return true;
        }
        long bytes = 0;
        for (EnvelopePacker.Envelope e : ready) {
            bytes += e.body().length;
        }
        return bytes + options.maxMessageBytes() > EnvelopeTransport.MAX_BATCH_BYTES;
    }

    private void deliverAll(List<EnvelopePacker.Envelope> ready) throws InterruptedException {
        while (!ready.isEmpty()) {
            List<EnvelopePacker.Envelope> batch = new ArrayList<>();
            long bytes = 0;
            for (EnvelopePacker.Envelope e : ready) {
                if (batch.size() == EnvelopeTransport.MAX_BATCH_ENTRIES
                        || (!batch.isEmpty() && bytes + e.body().length > EnvelopeTransport.MAX_BATCH_BYTES)) {
                    break;
                }
                batch.add(e);
                bytes += e.body().length;
            }
            deliver(batch);
            ready.subList(0, batch.size()).clear();
            markDelivered(batch.get(batch.size() - 1).lastSeq());
        }
    }

    /** Sends one batch until every entry is accepted, or until the close deadline has passed. */
    private void deliver(List<EnvelopePacker.Envelope> batch) throws InterruptedException {
        Backoff backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
        List<EnvelopePacker.Envelope> remaining = batch;
        while (true) {
            List<String> bodies = new ArrayList<>(remaining.size());
            for (EnvelopePacker.Envelope e : remaining) {
                bodies.add(new String(e.body(), StandardCharsets.UTF_8));
            }
            Set<Integer> failed = new HashSet<>();
            try {
                for (EnvelopeTransport.EntryFailure f : transport.sendBatch(bodies)) {
                    failed.add(f.index());
                    if (shouldLog(backoff.attempts()) || f.senderFault()) {
                        LOG.warn("queue rejected a message ({}{}); retrying", f.code(),
                                f.senderFault() ? ", sender fault" : "");
                    }
                }
            } catch (Exception e) {
                for (int i = 0; i < remaining.size(); i++) {
                    failed.add(i);
                }
                if (shouldLog(backoff.attempts())) {
                    LOG.warn("sending {} messages failed ({}: {}); retrying (attempt {})", remaining.size(),
                            e.getClass().getSimpleName(), e.getMessage(), backoff.attempts() + 1);
                }
            }
            List<EnvelopePacker.Envelope> again = new ArrayList<>();
            for (int i = 0; i < remaining.size(); i++) {
                EnvelopePacker.Envelope e = remaining.get(i);
                if (failed.contains(i)) {
                    again.add(e);
                } else {
                    messagesSent.incrementAndGet();
                    deltasSent.addAndGet(e.deltaCount());
                    bytesSent.addAndGet(e.body().length);
                    lastDeliveryMillis.set(options.clock().millis());
                }
            }
            if (again.isEmpty()) {
                return;
            }
            remaining = again;
            retries.addAndGet(again.size());
            if (pastCloseDeadline()) {
                abandon(again);
                return;
            }
            awaitRetry(backoff.next());
        }
    }

    /** A long outage must not flood the log: the first failures, then every tenth. */
    private static boolean shouldLog(int attempts) {
        return attempts < 3 || attempts % 10 == 0;
    }

    /** Waits before a retry, but not past the close deadline once closing (close() wakes this up). */
    private void awaitRetry(Duration delay) throws InterruptedException {
        long until = System.nanoTime() + delay.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                long limit = closing && closeDeadlineNanos - until < 0 ? closeDeadlineNanos : until;
                long left = limit - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                notEmpty.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean pastCloseDeadline() {
        lock.lock();
        try {
            return closing && System.nanoTime() - closeDeadlineNanos >= 0;
        } finally {
            lock.unlock();
        }
    }

    private void abandon(List<EnvelopePacker.Envelope> envelopes) {
        long deltas = 0;
        for (EnvelopePacker.Envelope e : envelopes) {
            deltas += e.deltaCount();
        }
        if (deltas > 0) {
            abandoned.addAndGet(deltas);
            LOG.error("shutting down: {} deltas in {} messages could not be delivered before the deadline", deltas,
                    envelopes.size());
        }
    }

    private void abandonRemaining(List<EnvelopePacker.Envelope> ready) {
        List<EnvelopePacker.Envelope> rest = new ArrayList<>(ready);
        packer.drain().ifPresent(rest::add);
        long bufferedDeltas;
        lock.lock();
        try {
            bufferedDeltas = buffer.size();
            buffer.clear();
            bufferedBytes = 0;
            closing = true;
            deliveredSeq = enqueuedSeq;
            deliveredCondition.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        abandon(rest);
        if (bufferedDeltas > 0) {
            abandoned.addAndGet(bufferedDeltas);
            LOG.error("shutting down: {} buffered deltas were not sent", bufferedDeltas);
        }
    }

    private void markDelivered(long seq) {
        lock.lock();
        try {
            deliveredSeq = Math.max(deliveredSeq, seq);
            deliveredCondition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static final class Pending {
        final byte[] bytes;
        final long seq;

        Pending(byte[] bytes, long seq) {
            this.bytes = bytes;
            this.seq = seq;
        }
    }
}
