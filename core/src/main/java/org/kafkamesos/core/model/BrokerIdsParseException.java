package org.kafkamesos.core.model;

/**
 * A broker id expression that could not be parsed. The message names the bad part, its position
 * and the accepted forms, for example:
 *
 * <pre>
 * cannot parse broker ids '0..x' at position 3: expected a broker id (a whole number &gt;= 0), got 'x';
 * accepted: *, 0..2, 1,3,5, *[rack=r1]
 * </pre>
 */
public final class BrokerIdsParseException extends IllegalArgumentException {

    private final String input;
    private final int position;

    BrokerIdsParseException(String input, int position, String problem) {
        super("cannot parse broker ids '" + input + "' at position " + position + ": " + problem);
        this.input = input;
        this.position = position;
    }

    /** The whole text that was parsed ({@code "null"} when none was given). */
    public String input() {
        return input;
    }

    /** Zero-based index of the bad part in {@link #input()}; {@code input().length()} for the end. */
    public int position() {
        return position;
    }
}
