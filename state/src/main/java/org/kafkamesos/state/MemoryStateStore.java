package org.kafkamesos.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store in this JVM's memory: for tests, simulations and schedulers that need no durability.
 * Thread-safe; leadership among its {@link #leaderElection() participants} passes on when the
 * leader closes its election.
 */
public final class MemoryStateStore extends BatchingStateStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition leaderLeft = lock.newCondition();
    private final TreeMap<String, Versioned<byte[]>> values = new TreeMap<>();
    private long epoch;
    private Object leader;
    private boolean closed;

    private MemoryStateStore() {
    }

    /** An empty store. */
    public static MemoryStateStore create() {
        return new MemoryStateStore();
    }

    @Override
    public Optional<Versioned<byte[]>> get(String key) {
        Keys.requireValid(key);
        lock.lock();
        try {
            requireOpen();
            Versioned<byte[]> v = values.get(key);
            return v == null ? Optional.empty() : Optional.of(new Versioned<>(v.value().clone(), v.version()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> children(String parent) {
        Keys.requireParent(parent);
        lock.lock();
        try {
            requireOpen();
            return Keys.childrenIn(values, parent);
        } finally {
            lock.unlock();
        }
    }

    @Override
    Map<String, Long> commit(Batch batch, long fence) {
        lock.lock();
        try {
            requireOpen();
            if (fence != UNFENCED && fence != epoch) {
                throw new FencedException("epoch " + fence + " was deposed; the store is at epoch " + epoch);
            }
            for (Batch.Operation op : batch.operations()) {
                check(op);
            }
            Map<String, Long> versions = new HashMap<>();
            for (Batch.Operation op : batch.operations()) {
                if (op instanceof Batch.Put put) {
                    Versioned<byte[]> old = values.get(put.key());
                    long version = old == null ? 0 : old.version() + 1;
                    values.put(put.key(), new Versioned<>(put.value(), version));
                    versions.put(put.key(), version);
                } else {
                    values.remove(op.key());
                }
            }
            return versions;
        } finally {
            lock.unlock();
        }
    }

    private void check(Batch.Operation op) {
        op.requireExpected(values.containsKey(op.key()) ? values.get(op.key()).version() : null);
    }

    /** Memory never disconnects: the listener is never called. */
    @Override
    public void addConnectionListener(ConnectionListener listener) {
    }

    /** Drops the contents; later calls fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            values.clear();
            leader = null;
            leaderLeft.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the memory store is closed");
        }
    }

    private boolean leads(Election election, long mine) {
        lock.lock();
        try {
            return leader == election && epoch == mine;
        } finally {
            lock.unlock();
        }
    }

    /** A new participant in the election for this store. */
    public LeaderElection leaderElection() {
        return new Election();
    }

    private final class Election implements LeaderElection {
        private boolean left;

        @Override
        public Optional<Leadership> awaitLeadership(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            lock.lock();
            try {
                while (leader != null && leader != this) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0 || left || closed) {
                        return Optional.empty();
                    }
                    leaderLeft.await(remaining, TimeUnit.NANOSECONDS);
                }
                if (left || closed) {
                    return Optional.empty();
                }
                if (leader == null) {
                    leader = this;
                    epoch++;
                }
                long mine = epoch;
                return Optional.of(new EpochLeadership(MemoryStateStore.this, mine, () -> leads(this, mine)));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                left = true;
                if (leader == this) {
                    leader = null;
                    leaderLeft.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
