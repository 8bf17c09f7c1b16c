package io.cloudpedia.agent.status;

import io.cloudpedia.agent.send.DeltaSink;
import io.cloudpedia.agent.sync.TypeState;
import io.cloudpedia.agent.wire.AgentStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code status} deltas: at start, whenever a type's state changes (coalesced), and every interval. The
 * cluster is probed at start and at every interval; changes in between reuse the last probe.
 *
 * <p>The types reported are the ones {@code states} supplies at each status (the agent's running types: a type
 * removed by a reconfiguration disappears from the next status). {@code note} is the agent's own remark (e.g. that
 * its registry is unreachable), appended to the probe's message.
 */
public final class StatusReporter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final Supplier<List<TypeState>> states;
    private final Supplier<String> note;
    private final ClusterProbe probe;
    private final DeltaSink sink;
    private final Duration interval;
    private final Clock clock;
    private final ChangeSignal changes;
    private volatile boolean running = true;
    private volatile Thread thread;

    public StatusReporter(List<TypeState> states, ClusterProbe probe, DeltaSink sink, Duration interval, Clock clock,
                          ChangeSignal changes) {
        this(fixed(states), probe, sink, interval, clock, changes, () -> "");
    }

    public StatusReporter(Supplier<List<TypeState>> states, ClusterProbe probe, DeltaSink sink, Duration interval,
                          Clock clock, ChangeSignal changes, Supplier<String> note) {
        this.states = states;
        this.note = note;
        this.probe = probe;
        this.sink = sink;
        this.interval = interval;
        this.clock = clock;
        this.changes = changes;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            ClusterProbe.Result cluster = probe.probe();
            long nextProbe = System.nanoTime() + interval.toNanos();
            while (running) {
                try {
                    sink.send(status(cluster));
                } catch (RuntimeException e) {
                    // e.g. a status too large for one message: keep reporting what can be reported.
                    LOG.error("cannot send status: {}", e.getMessage());
                }
                long wait = nextProbe - System.nanoTime();
                boolean changed = wait > 0 && changes.await(wait, TimeUnit.NANOSECONDS);
                if (!changed && running) {
                    cluster = probe.probe();
                    nextProbe = System.nanoTime() + interval.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("status reporting stopped", e);
            }
        }
    }

    public AgentStatus status(ClusterProbe.Result cluster) {
        List<TypeState> current = states.get();
        List<AgentStatus.ResourceStatus> resources = new ArrayList<>(current.size());
        for (TypeState state : current) {
            resources.add(state.snapshot().toResourceStatus());
        }
        String remark = note.get();
        String message = remark.isEmpty() ? cluster.message()
                : cluster.message().isEmpty() ? remark : cluster.message() + "; " + remark;
        return new AgentStatus(clock.instant(), cluster.clusterVersion(), cluster.healthy(), message, resources);
    }

    private static Supplier<List<TypeState>> fixed(List<TypeState> states) {
        List<TypeState> copy = List.copyOf(states);
        return () -> copy;
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
