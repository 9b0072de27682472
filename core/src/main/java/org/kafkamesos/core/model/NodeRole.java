package org.kafkamesos.core.model;

import java.util.Locale;

/**
 * What a node of the cluster is for, as its spec asks ({@code --role}).
 */
public enum NodeRole {
    /** A broker, and a KRaft controller too if chosen as one (the first brokers started): the default. */
    AUTO,
    /** A broker only: never chosen as a controller. */
    BROKER,
    /**
     * A dedicated KRaft controller: no broker listener, no partitions, small resources. Chosen as a controller before
     * any node of role {@link #AUTO}; one that is not chosen (the quorum has its controllers already) is not launched.
     */
    CONTROLLER,
    /** A combined node, broker and controller, chosen as a controller before any node of role {@link #AUTO}. */
    BOTH;

    /** What {@link #parse} accepts. */
    public static final String ACCEPTED = "auto, broker, controller or both";

    /** The role named {@code text}, in any case. */
    public static NodeRole parse(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (NodeRole r : values()) {
            if (r.name().equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be " + ACCEPTED + ", got '" + text + "'");
    }

    /** Whether the node may be chosen as a controller. */
    public boolean mayControl() {
        return this != BROKER;
    }

    /** Whether the node is chosen as a controller before nodes of role {@link #AUTO}. */
    public boolean asksToControl() {
        return this == CONTROLLER || this == BOTH;
    }

    /** Whether a controller of this role also serves as a broker. */
    public boolean servesAsBroker() {
        return this != CONTROLLER;
    }

    /** The role as {@link #parse} reads it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
