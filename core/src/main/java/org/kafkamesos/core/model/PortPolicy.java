package org.kafkamesos.core.model;

import org.kafkamesos.placement.PortRequest;

/** Which port a broker listens on: any offered port, a fixed one, or one of a range. */
public sealed interface PortPolicy {

    /** The request the placement engine sees. */
    PortRequest toRequest();

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
