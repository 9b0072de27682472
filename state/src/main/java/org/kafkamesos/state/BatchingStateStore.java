package org.kafkamesos.state;

import java.util.Map;

/**
 * The single-key writes of {@link StateStore}, expressed as one-operation batches, so that every
 * store implements one atomic write path, {@link #commit(Batch, long)}, and fencing lives there.
 */
abstract class BatchingStateStore implements StateStore {

    /** The epoch argument of an unfenced write. */
    static final long UNFENCED = -1;

    /**
     * Applies {@code batch} all-or-nothing; when {@code epoch} is not {@link #UNFENCED}, only if the
     * store's leader epoch still equals it, in the same atomic step.
     *
     * @throws FencedException if the epoch has moved on
     */
    abstract Map<String, Long> commit(Batch batch, long epoch);

    @Override
    public final Map<String, Long> commit(Batch batch) {
        return commit(batch, UNFENCED);
    }

    @Override
    public final long create(String key, byte[] value) {
        return write(Batch.builder().create(key, value).build(), key, UNFENCED);
    }

    @Override
    public final long put(String key, byte[] value, long expectedVersion) {
        requireVersion(expectedVersion);
        return write(Batch.builder().put(key, value, expectedVersion).build(), key, UNFENCED);
    }

    @Override
    public final long put(String key, byte[] value) {
        return write(Batch.builder().put(key, value).build(), key, UNFENCED);
    }

    @Override
    public final void delete(String key, long expectedVersion) {
        requireVersion(expectedVersion);
        commit(Batch.builder().delete(key, expectedVersion).build(), UNFENCED);
    }

    @Override
    public final boolean delete(String key) {
        return deleteIfPresent(key, UNFENCED);
    }

    long write(Batch batch, String key, long epoch) {
        return commit(batch, epoch).get(key);
    }

    /**
     * Deletes unconditionally, reporting whether a value was there: the delete names the version just
     * read, so a value written in between is never deleted unseen (the loop reads again instead).
     */
    boolean deleteIfPresent(String key, long epoch) {
        while (true) {
            var current = get(key);
            if (current.isEmpty()) {
                // Nothing to delete; an empty batch still passes the fence, so a deposed leader learns it.
                commit(Batch.builder().build(), epoch);
                return false;
            }
            try {
                commit(Batch.builder().delete(key, current.get().version()).build(), epoch);
                return true;
            } catch (VersionConflictException | MissingKeyException e) {
                // Changed between the read and the delete: look again.
            }
        }
    }

    private static void requireVersion(long expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be >= 0, got " + expectedVersion
                    + "; use create() for an absent key and the unconditional overloads for any version");
        }
    }
}
