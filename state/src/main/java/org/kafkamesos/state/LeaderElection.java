package org.kafkamesos.state;

import java.time.Duration;
import java.util.Optional;

/**
 * Chooses one writer among schedulers that share a store. The leader writes through
 * {@link Leadership#store()}, a fenced view: when another participant becomes leader, the epoch
 * moves on and every write of the deposed leader fails with {@link FencedException}, checked in the
 * same atomic step as the write itself.
 */
public interface LeaderElection extends AutoCloseable {

    /**
     * Waits until this participant leads.
     *
     * @param timeout how long to wait at most
     * @return the leadership, or empty when the timeout passed first
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    Optional<Leadership> awaitLeadership(Duration timeout) throws InterruptedException;

    /** Leaves the election, giving up leadership if held; the fenced store refuses writes from then on. */
    @Override
    void close();
}
