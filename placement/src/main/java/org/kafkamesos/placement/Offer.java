package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Mesos resource offer as the placement engine sees it: the resources of one agent that one
 * framework may use now.
 *
 * <p>Offers of the same agent hold disjoint resources, as Mesos guarantees; a broker is placed on one
 * offer, and several brokers may share one offer.
 *
 * @param id         the offer id, unique within a request
 * @param agentId    the agent the resources belong to
 * @param hostname   the agent's hostname, which constraints see as attribute {@code hostname}
 * @param unreserved resources of the default role {@code *}, usable by every broker
 * @param reserved   resources reserved for a role, usable only by brokers of that role
 * @param volumes    persistent volumes on the agent
 * @param attributes the agent's attributes by name; {@code hostname} must not be one of them
 */
public record Offer(String id, String agentId, String hostname, Resources unreserved,
                    Map<String, Resources> reserved, List<Volume> volumes,
                    Map<String, AttributeValue> attributes) {

    /** The name under which constraints see an offer's hostname. */
    public static final String HOSTNAME = "hostname";

    /** The default role, whose resources any broker may use. */
    public static final String DEFAULT_ROLE = "*";

    public Offer {
        Arguments.requireNonBlank("offer id", id);
        Arguments.requireNonBlank("agent id of offer " + id, agentId);
        Arguments.requireNonBlank("hostname of offer " + id, hostname);
        Objects.requireNonNull(unreserved, "unreserved");
        reserved = java.util.Collections.unmodifiableMap(new TreeMap<>(reserved));
        if (reserved.containsKey(DEFAULT_ROLE)) {
            throw new IllegalArgumentException("offer " + id + ": role '*' is not a reservation; put its resources in 'unreserved'");
        }
        List<PortRange> allPorts = new ArrayList<>(unreserved.ports());
        reserved.values().forEach(r -> allPorts.addAll(r.ports()));
        PortSet.requireDisjoint(allPorts);
        volumes = List.copyOf(volumes);
        Set<String> volumeIds = new HashSet<>();
        for (Volume v : volumes) {
            if (!volumeIds.add(v.persistenceId())) {
                throw new IllegalArgumentException("offer " + id + " lists volume " + v.persistenceId() + " twice");
            }
        }
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
        if (attributes.containsKey(HOSTNAME)) {
            throw new IllegalArgumentException("offer " + id + ": attribute 'hostname' is reserved for the offer's hostname");
        }
    }

    /** The value constraints see for {@code attribute}, or {@code null} when the agent lacks it. */
    public String attributeText(String attribute) {
        if (HOSTNAME.equals(attribute)) {
            return hostname;
        }
        AttributeValue value = attributes.get(attribute);
        return value == null ? null : value.asText();
    }

    /** Starts an offer; see {@link Builder}. */
    public static Builder builder(String id, String agentId, String hostname) {
        return new Builder(id, agentId, hostname);
    }

    /** Builds an {@link Offer}; only id, agent and hostname are required. */
    public static final class Builder {
        private final String id;
        private final String agentId;
        private final String hostname;
        private double cpus;
        private double mem;
        private double disk;
        private final List<PortRange> ports = new ArrayList<>();
        private final Map<String, Resources> reserved = new LinkedHashMap<>();
        private final List<Volume> volumes = new ArrayList<>();
        private final Map<String, AttributeValue> attributes = new LinkedHashMap<>();

        private Builder(String id, String agentId, String hostname) {
            this.id = id;
            this.agentId = agentId;
            this.hostname = hostname;
        }

        /** Unreserved CPUs. */
        public Builder cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        /** Unreserved memory in MB. */
        public Builder mem(double mem) {
            this.mem = mem;
            return this;
        }

        /** Unreserved disk in MB. */
        public Builder disk(double disk) {
            this.disk = disk;
            return this;
        }

        /** Adds an unreserved port range. */
        public Builder ports(int begin, int end) {
            ports.add(new PortRange(begin, end));
            return this;
        }

        /** Sets the resources reserved for {@code role}. */
        public Builder reserved(String role, Resources resources) {
            reserved.put(role, resources);
            return this;
        }

        /** Adds a persistent volume. */
        public Builder volume(Volume volume) {
            volumes.add(volume);
            return this;
        }

        /** Adds a text attribute. */
        public Builder attribute(String name, String value) {
            return attribute(name, AttributeValue.text(value));
        }

        /** Adds an attribute of any kind. */
        public Builder attribute(String name, AttributeValue value) {
            attributes.put(Arguments.requireNonBlank("attribute name", name), value);
            return this;
        }

        public Offer build() {
            return new Offer(id, agentId, hostname, new Resources(cpus, mem, disk, ports), reserved, volumes, attributes);
        }
    }
}
