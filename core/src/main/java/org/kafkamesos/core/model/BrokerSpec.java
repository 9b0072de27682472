package org.kafkamesos.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.placement.Constraint;
import org.kafkamesos.placement.Constraints;

/**
 * What an operator asks of one broker. Changing the spec of a broker that has a task marks it as
 * needing a restart.
 *
 * @param cpus             CPUs; default 1
 * @param memMb            memory of the task in MB, heap included; default 2048
 * @param heapMb           Java heap of the Kafka process in MB, below {@code memMb}; default 1024
 * @param diskMb           disk in MB: the size of the broker's volume, or the sandbox's disk; default
 *                         {@value #DEFAULT_DISK_MB} (three brokers' volumes fit on a default local agent)
 * @param port             the listener port; default any offered port
 * @param constraints      hard placement constraints; default none
 * @param options          Kafka configuration overrides by key, sorted
 * @param jvmOptions       extra JVM arguments, one argument per element (never a shell string)
 * @param failover         how a failed broker is launched again; default {@link FailoverPolicy#DEFAULT}
 * @param stickinessPeriod how long after a stop or a first failure only the last host is accepted; default 10 minutes
 * @param volume           where the broker's data lives; default {@link VolumePolicy.Auto}: a volume the scheduler makes
 * @param role             what the node is for: a broker, a dedicated controller, or both; default {@link NodeRole#AUTO},
 *                         a broker that is a controller too if it is chosen as one
 */
public record BrokerSpec(double cpus, long memMb, long heapMb, long diskMb, PortPolicy port, List<Constraint> constraints,
                         Map<String, String> options, List<String> jvmOptions, FailoverPolicy failover,
                         Duration stickinessPeriod, VolumePolicy volume, NodeRole role) {

    /** The disk of a broker unless given, in MB. */
    public static final long DEFAULT_DISK_MB = 5120;

    /** The spec with every default. */
    public static final BrokerSpec DEFAULT = builder().build();

    public BrokerSpec {
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be a finite number > 0, got " + cpus);
        }
        if (memMb <= 0 || heapMb <= 0 || heapMb >= memMb) {
            throw new IllegalArgumentException("memory needs 0 < heap < mem (MB), got heap " + heapMb + " and mem " + memMb
                    + "; the task's memory must hold the heap and what the JVM needs beside it");
        }
        LaunchSpec.requireHeap(heapMb);
        if (diskMb < 0) {
            throw new IllegalArgumentException("disk must be >= 0 MB, got " + diskMb);
        }
        Objects.requireNonNull(port, "port");
        constraints = List.copyOf(constraints);
        TreeMap<String, String> sorted = new TreeMap<>();
        options.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new IllegalArgumentException("Kafka options need non-blank keys and non-null values, got " + k + "=" + v);
            }
            sorted.put(k.strip(), v);
        });
        options = Collections.unmodifiableSortedMap(sorted);
        // what a launch would refuse is refused now, before it is stored
        LaunchSpec.requireOverrides(options);
        jvmOptions = List.copyOf(jvmOptions);
        LaunchSpec.requireJvmOptions(jvmOptions);
        Objects.requireNonNull(failover, "failover");
        if (stickinessPeriod == null || stickinessPeriod.isNegative()) {
            throw new IllegalArgumentException("stickiness period must be >= 0, got " + stickinessPeriod);
        }
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(role, "role");
        if (volume instanceof VolumePolicy.Auto && diskMb == 0) {
            throw new IllegalArgumentException("a broker on a volume of its own needs disk > 0 MB (its volume's size); give"
                    + " --disk, or --volume none for the sandbox");
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this spec, to change some of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cpus = cpus;
        b.memMb = memMb;
        b.heapMb = heapMb;
        b.diskMb = diskMb;
        b.port = port;
        b.constraints = new ArrayList<>(constraints);
        b.options = new TreeMap<>(options);
        b.jvmOptions = new ArrayList<>(jvmOptions);
        b.failover = failover;
        b.stickinessPeriod = stickinessPeriod;
        b.volume = volume;
        b.role = role;
        return b;
    }

    /** Builds a {@link BrokerSpec}; every setting has the default documented on the record. */
    public static final class Builder {
        private double cpus = 1;
        private long memMb = 2048;
        private long heapMb = 1024;
        private long diskMb = DEFAULT_DISK_MB;
        private PortPolicy port = new PortPolicy.Auto();
        private List<Constraint> constraints = new ArrayList<>();
        private Map<String, String> options = new TreeMap<>();
        private List<String> jvmOptions = new ArrayList<>();
        private FailoverPolicy failover = FailoverPolicy.DEFAULT;
        private Duration stickinessPeriod = Duration.ofMinutes(10);
        private VolumePolicy volume = new VolumePolicy.Auto();
        private NodeRole role = NodeRole.AUTO;

        private Builder() {
        }

        public Builder cpus(double value) {
            cpus = value;
            return this;
        }

        public Builder memMb(long value) {
            memMb = value;
            return this;
        }

        public Builder heapMb(long value) {
            heapMb = value;
            return this;
        }

        public Builder diskMb(long value) {
            diskMb = value;
            return this;
        }

        public Builder port(PortPolicy value) {
            port = value;
            return this;
        }

        /** Replaces the constraints. */
        public Builder constraints(List<Constraint> value) {
            constraints = new ArrayList<>(value);
            return this;
        }

        /** Replaces the constraints with those parsed by {@link Constraints#parse(String)}. */
        public Builder constraints(String text) {
            return constraints(Constraints.parse(text));
        }

        /** Replaces the Kafka overrides. */
        public Builder options(Map<String, String> value) {
            options = new TreeMap<>(value);
            return this;
        }

        /** Replaces the JVM options. */
        public Builder jvmOptions(List<String> value) {
            jvmOptions = new ArrayList<>(value);
            return this;
        }

        public Builder failover(FailoverPolicy value) {
            failover = value;
            return this;
        }

        public Builder stickinessPeriod(Duration value) {
            stickinessPeriod = value;
            return this;
        }

        /** Where the broker's data lives. */
        public Builder volume(VolumePolicy value) {
            volume = Objects.requireNonNull(value, "volume");
            return this;
        }

        /** Where the broker's data lives, as {@link VolumePolicy#parse} reads it: {@code auto}, {@code none} or a persistence id. */
        public Builder volume(String text) {
            return volume(VolumePolicy.parse(text));
        }

        /** What the node is for. */
        public Builder role(NodeRole value) {
            role = Objects.requireNonNull(value, "role");
            return this;
        }

        public BrokerSpec build() {
            return new BrokerSpec(cpus, memMb, heapMb, diskMb, port, constraints, options, jvmOptions, failover,
                    stickinessPeriod, volume, role);
        }
    }
}
