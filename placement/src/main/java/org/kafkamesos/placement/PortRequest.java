package org.kafkamesos.placement;

/**
 * What a broker asks of the {@code ports} resource. A demand lists one or more requests; the ports
 * they yield are all distinct, and they are met whenever the offer's free ports can meet them all.
 * Where there is a choice, the reservation's ports come before unreserved ones and lower ports
 * before higher ones.
 */
public sealed interface PortRequest {

    /** Number of ports this request yields. */
    int count();

    /** Any {@code count} free ports of the offer, lower ports preferred. */
    static PortRequest any(int count) {
        return new Any(count);
    }

    /** Any {@code count} free ports of the offer other than {@code except}, lower ports preferred. */
    static PortRequest anyExcept(int count, int... except) {
        java.util.Set<Integer> excluded = new java.util.TreeSet<>();
        for (int port : except) {
            excluded.add(port);
        }
        return new Any(count, excluded);
    }

    /** Exactly {@code port}. */
    static PortRequest exactly(int port) {
        return new Exactly(port);
    }

    /** One free port in {@code [from, to]}, lower ports preferred. */
    static PortRequest within(int from, int to) {
        return new Within(from, to);
    }

    /**
     * Any {@code count} ports, {@code count >= 1}, none of them in {@code except} (ports that others
     * must find free, such as the controller port of a KRaft cluster).
     */
    record Any(int count, java.util.Set<Integer> except) implements PortRequest {
        public Any {
            if (count < 1) {
                throw new IllegalArgumentException("a port request needs at least 1 port, got " + count);
            }
            except = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(except));
            except.forEach(PortRange::of);
        }

        /** Any {@code count} ports. */
        public Any(int count) {
            this(count, java.util.Set.of());
        }

        @Override
        public String toString() {
            String ports = count == 1 ? "any port" : "any " + count + " ports";
            return except.isEmpty() ? ports : ports + " but " + except.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** One specific port. */
    record Exactly(int port) implements PortRequest {
        public Exactly {
            PortRange.of(port);
        }

        @Override
        public int count() {
            return 1;
        }

        @Override
        public String toString() {
            return "port " + port;
        }
    }

    /** One port in an inclusive range. */
    record Within(int from, int to) implements PortRequest {
        public Within {
            new PortRange(from, to);
        }

        @Override
        public int count() {
            return 1;
        }

        @Override
        public String toString() {
            return "a port in " + from + ".." + to;
        }
    }
}
