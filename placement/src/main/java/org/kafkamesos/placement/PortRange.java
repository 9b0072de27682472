package org.kafkamesos.placement;

/**
 * An inclusive range of TCP ports, as Mesos describes the {@code ports} resource.
 *
 * @param begin first port of the range, 1..65535
 * @param end   last port of the range, {@code begin..65535}
 */
public record PortRange(int begin, int end) {

    public PortRange {
        if (begin < 1 || end > 65535 || begin > end) {
            throw new IllegalArgumentException(
                    "port range " + begin + "-" + end + " is invalid: expected 1 <= begin <= end <= 65535");
        }
    }

    /** A range holding exactly one port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Number of ports in the range. */
    public int size() {
        return end - begin + 1;
    }

    /** Whether {@code port} lies in the range. */
    public boolean contains(int port) {
        return port >= begin && port <= end;
    }

    @Override
    public String toString() {
        return begin == end ? Integer.toString(begin) : begin + "-" + end;
    }
}
