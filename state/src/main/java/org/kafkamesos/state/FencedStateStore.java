package org.kafkamesos.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A leader's view of a store: reads pass through, every write carries the leader's epoch. */
final class FencedStateStore extends BatchingStateStore {

    private final BatchingStateStore store;
    private final long epoch;
    private final BooleanSupplier current;

    /**
     * @param current whether the leader still believes it leads; checked before each write so that a
     *                leader that knows it is deposed fails fast, while the store's own epoch check
     *                catches the leader that does not know yet
     */
    FencedStateStore(BatchingStateStore store, long epoch, BooleanSupplier current) {
        this.store = store;
        this.epoch = epoch;
        this.current = current;
    }

    @Override
    Map<String, Long> commit(Batch batch, long ignored) {
        if (!current.getAsBoolean()) {
            throw new FencedException("leadership of epoch " + epoch + " has ended; this scheduler may no longer write");
        }
        return store.commit(batch, epoch);
    }

    @Override
    public Optional<Versioned<byte[]>> get(String key) {
        return store.get(key);
    }

    @Override
    public List<String> children(String parent) {
        return store.children(parent);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        store.addConnectionListener(listener);
    }

    /** Does nothing: the leadership, not its view, owns the store. */
    @Override
    public void close() {
    }
}
