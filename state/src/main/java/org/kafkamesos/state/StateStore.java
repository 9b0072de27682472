package org.kafkamesos.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned key-value store for a scheduler's state. Keys are paths such as {@code /brokers/3};
 * values are bytes of at most {@link #MAX_VALUE_BYTES}. Every write is atomic and durable once it
 * returns; conditional writes compare the version that {@link #get(String)} returned.
 *
 * <p>Implementations: {@link MemoryStateStore}, {@link FileStateStore}, {@link ZooKeeperStateStore}.
 * All pass one contract test suite, so one can replace another. A store obtained from a
 * {@link Leadership} is fenced: once its leader is deposed, every write fails with
 * {@link FencedException} and lands nowhere.
 *
 * <p>Failures are unchecked: {@link VersionConflictException}, {@link MissingKeyException},
 * {@link ValueTooLargeException}, {@link StoreUnavailableException}, {@link FencedException}; a
 * failed operation leaves the store unchanged (for {@link StoreUnavailableException}: unknown,
 * see there). Misuse (an invalid key) is an {@link IllegalArgumentException}.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Largest value, in bytes. ZooKeeper refuses requests over 1 MiB ({@code jute.maxbuffer}); the
     * limit leaves room for the request's own overhead and applies to every store.
     */
    int MAX_VALUE_BYTES = 1_000_000;

    /** Largest sum of the values in one {@link Batch}, in bytes; a batch is one ZooKeeper request. */
    int MAX_BATCH_BYTES = 1_000_000;

    /** The value at {@code key} and its version, or empty when there is none. */
    Optional<Versioned<byte[]>> get(String key);

    /**
     * The keys directly under {@code parent} that hold a value, sorted; {@code "/"} lists the top level.
     * {@code children("/brokers")} gives {@code ["/brokers/1", "/brokers/3"]}.
     */
    List<String> children(String parent);

    /**
     * Creates {@code key}.
     *
     * @return the new version, 0
     * @throws VersionConflictException if the key already holds a value
     */
    long create(String key, byte[] value);

    /**
     * Writes {@code key} if its version is {@code expectedVersion}.
     *
     * @return the new version
     * @throws VersionConflictException if the key has another version
     * @throws MissingKeyException      if the key holds no value
     */
    long put(String key, byte[] value, long expectedVersion);

    /**
     * Writes {@code key} whatever its version, creating it if needed.
     *
     * @return the new version
     */
    long put(String key, byte[] value);

    /**
     * Deletes {@code key} if its version is {@code expectedVersion}.
     *
     * @throws VersionConflictException if the key has another version
     * @throws MissingKeyException      if the key holds no value
     */
    void delete(String key, long expectedVersion);

    /**
     * Deletes {@code key} whatever its version.
     *
     * @return whether there was a value to delete
     */
    boolean delete(String key);

    /**
     * Applies every operation of {@code batch} or none of them.
     *
     * @return the new version of every key the batch wrote
     * @throws VersionConflictException if an expectation of the batch does not hold (the first found)
     * @throws MissingKeyException      if a conditional operation names a key with no value
     */
    Map<String, Long> commit(Batch batch);

    /** Adds a listener for connection changes; stores that cannot disconnect never call it. */
    void addConnectionListener(ConnectionListener listener);

    /** Releases the store's resources (locks, connections it owns); later calls fail. */
    @Override
    void close();
}
