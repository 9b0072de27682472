package org.kafkamesos.state;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.regex.Pattern;

/** Checks keys, values and expected versions the same way for every store. */
final class Keys {

    private static final Pattern KEY = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

    private Keys() {
    }

    static String requireValid(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.contains("/./") || key.contains("/../")
                || key.endsWith("/.") || key.endsWith("/..")) {
            throw new IllegalArgumentException("key " + (key == null ? "null" : "'" + key + "'")
                    + " is invalid: expected a path such as /brokers/3, segments of letters, digits, '_', '.' or '-' (not '.' or '..')");
        }
        return key;
    }

    /** A parent for {@link StateStore#children(String)}: "/" or a valid key. */
    static String requireParent(String parent) {
        return "/".equals(parent) ? parent : requireValid(parent);
    }

    /** Whether {@code key} is directly under {@code parent}. */
    static boolean isChild(String parent, String key) {
        String prefix = "/".equals(parent) ? "/" : parent + "/";
        return key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0;
    }

    /** The keys of {@code sorted} directly under {@code parent}, in order. */
    static List<String> childrenIn(NavigableMap<String, ?> sorted, String parent) {
        String prefix = "/".equals(parent) ? "/" : parent + "/";
        List<String> result = new ArrayList<>();
        for (String key : sorted.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            if (isChild(parent, key)) {
                result.add(key);
            }
        }
        return result;
    }

    static void requireSize(String key, byte[] value) {
        if (value.length > StateStore.MAX_VALUE_BYTES) {
            throw new ValueTooLargeException("value of " + key, value.length, StateStore.MAX_VALUE_BYTES);
        }
    }

    static void requireExpectation(long expectedVersion) {
        if (expectedVersion < Batch.ANY) {
            throw new IllegalArgumentException("expected version must be >= 0, Batch.ABSENT or Batch.ANY, got " + expectedVersion);
        }
    }

    static String describe(long expectedVersion) {
        return expectedVersion == Batch.ANY ? "any" : expectedVersion == Batch.ABSENT ? "absent" : "version " + expectedVersion;
    }
}
