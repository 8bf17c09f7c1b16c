package io.cloudpedia.agent.status;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A "something changed" flag that many threads raise and one thread waits on; raises coalesce. */
public final class ChangeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raisedCondition = lock.newCondition();
    private boolean raised;

    public void raise() {
        lock.lock();
        try {
            raised = true;
            raisedCondition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until raised or the timeout passes, and clears the flag.
     *
     * @return whether it was raised
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!raised && nanos > 0) {
                nanos = raisedCondition.awaitNanos(nanos);
            }
            boolean was = raised;
            raised = false;
            return was;
        } finally {
            lock.unlock();
        }
    }
}
