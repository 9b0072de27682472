package org.kafkamesos.core.store;

import java.util.Objects;
import java.util.OptionalLong;
import org.kafkamesos.state.StateStoreException;

/**
 * A stored value that {@link ClusterStateRepository} cannot turn into the scheduler's state: bytes that
 * are not one of its records (corrupt, or written by someone else), a record whose fields break the
 * domain's rules, or a record of a schema version newer than this library reads. {@link #problem()}
 * says which and the message says what to do. Nothing is changed in the store.
 *
 * <p>It is a {@link StateStoreException}, so that a caller handling "the state could not be read"
 * handles it too; it is never a protobuf exception, whatever the bytes.
 */
public final class StateSchemaException extends StateStoreException {

    /** What is wrong with the value. */
    public enum Problem {
        /** The bytes are not a record of this schema: damaged, truncated, or not written by this library. */
        NOT_A_RECORD,
        /** A record of a known version whose fields are not a valid broker, cluster or framework id. */
        INVALID,
        /** A record of a schema version newer than this library reads: a newer scheduler wrote it. */
        NEWER_VERSION
    }

    private final String key;
    private final Problem problem;
    private final OptionalLong storedVersion;

    StateSchemaException(String key, Problem problem, OptionalLong storedVersion, String message, Throwable cause) {
        super("value at " + key + " " + message, cause);
        this.key = Objects.requireNonNull(key, "key");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.storedVersion = Objects.requireNonNull(storedVersion, "storedVersion");
    }

    /** The store key of the value, e.g. {@code /brokers/3}. */
    public String key() {
        return key;
    }

    /** What is wrong with it. */
    public Problem problem() {
        return problem;
    }

    /** The schema version the value says it has; empty when the bytes do not say. */
    public OptionalLong storedVersion() {
        return storedVersion;
    }

    /** The newest schema version this library reads and the one it writes, {@link ClusterStateRepository#SCHEMA_VERSION}. */
    public int supportedVersion() {
        return ClusterStateRepository.SCHEMA_VERSION;
    }
}
