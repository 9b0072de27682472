package org.kafkamesos.state;

import java.util.Optional;

/**
 * Maps a store key to the name of one ZooKeeper node and back. Every key becomes a single node
 * directly under the store's {@code data} node, so that a key's path segments never become nodes
 * of their own: a parent such as {@code /brokers} holds a value only when it was written itself,
 * and an empty value stays distinguishable from "no value".
 *
 * <p>The leading '/' is dropped and every other '/' becomes {@value #SEPARATOR}: {@code /brokers/3}
 * is stored as {@code brokers%2F3}. Keys never contain '%' (see {@link Keys}), so the encoding is
 * unambiguous, and it never yields the names "." or "..", which ZooKeeper refuses.
 */
final class ZooKeeperKeys {

    /** What a '/' inside a key becomes in a node name: its URL escape, as '%' never occurs in a key. */
    static final String SEPARATOR = "%2F";

    private ZooKeeperKeys() {
    }

    /** The node name that holds {@code key}, which must be valid. */
    static String nodeName(String key) {
        return Keys.requireValid(key).substring(1).replace("/", SEPARATOR);
    }

    /** The key a node name holds, or empty when the node is not one this encoding produces. */
    static Optional<String> key(String nodeName) {
        if (nodeName.indexOf('/') >= 0) {
            return Optional.empty();
        }
        String key = "/" + nodeName.replace(SEPARATOR, "/");
        try {
            Keys.requireValid(key);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
