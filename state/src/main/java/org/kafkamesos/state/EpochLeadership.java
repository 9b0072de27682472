package org.kafkamesos.state;

import java.util.function.BooleanSupplier;

/**
 * Leading a store at one epoch: what every store's election hands out. The store decides what
 * "current" means (a latch held without a break, a lock still valid, an epoch not moved on).
 */
final class EpochLeadership implements Leadership {

    private final long epoch;
    private final BooleanSupplier current;
    private final FencedStateStore fenced;

    EpochLeadership(BatchingStateStore store, long epoch, BooleanSupplier current) {
        this.epoch = epoch;
        this.current = current;
        this.fenced = new FencedStateStore(store, epoch, current);
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public boolean isCurrent() {
        return current.getAsBoolean();
    }

    @Override
    public StateStore store() {
        return fenced;
    }
}
