package org.kafkamesos.core.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kafkamesos.placement.PortRange;

/**
 * One agent of a {@link LocalMesosCluster}: what it offers and how constraints see it.
 *
 * @param agentId    the agent id ({@code SlaveID}), unique in the cluster, also the name of its work folder
 * @param hostname   the agent's hostname and the address its tasks bind to; on one machine, a loopback address
 *                   of its own such as {@code 127.0.0.2}, so that several Kafka nodes can use the same ports
 * @param cpus       CPUs offered, &gt; 0
 * @param memMb      memory offered, in MB, &gt; 0
 * @param diskMb     disk offered, in MB, &gt;= 0
 * @param ports      port ranges offered, not overlapping, sorted by their first port
 * @param attributes text attributes, sorted by name (constraints such as {@code rack=groupBy} read them)
 */
public record LocalAgent(String agentId, String hostname, double cpus, long memMb, long diskMb, List<PortRange> ports,
                         Map<String, String> attributes) {

    /** CPUs of an agent unless given: 4. */
    public static final double DEFAULT_CPUS = 4;
    /** Memory of an agent unless given: 8192 MB. */
    public static final long DEFAULT_MEM_MB = 8192;
    /** Disk of an agent unless given: 20480 MB. */
    public static final long DEFAULT_DISK_MB = 20480;
    /** Ports of an agent unless given: 9092-9100. */
    public static final PortRange DEFAULT_PORTS = new PortRange(9092, 9100);

    public LocalAgent {
        if (agentId == null || !agentId.matches("[A-Za-z0-9._-]{1,128}") || agentId.equals(".") || agentId.equals("..")) {
            throw new IllegalArgumentException("agent id must be 1-128 letters, digits, '.', '-' or '_' (it names a folder),"
                    + " got " + agentId);
        }
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("agent " + agentId + " needs a hostname, e.g. 127.0.0.2");
        }
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("agent " + agentId + ": cpus must be a finite number > 0, got " + cpus);
        }
        if (memMb <= 0 || diskMb < 0) {
            throw new IllegalArgumentException("agent " + agentId + ": mem must be > 0 MB and disk >= 0 MB, got mem "
                    + memMb + " and disk " + diskMb);
        }
        List<PortRange> sorted = new ArrayList<>(ports);
        sorted.sort((a, b) -> Integer.compare(a.begin(), b.begin()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() <= sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("agent " + agentId + ": port ranges " + sorted.get(i - 1) + " and "
                        + sorted.get(i) + " overlap");
            }
        }
        ports = List.copyOf(sorted);
        TreeMap<String, String> attrs = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null || v.isBlank()) {
                throw new IllegalArgumentException("agent " + agentId + ": attributes need a name and a value, got " + k + "=" + v);
            }
            if (k.equals("hostname")) {
                throw new IllegalArgumentException("agent " + agentId + ": 'hostname' is not an attribute; constraints see"
                        + " the agent's hostname under that name");
            }
            attrs.put(k, v);
        });
        attributes = Collections.unmodifiableSortedMap(attrs);
    }

    /** An agent {@code agentId} on {@code hostname}; see {@link Builder} for the defaults. */
    public static Builder builder(String agentId, String hostname) {
        return new Builder(agentId, hostname);
    }

    /**
     * Agent {@code index} (1-based) of {@link LocalMesosCluster.Builder#agents(int)}: id {@code agent-<i>}, hostname
     * {@code 127.0.0.<i>}, the default resources, attribute {@code rack=r<i>}.
     */
    static LocalAgent defaultAgent(int index) {
        return defaultAgent(index, 0);
    }

    /** Agent {@code index} of network {@code 127.<network>.0.0/16}: address {@code 127.<network>.0.<index>}. */
    static LocalAgent defaultAgent(int index, int network) {
        return defaultAgent(index, network, DEFAULT_PORTS.begin(), DEFAULT_PORTS.end());
    }

    /** Agent {@code index} of network {@code 127.<network>.0.0/16}, offering the ports {@code portsFrom..portsTo}. */
    static LocalAgent defaultAgent(int index, int network, int portsFrom, int portsTo) {
        if (index < 1 || index > 254) {
            throw new IllegalArgumentException("default agents are numbered 1..254 (127.0.0.<i>), got " + index);
        }
        if (network < 0 || network > 255) {
            throw new IllegalArgumentException("the loopback network must be 0..255 (127.<network>.0.<i>), got " + network);
        }
        return builder("agent-" + index, "127." + network + ".0." + index).ports(portsFrom, portsTo).attribute("rack", "r" + index)
                .build();
    }

    /**
     * Builds a {@link LocalAgent}. Defaults: {@value #DEFAULT_CPUS} CPUs, {@value #DEFAULT_MEM_MB} MB memory,
     * {@value #DEFAULT_DISK_MB} MB disk, ports 9092-9100 ({@link #DEFAULT_PORTS}) unless {@link #ports} is called,
     * no attribute.
     */
    public static final class Builder {
        private final String agentId;
        private final String hostname;
        private double cpus = DEFAULT_CPUS;
        private long memMb = DEFAULT_MEM_MB;
        private long diskMb = DEFAULT_DISK_MB;
        private final List<PortRange> ports = new ArrayList<>();
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder(String agentId, String hostname) {
            this.agentId = agentId;
            this.hostname = hostname;
        }

        /** CPUs offered. */
        public Builder cpus(double value) {
            cpus = value;
            return this;
        }

        /** Memory offered, in MB. */
        public Builder memMb(long value) {
            memMb = value;
            return this;
        }

        /** Disk offered, in MB. */
        public Builder diskMb(long value) {
            diskMb = value;
            return this;
        }

        /** Adds the port range {@code begin..end} (inclusive); repeatable. The first call replaces the default. */
        public Builder ports(int begin, int end) {
            ports.add(new PortRange(begin, end));
            return this;
        }

        /** Adds (or replaces) the text attribute {@code name=value}. */
        public Builder attribute(String name, String value) {
            attributes.put(Objects.requireNonNull(name, "attribute name"), value);
            return this;
        }

        /** @throws IllegalArgumentException naming what is wrong */
        public LocalAgent build() {
            return new LocalAgent(agentId, hostname, cpus, memMb, diskMb, ports.isEmpty() ? List.of(DEFAULT_PORTS) : ports,
                    attributes);
        }
    }
}
