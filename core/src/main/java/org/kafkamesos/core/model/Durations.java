package org.kafkamesos.core.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators type them: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 10m}, {@code 1h},
 * {@code 1d}, or ISO-8601 ({@code PT1M}); printed in the shortest exact one of the short forms. One spelling for
 * operators everywhere: the HTTP API reads and writes them so, messages (a rolling restart's timeouts, a Kafka call
 * that timed out) print them so, and a client (such as the {@code kafka-mesos} command line) uses the same rules.
 */
public final class Durations {

    /** The accepted forms, as listed in every parse error. */
    public static final String ACCEPTED = "500ms, 30s, 1m, 10m, 1h, 1d or ISO-8601 such as PT1M";

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration of one of the {@link #ACCEPTED} forms, or {@code 0} without a unit; a duration is never
     * negative.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            Matcher m = SHORT.matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofSeconds(Math.multiplyExact(n, 60L));
                    case "h":
                        return Duration.ofSeconds(Math.multiplyExact(n, 3600L));
                    default:
                        return Duration.ofSeconds(Math.multiplyExact(n, 86400L));
                }
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                Duration d = Duration.parse(t);
                if (!d.isNegative()) {
                    return d;
                }
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            // reported below, with the accepted forms
        }
        throw new IllegalArgumentException("expected a duration >= 0 such as " + ACCEPTED + ", got '" + text + "'");
    }

    /** Prints {@code d} in the largest short unit that holds it exactly, or in ISO-8601 below a millisecond. */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (d.isNegative()) {
            return d.toString();
        }
        if (nanos == 0) {
            if (seconds != 0 && seconds % 86400 == 0) {
                return seconds / 86400 + "d";
            }
            if (seconds != 0 && seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            if (seconds != 0 && seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        if (nanos % 1_000_000 == 0 && seconds < Long.MAX_VALUE / 1000 - 1) {
            return seconds * 1000 + nanos / 1_000_000 + "ms";
        }
        return d.toString();
    }
}
