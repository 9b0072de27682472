package org.kafkamesos.placement;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why one offer could not take one broker. The engine reports the first reason it finds, checking in
 * this order: sticky host, volume, constraints, cpus, mem, disk, ports.
 *
 * @param offerId  the offer
 * @param hostname the offer's host
 * @param reason   what was wrong
 */
public record Rejection(String offerId, String hostname, Reason reason) {

    public Rejection {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(reason, "reason");
    }

    /** A reason an offer was refused; offers with equal {@link #group()} are reported together. */
    public sealed interface Reason {
        /** The kind of refusal, e.g. {@code cpus} or {@code hostname=unique}; equal groups are summed up together. */
        String group();
    }

    /**
     * Too little of a scalar resource.
     *
     * @param resource  {@code cpus}, {@code mem} or {@code disk}
     * @param available what the offer still has for the broker's role (after earlier placements)
     * @param needed    what the broker needs
     */
    public record Shortfall(String resource, double available, double needed) implements Reason {
        @Override
        public String group() {
            return resource;
        }
    }

    /**
     * A port request could not be met.
     *
     * @param request the request
     * @param free    number of free ports the offer still had for the broker's role
     */
    public record NoFreePort(PortRequest request, int free) implements Reason {
        @Override
        public String group() {
            return "ports:" + request;
        }
    }

    /**
     * The offer does not carry the required volume reserved for the broker's role, or another broker
     * of this request took it.
     */
    public record NoVolume(String persistenceId, String role) implements Reason {
        @Override
        public String group() {
            return "volume:" + persistenceId + ":" + role;
        }
    }

    /** The broker is bound to another host until {@code until}. */
    public record NotStickyHost(String stickyHost, Instant until) implements Reason {
        @Override
        public String group() {
            return "sticky:" + stickyHost;
        }
    }

    /** The agent lacks an attribute a constraint needs. */
    public record MissingAttribute(Constraint constraint) implements Reason {
        @Override
        public String group() {
            return "missing:" + constraint.attribute();
        }
    }

    /**
     * A constraint would not hold.
     *
     * @param constraint  the constraint
     * @param owner       the broker the constraint belongs to: the broker being placed, or one already
     *                    running or placed whose constraint the placement would break
     * @param value       the offer's value for the constraint's attribute
     * @param brokersThere the other brokers already on {@code value}
     */
    public record ConstraintUnmet(Constraint constraint, int owner, String value, List<Integer> brokersThere)
            implements Reason {
        public ConstraintUnmet {
            brokersThere = List.copyOf(brokersThere);
        }

        @Override
        public String group() {
            return owner + ":" + constraint;
        }
    }
}
