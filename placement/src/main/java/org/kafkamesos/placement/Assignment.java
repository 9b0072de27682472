package org.kafkamesos.placement;

import java.util.List;
import java.util.Optional;

/**
 * One broker placed on one offer, with exactly the resources taken.
 *
 * @param brokerId    the broker
 * @param offerId     the offer it was placed on
 * @param agentId     the offer's agent
 * @param hostname    the offer's host
 * @param ports       the ports taken, in the order of the demand's port requests
 * @param volume      the persistent volume used, if the demand required one
 * @param allocations the resources taken, per role; amounts over all roles equal the demand's
 */
public record Assignment(int brokerId, String offerId, String agentId, String hostname, List<Integer> ports,
                         Optional<Volume> volume, List<Allocation> allocations) {

    public Assignment {
        ports = List.copyOf(ports);
        allocations = List.copyOf(allocations);
    }

    /** CPUs taken over all roles. */
    public double cpus() {
        return allocations.stream().mapToDouble(Allocation::cpus).sum();
    }

    /** Memory taken over all roles, MB. */
    public double mem() {
        return allocations.stream().mapToDouble(Allocation::mem).sum();
    }

    /** Disk taken from scalar disk over all roles, MB (a volume's disk is not counted). */
    public double disk() {
        return allocations.stream().mapToDouble(Allocation::disk).sum();
    }
}
