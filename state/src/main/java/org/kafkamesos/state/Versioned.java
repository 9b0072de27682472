package org.kafkamesos.state;

import java.util.Objects;

/**
 * A value with the version it was read at. Versions start at 0 when a key is created and grow by
 * one with every write, as ZooKeeper's data version does; a key deleted and created again starts at 0.
 *
 * @param value   the value
 * @param version its version, {@code >= 0}
 * @param <T>     the value's type
 */
public record Versioned<T>(T value, long version) {

    public Versioned {
        Objects.requireNonNull(value, "value");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }
}
