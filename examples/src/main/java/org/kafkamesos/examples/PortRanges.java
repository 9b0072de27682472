package org.kafkamesos.examples;

import java.util.ArrayList;
import java.util.List;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.PortRequest;
import org.kafkamesos.placement.Resources;

/** Reads the port ranges of an agent and builds the port requests of a broker. */
final class PortRanges {

    static final String ACCEPTED = "ranges begin..end or begin-end and single ports, comma-separated, such as 9092,31000..32000";

    private PortRanges() {
    }

    /** Parses e.g. {@code 9092,31000..32000}; blank text means no ports. */
    static List<PortRange> parse(String text) {
        List<PortRange> ranges = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ranges;
        }
        for (String part : text.split(",", -1)) {
            ranges.add(parseRange(part.strip(), text));
        }
        new Resources(0, 0, 0, ranges); // refuses overlapping ranges
        return ranges;
    }

    private static PortRange parseRange(String part, String text) {
        String[] bounds = part.contains("..") ? part.split("\\.\\.", -1) : part.split("-", -1);
        try {
            if (bounds.length == 1) {
                return PortRange.of(Integer.parseInt(bounds[0].strip()));
            }
            if (bounds.length == 2) {
                return new PortRange(Integer.parseInt(bounds[0].strip()), Integer.parseInt(bounds[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + part + "' in '" + text + "' is not a port range; expected " + ACCEPTED
                + ", with ports 1..65535");
    }

    /**
     * The port requests of a broker: {@code port} exactly when given, plus {@code count} ports of
     * any number; without a specific port, {@code count} defaults to 1. The names label errors.
     */
    static PortRequest[] requests(Integer count, String countName, Integer port, String portName) {
        int any = count != null ? count : port == null ? 1 : 0;
        if (any < 0) {
            throw new IllegalArgumentException(countName + ": expected a number of ports >= 0, got " + any);
        }
        List<PortRequest> requests = new ArrayList<>();
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(portName + ": expected a port 1..65535, got " + port);
            }
            requests.add(PortRequest.exactly(port));
        }
        if (any > 0) {
            requests.add(PortRequest.any(any));
        }
        return requests.toArray(PortRequest[]::new);
    }
}
