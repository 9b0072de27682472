package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one broker needs from an offer.
 *
 * @param brokerId    the Kafka broker id, unique within a request
 * @param cpus        CPUs, {@code >= 0}
 * @param mem         memory in MB, {@code >= 0}
 * @param disk        disk in MB, {@code >= 0}; with a volume, the volume's size must cover it instead
 * @param ports       port requests; all the ports they yield are distinct
 * @param constraints hard constraints, all of which must hold
 * @param stickiness  the host the broker is bound to or prefers, if any
 * @param volume      persistence id of a volume the offer must carry, if any
 * @param role        the role whose reservations the broker may use besides unreserved resources;
 *                    {@code *} for unreserved resources only
 */
public record BrokerDemand(int brokerId, double cpus, double mem, double disk, List<PortRequest> ports,
                           List<Constraint> constraints, Optional<Stickiness> stickiness, Optional<String> volume,
                           String role) {

    public BrokerDemand {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + brokerId);
        }
        requireAmount(brokerId, "cpus", cpus);
        requireAmount(brokerId, "mem", mem);
        requireAmount(brokerId, "disk", disk);
        ports = List.copyOf(ports);
        Set<Integer> exact = new HashSet<>();
        for (PortRequest p : ports) {
            if (p instanceof PortRequest.Exactly e && !exact.add(e.port())) {
                throw new IllegalArgumentException("broker " + brokerId + " asks for port " + e.port() + " twice");
            }
        }
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(stickiness, "stickiness");
        Objects.requireNonNull(volume, "volume");
        volume.ifPresent(v -> Arguments.requireNonBlank("volume of broker " + brokerId, v));
        Arguments.requireNonBlank("role of broker " + brokerId, role);
    }

    /** Total number of ports the broker needs. */
    public int portCount() {
        return ports.stream().mapToInt(PortRequest::count).sum();
    }

    private static void requireAmount(int brokerId, String name, double amount) {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("broker " + brokerId + ": " + name + " must be a finite number >= 0, got " + amount);
        }
    }

    /** Starts a demand for {@code brokerId} that needs nothing yet; see {@link Builder}. */
    public static Builder builder(int brokerId) {
        return new Builder(brokerId);
    }

    /** Builds a {@link BrokerDemand}. Defaults: no resources, no ports, no constraints, role {@code *}. */
    public static final class Builder {
        private final int brokerId;
        private double cpus;
        private double mem;
        private double disk;
        private final List<PortRequest> ports = new ArrayList<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private Stickiness stickiness;
        private String volume;
        private String role = Offer.DEFAULT_ROLE;

        private Builder(int brokerId) {
            this.brokerId = brokerId;
        }

        /** CPUs. */
        public Builder cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        /** Memory in MB. */
        public Builder mem(double mem) {
            this.mem = mem;
            return this;
        }

        /** Disk in MB. */
        public Builder disk(double disk) {
            this.disk = disk;
            return this;
        }

        /** Adds port requests. */
        public Builder ports(PortRequest... requests) {
            ports.addAll(List.of(requests));
            return this;
        }

        /** Adds constraints. */
        public Builder constraints(List<Constraint> list) {
            constraints.addAll(list);
            return this;
        }

        /** Adds constraints parsed by {@link Constraints#parse(String)}. */
        public Builder constraints(String text) {
            return constraints(Constraints.parse(text));
        }

        /** Sets the sticky host. */
        public Builder stickiness(Stickiness sticky) {
            this.stickiness = sticky;
            return this;
        }

        /** Requires the persistent volume {@code persistenceId}. */
        public Builder volume(String persistenceId) {
            this.volume = persistenceId;
            return this;
        }

        /** The role whose reservations the broker may use. */
        public Builder role(String role) {
            this.role = role;
            return this;
        }

        public BrokerDemand build() {
            return new BrokerDemand(brokerId, cpus, mem, disk, ports, constraints, Optional.ofNullable(stickiness),
                    Optional.ofNullable(volume), role);
        }
    }
}
