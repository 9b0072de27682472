package org.kafkamesos.state;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** A participant among the schedulers of one JVM that share one open {@link FileStateStore}. */
final class InProcessElection implements LeaderElection {

    private final FileStateStore store;
    private volatile boolean left;

    InProcessElection(FileStateStore store) {
        this.store = store;
    }

    @Override
    public Optional<Leadership> awaitLeadership(Duration timeout) throws InterruptedException {
        OptionalLong epoch = store.awaitLead(this, System.nanoTime() + timeout.toNanos(), () -> left);
        if (epoch.isEmpty()) {
            return Optional.empty();
        }
        long mine = epoch.getAsLong();
        return Optional.of(new EpochLeadership(store, mine, () -> store.leads(this, mine)));
    }

    @Override
    public void close() {
        left = true;
        store.resign(this);
    }
}
