package org.kafkamesos.placement;

/**
 * A constraint string that could not be parsed. The message names the bad part, its position and the
 * accepted operators.
 */
public final class ConstraintParseException extends IllegalArgumentException {

    private final String input;
    private final int position;

    ConstraintParseException(String input, int position, String problem) {
        super("cannot parse constraints '" + input + "' at position " + position + ": " + problem);
        this.input = input;
        this.position = position;
    }

    /** The whole text that was parsed. */
    public String input() {
        return input;
    }

    /** Zero-based index of the bad part in {@link #input()}. */
    public int position() {
        return position;
    }
}
