package org.kafkamesos.state;

/** Leading a {@link FileStateStore} at one epoch. */
final class FileLeadership implements Leadership {

    private final FileStateStore store;
    private final Object participant;
    private final long epoch;
    private final FencedStateStore fenced;

    FileLeadership(FileStateStore store, Object participant, long epoch) {
        this.store = store;
        this.participant = participant;
        this.epoch = epoch;
        this.fenced = new FencedStateStore(store, epoch, this::isCurrent);
    }

    @Override
    public long epoch() {
        return epoch;
    }

    /** Reads the directory's epoch, so a leader deposed behind its back (its lock file replaced) finds out. */
    @Override
    public boolean isCurrent() {
        return store.leads(participant, epoch);
    }

    @Override
    public StateStore store() {
        return fenced;
    }
}
