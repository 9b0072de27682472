package org.kafkamesos.core.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kafkamesos.state.Batch;
import org.kafkamesos.state.ConnectionListener;
import org.kafkamesos.state.MemoryStateStore;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.StateStoreException;
import org.kafkamesos.state.Versioned;

/** A memory store whose writes fail once {@link #failWrites()} was called, as a lost disk or quorum would. */
final class FailingStateStore implements StateStore {

    private final MemoryStateStore store = MemoryStateStore.create();
    private volatile boolean failing;

    void failWrites() {
        failing = true;
    }

    private void write() {
        if (failing) {
            throw new StateStoreException("disk gone (test)");
        }
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
    public long create(String key, byte[] value) {
        write();
        return store.create(key, value);
    }

    @Override
    public long put(String key, byte[] value, long expectedVersion) {
        write();
        return store.put(key, value, expectedVersion);
    }

    @Override
    public long put(String key, byte[] value) {
        write();
        return store.put(key, value);
    }

    @Override
    public void delete(String key, long expectedVersion) {
        write();
        store.delete(key, expectedVersion);
    }

    @Override
    public boolean delete(String key) {
        write();
        return store.delete(key);
    }

    @Override
    public Map<String, Long> commit(Batch batch) {
        write();
        return store.commit(batch);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        store.addConnectionListener(listener);
    }

    @Override
    public void close() {
        store.close();
    }
}
