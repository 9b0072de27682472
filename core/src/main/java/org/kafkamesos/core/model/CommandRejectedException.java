package org.kafkamesos.core.model;

/** A command that was refused as a whole; nothing changed. {@link #kind()} maps to an HTTP status. */
public final class CommandRejectedException extends IllegalArgumentException {

    /** Why the command was refused. */
    public enum Kind {
        /** A broker named does not exist (HTTP 404). */
        UNKNOWN_BROKER,
        /** The command does not fit a broker's state, such as removing a running broker (HTTP 409). */
        CONFLICT,
        /** The command itself is malformed (HTTP 400). */
        INVALID,
        /** Something named other than a broker, such as a topic, does not exist (HTTP 404). */
        UNKNOWN
    }

    private final Kind kind;

    public CommandRejectedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
