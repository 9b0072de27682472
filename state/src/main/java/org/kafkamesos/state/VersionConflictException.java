package org.kafkamesos.state;

import java.util.OptionalLong;

/** A compare-and-set found another version than expected: someone else wrote the key first. */
public final class VersionConflictException extends StateStoreException {

    private final String key;
    private final OptionalLong expected;
    private final OptionalLong actual;

    /**
     * @param key      the key
     * @param expected the version expected, empty for "absent" (a create)
     * @param actual   the version found, empty when the key is absent
     */
    public VersionConflictException(String key, OptionalLong expected, OptionalLong actual) {
        super("version conflict on " + key + ": expected " + describe(expected) + ", found " + describe(actual));
        this.key = key;
        this.expected = expected;
        this.actual = actual;
    }

    private static String describe(OptionalLong version) {
        return version.isPresent() ? "version " + version.getAsLong() : "no value";
    }

    public String key() {
        return key;
    }

    /** The version expected; empty when the key was expected to be absent. */
    public OptionalLong expected() {
        return expected;
    }

    /** The version found; empty when the key is absent (when the store could tell). */
    public OptionalLong actual() {
        return actual;
    }
}
