package org.kafkamesos.placement;

/** Argument checks shared by the value types. */
final class Arguments {

    private Arguments() {
    }

    /** {@code value}, if it is not blank; else an {@link IllegalArgumentException} naming {@code what}. */
    static String requireNonBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-blank string, got " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }
}
