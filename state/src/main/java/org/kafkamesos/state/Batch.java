package org.kafkamesos.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Writes and deletes that {@link StateStore#commit(Batch)} applies all-or-nothing. Each key appears
 * at most once in a batch.
 *
 * @param operations the operations, in the order given
 */
public record Batch(List<Operation> operations) {

    public Batch {
        operations = List.copyOf(operations);
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        for (Operation op : operations) {
            if (!keys.add(op.key())) {
                throw new IllegalArgumentException("key " + op.key() + " appears twice in one batch; each key may appear once");
            }
            if (op instanceof Put put) {
                bytes += put.value().length;
            }
        }
        if (bytes > StateStore.MAX_BATCH_BYTES) {
            throw new ValueTooLargeException("batch", bytes, StateStore.MAX_BATCH_BYTES);
        }
    }

    /** One operation of a batch. */
    public sealed interface Operation {
        /** The key the operation is about. */
        String key();

        /** The version expected: {@code >= 0}, {@link #ABSENT} or {@link #ANY}. */
        long expectedVersion();

        /**
         * Checks the expectation against the key's current version, the same way in every store.
         *
         * @param current the key's version now, or null when it holds no value
         * @throws VersionConflictException if the key exists when it should not, or has another version
         * @throws MissingKeyException      if a version is expected of a key with no value
         */
        default void requireExpected(Long current) {
            long expected = expectedVersion();
            if (expected == ANY) {
                return;
            }
            if (expected == ABSENT) {
                if (current != null) {
                    throw new VersionConflictException(key(), OptionalLong.empty(), OptionalLong.of(current));
                }
                return;
            }
            if (current == null) {
                throw new MissingKeyException(key());
            }
            if (current != expected) {
                throw new VersionConflictException(key(), OptionalLong.of(expected), OptionalLong.of(current));
            }
        }
    }

    /**
     * Writes {@code value}: unconditionally when {@code expectedVersion} is {@link #ANY}, only if the
     * key is absent when it is {@link #ABSENT}, otherwise only if the key has that version.
     */
    public record Put(String key, byte[] value, long expectedVersion) implements Operation {

        /** A copy of the value: the batch keeps its own. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        public Put {
            Keys.requireValid(key);
            value = Objects.requireNonNull(value, "value").clone();
            Keys.requireSize(key, value);
            Keys.requireExpectation(expectedVersion);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && p.key.equals(key) && java.util.Arrays.equals(p.value, value)
                    && p.expectedVersion == expectedVersion;
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, java.util.Arrays.hashCode(value), expectedVersion);
        }

        @Override
        public String toString() {
            return "Put[" + key + ", " + value.length + " bytes, expected " + Keys.describe(expectedVersion) + "]";
        }
    }

    /** Deletes the key: unconditionally when {@code expectedVersion} is {@link #ANY} (absent is fine), otherwise only at that version. */
    public record Delete(String key, long expectedVersion) implements Operation {
        public Delete {
            Keys.requireValid(key);
            if (expectedVersion == ABSENT) {
                throw new IllegalArgumentException("a delete expects a version >= 0 or ANY, not ABSENT");
            }
            Keys.requireExpectation(expectedVersion);
        }
    }

    /** Expected version meaning "any version, or none". */
    public static final long ANY = -2;
    /** Expected version meaning "the key must not exist". */
    public static final long ABSENT = -1;

    /** Starts a batch. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Batch}. */
    public static final class Builder {
        private final List<Operation> operations = new ArrayList<>();

        private Builder() {
        }

        /** Creates {@code key}; the batch fails if it exists. */
        public Builder create(String key, byte[] value) {
            operations.add(new Put(key, value, ABSENT));
            return this;
        }

        /** Writes {@code key} if it has {@code expectedVersion}. */
        public Builder put(String key, byte[] value, long expectedVersion) {
            operations.add(new Put(key, value, expectedVersion));
            return this;
        }

        /** Writes {@code key} whatever its version, creating it if absent. */
        public Builder put(String key, byte[] value) {
            operations.add(new Put(key, value, ANY));
            return this;
        }

        /** Deletes {@code key} if it has {@code expectedVersion}. */
        public Builder delete(String key, long expectedVersion) {
            operations.add(new Delete(key, expectedVersion));
            return this;
        }

        /** Deletes {@code key} if present. */
        public Builder delete(String key) {
            operations.add(new Delete(key, ANY));
            return this;
        }

        public Batch build() {
            return new Batch(operations);
        }
    }

    /** The version a conflict report expected. */
    static OptionalLong expectation(long expectedVersion) {
        return expectedVersion >= 0 ? OptionalLong.of(expectedVersion) : OptionalLong.empty();
    }
}
