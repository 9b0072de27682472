package org.kafkamesos.placement;

import java.util.List;

/**
 * The part of an assignment taken from one role's resources, which a Mesos launch must name.
 *
 * @param role  {@code *} for unreserved resources, otherwise the reservation's role
 * @param cpus  CPUs taken
 * @param mem   memory taken, MB
 * @param disk  disk taken, MB
 * @param ports ports taken, in the order the demand asked for them
 */
public record Allocation(String role, double cpus, double mem, double disk, List<Integer> ports) {
    public Allocation {
        Arguments.requireNonBlank("allocation role", role);
        ports = List.copyOf(ports);
    }
}
