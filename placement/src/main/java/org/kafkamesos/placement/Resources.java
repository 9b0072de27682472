package org.kafkamesos.placement;

import java.util.List;

/**
 * A bundle of the resources a Kafka broker consumes, all of one role.
 *
 * @param cpus  number of CPUs, {@code >= 0}
 * @param mem   memory in MB, {@code >= 0}
 * @param disk  disk in MB, {@code >= 0}
 * @param ports port ranges; they must not overlap
 */
public record Resources(double cpus, double mem, double disk, List<PortRange> ports) {

    /** No resources at all. */
    public static final Resources NONE = new Resources(0, 0, 0, List.of());

    public Resources {
        requireAmount("cpus", cpus);
        requireAmount("mem", mem);
        requireAmount("disk", disk);
        ports = List.copyOf(ports);
        PortSet.requireDisjoint(ports);
    }

    /** Resources without ports. */
    public static Resources of(double cpus, double mem, double disk) {
        return new Resources(cpus, mem, disk, List.of());
    }

    /** The same resources with {@code ranges} as ports. */
    public Resources withPorts(PortRange... ranges) {
        return new Resources(cpus, mem, disk, List.of(ranges));
    }

    private static void requireAmount(String name, double amount) {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + amount);
        }
    }
}
