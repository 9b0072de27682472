package org.kafkamesos.core.model;

import org.kafkamesos.placement.PortRequest;

/** Which port a broker listens on: any offered port, a fixed one, or one of a range. */
public sealed interface PortPolicy {

    /** The request the placement engine sees. */
    PortRequest toRequest();

    /** The forms {@link #parse} reads. */
    String FORMS = "auto, a port such as 9092, or a range such as 9092..9099";

    /**
     * Reads {@code auto}, a port ({@code 9092}) or a range ({@code 9092..9099}), as {@link #toString()} writes them.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static PortPolicy parse(String text) {
        String value = text == null ? "" : text.strip();
        try {
            if (value.equalsIgnoreCase("auto")) {
                return new Auto();
            }
            java.util.regex.Matcher range = java.util.regex.Pattern.compile("(\\d+)\\s*\\.\\.\\s*(\\d+)").matcher(value);
            if (range.matches()) {
                return new Range(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
            }
            return new Fixed(Integer.parseInt(value));
        } catch (IllegalArgumentException e) {
            // NumberFormatException included; the port checks' own message is kept after ours
            String detail = e instanceof NumberFormatException ? "" : " (" + e.getMessage() + ")";
            throw new IllegalArgumentException("port must be " + FORMS + "; got '" + text + "'" + detail, e);
        }
    }

    /** Any port the offer has (the default). */
    record Auto() implements PortPolicy {
        @Override
        public PortRequest toRequest() {
            return PortRequest.any(1);
        }

        @Override
        public String toString() {
            return "auto";
        }
    }

    /** Exactly {@code port}. */
    record Fixed(int port) implements PortPolicy {
        public Fixed {
            PortRequest.exactly(port);
        }

        @Override
        public PortRequest toRequest() {
            return PortRequest.exactly(port);
        }

        @Override
        public String toString() {
            return Integer.toString(port);
        }
    }

    /** One port in {@code [from, to]}. */
    record Range(int from, int to) implements PortPolicy {
        public Range {
            PortRequest.within(from, to);
        }

        @Override
        public PortRequest toRequest() {
            return PortRequest.within(from, to);
        }

        @Override
        public String toString() {
            return from + ".." + to;
        }
    }
}
