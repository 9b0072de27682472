package org.kafkamesos.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A participant that leads while it holds a state directory's OS lock: it tries to open the
 * directory until it succeeds, then leads the store it opened as that store's only participant.
 */
final class DirectoryLockElection implements LeaderElection {

    private final Path directory;
    private final long retryNanos;
    private final FileWriteHook hook;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private FileStateStore store;
    private LeaderElection participant;
    private boolean closed;

    DirectoryLockElection(Path directory, Duration retry, FileWriteHook hook) {
        this.directory = directory;
        this.retryNanos = retry.toNanos();
        this.hook = hook;
    }

    @Override
    public Optional<Leadership> awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (!closed) {
                if (store == null) {
                    store = FileStateStore.tryOpen(directory, hook).orElse(null);
                }
                if (store != null) {
                    if (participant == null) {
                        participant = store.leaderElection();
                    }
                    // The only participant of its own store: leads at once.
                    return participant.awaitLeadership(Duration.ZERO);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                // A bounded wait between attempts; close() cuts it short.
                closing.await(Math.min(retryNanos, remaining), TimeUnit.NANOSECONDS);
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Gives up leadership, closes the store and releases the directory for the next participant. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closing.signalAll();
            if (participant != null) {
                participant.close();
            }
            if (store != null) {
                store.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
