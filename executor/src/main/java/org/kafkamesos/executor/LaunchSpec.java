package org.kafkamesos.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Everything the executor needs to run one Kafka node: the contract between scheduler and executor,
 * carried in Mesos {@code TaskInfo.data} as {@link #toBytes()} writes it.
 *
 * <p>The executor renders {@code server.properties} from it. Keys that follow from the spec itself
 * ({@link #ownedKeys()}: node id, roles, listeners, quorum, log dirs) are refused in {@code overrides}, so
 * that an override cannot silently contradict the node's identity, unless the spec names the key in
 * {@code allowedOwnedOverrides}.
 *
 * <p>Paths ({@code logDirs}, {@code distribution}) are absolute, or relative to the task's sandbox, which
 * is where Mesos mounts persistent volumes and where its fetcher unpacks archives.
 *
 * @param nodeId                Kafka's {@code node.id}, {@code >= 0}
 * @param roles                 broker, controller or both (combined)
 * @param clusterId             the KRaft cluster id, 22 characters of URL-safe base64 as
 *                              {@link #randomClusterId()} makes; storage is formatted with it once
 * @param bindHost              the address the listeners bind to; default {@code 0.0.0.0}
 * @param advertisedHost        the host clients and the executor's readiness check reach the node on
 * @param brokerPort            the broker (client) listener's port; present exactly for the broker role
 * @param controllerPort        the controller listener's port; present exactly for the controller role
 * @param controllerQuorum      the controller quorum, which lists this node exactly when it has the controller role
 *                              (but for a controller that joins a dynamic quorum: it is added once it runs):
 *                              {@code controller.quorum.voters} of a static quorum, or the
 *                              {@code controller.quorum.bootstrap.servers} of a dynamic one, whose voters then carry
 *                              their directory ids while the quorum forms (all of them), and none once it has formed
 * @param logDirs               Kafka's {@code log.dirs}; the first also holds the metadata log; default
 *                              {@code kafka-logs}
 * @param heapMb                JVM heap in MB ({@code -Xms} and {@code -Xmx}), at least {@link #MIN_HEAP_MB}; default 1024
 * @param jvmOptions            further JVM arguments, each one argument (never a shell string); default
 *                              {@link #DEFAULT_JVM_OPTIONS}; heap flags are refused here (use heapMb)
 * @param distribution          the Kafka distribution folder, holding {@code libs/*.jar} and optionally
 *                              {@code config/log4j2.xml} or {@code config/log4j2.yaml}: an unpacked
 *                              {@code kafka_2.13-4.1.1.tgz} (relative to the sandbox when the Mesos fetcher
 *                              unpacked it there) or the folder the build assembles
 *                              ({@code executor/target/kafka-dist}); a path or a {@code file:} URI
 * @param overrides             further {@code server.properties} entries, written after the owned ones
 *                              in key order
 * @param allowedOwnedOverrides owned keys that {@code overrides} may set all the same
 * @param dynamicQuorum         whether the quorum is dynamic (KIP-853, {@code kraft.version} 1): the nodes find it through
 *                              {@code controller.quorum.bootstrap.servers}, and a controller's unformatted storage is
 *                              formatted with {@code --initial-controllers} naming every voter with its directory id
 *                              while the quorum forms, and with {@code --no-initial-controllers} once it has formed
 *                              (the controller joins as an observer); a static quorum is {@code controller.quorum.voters}
 */
public record LaunchSpec(int nodeId, Set<Role> roles, String clusterId, String bindHost, String advertisedHost,
                         OptionalInt brokerPort, OptionalInt controllerPort, List<QuorumVoter> controllerQuorum,
                         List<String> logDirs, int heapMb, List<String> jvmOptions, String distribution,
                         SortedMap<String, String> overrides, Set<String> allowedOwnedOverrides, boolean dynamicQuorum) {

    /**
     * The newest wire format version, which {@link #fromBytes} accepts and older ones too: {@link #toBytes()} writes 2
     * for a dynamic quorum's spec and 1 for a static one, which executors of format 1 still read.
     */
    public static final int FORMAT_VERSION = 2;

    /** The JVM options of Kafka's own start script ({@code KAFKA_JVM_PERFORMANCE_OPTS}). */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");

    /** The name of the listener clients and brokers use. */
    public static final String BROKER_LISTENER = "BROKER";
    /** The name of the controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    public LaunchSpec {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be >= 0, got " + nodeId);
        }
        Objects.requireNonNull(roles, "roles");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("node " + nodeId + " has no role: give broker, controller or both");
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        Objects.requireNonNull(clusterId, "clusterId");
        if (!LaunchSpecRules.isClusterId(clusterId)) {
            throw new IllegalArgumentException("cluster id '" + clusterId + "' is not a Kafka cluster id: 22 characters of"
                    + " URL-safe base64 are accepted, as LaunchSpec.randomClusterId() or kafka-storage random-uuid make");
        }
        LaunchSpecRules.requireHost("bind host", bindHost);
        LaunchSpecRules.requireHost("advertised host", advertisedHost);
        LaunchSpecRules.requireRolePort(nodeId, roles.contains(Role.BROKER), "broker", brokerPort);
        LaunchSpecRules.requireRolePort(nodeId, roles.contains(Role.CONTROLLER), "controller", controllerPort);
        if (brokerPort.isPresent() && controllerPort.isPresent() && brokerPort.getAsInt() == controllerPort.getAsInt()) {
            throw new IllegalArgumentException("broker and controller ports of node " + nodeId + " are both "
                    + brokerPort.getAsInt() + ": each listener needs its own port");
        }
        controllerQuorum = List.copyOf(controllerQuorum);
        LaunchSpecRules.requireQuorum(nodeId, roles, controllerPort, controllerQuorum, dynamicQuorum);
        logDirs = List.copyOf(logDirs);
        LaunchSpecRules.requireLogDirs(logDirs);
        requireHeap(heapMb);
        jvmOptions = List.copyOf(jvmOptions);
        LaunchSpecRules.requireJvmOptions(jvmOptions);
        LaunchSpecRules.requireDistribution(distribution);
        allowedOwnedOverrides = Collections.unmodifiableSet(new TreeSet<>(allowedOwnedOverrides));
        for (String key : allowedOwnedOverrides) {
            if (!LaunchSpecRules.isOwned(key)) {
                throw new IllegalArgumentException("'" + key + "' in allowedOwnedOverrides is not a key the launch spec"
                        + " sets, so overriding it needs no permission; owned keys are " + ownedKeys());
            }
        }
        overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            LaunchSpecRules.requireOverride(e.getKey(), e.getValue(), allowedOwnedOverrides);
        }
    }

    /** The {@code server.properties} keys the executor sets from the spec, in key order. */
    public static Set<String> ownedKeys() {
        return LaunchSpecRules.ownedKeys();
    }

    /**
     * Checks {@code overrides} as a launch spec checks them, none of the {@link #ownedKeys()} allowed: so that a value
     * kept for later launches (a broker's options) is refused when it is given, not at its launch.
     *
     * @throws IllegalArgumentException naming the key and saying what is accepted
     */
    public static void requireOverrides(Map<String, String> overrides) {
        overrides.forEach((key, value) -> LaunchSpecRules.requireOverride(key, value, Set.of()));
    }

    /**
     * The smallest heap a node gets, in MB: a combined broker and controller of Kafka 4.1 starts and serves in 48 MB
     * (with the log cleaner's buffer sized to its heap, see {@code ServerProperties}) and fails in 32 MB; this leaves
     * some room.
     */
    public static final int MIN_HEAP_MB = 64;

    /** Checks a heap as a launch spec checks it: at least {@link #MIN_HEAP_MB}. */
    public static void requireHeap(long heapMb) {
        if (heapMb < MIN_HEAP_MB) {
            throw new IllegalArgumentException("heap must be at least " + MIN_HEAP_MB + " MB, the smallest in which a Kafka"
                    + " node starts and serves; got " + heapMb + " MB");
        }
    }

    /**
     * Checks JVM options as a launch spec checks them: no blank or NUL, no heap size (which {@code heapMb} sets).
     *
     * @throws IllegalArgumentException naming the option
     */
    public static void requireJvmOptions(List<String> options) {
        LaunchSpecRules.requireJvmOptions(options);
    }

    /** A new random KRaft cluster id, as {@code kafka-storage random-uuid} makes. Generate it once per cluster. */
    public static String randomClusterId() {
        return Uuid.randomUuid().toString();
    }

    /** This spec in its versioned wire form (format {@link #FORMAT_VERSION}), for {@code TaskInfo.data}. */
    public byte[] toBytes() {
        return LaunchSpecCodec.encode(this);
    }

    /**
     * Reads a spec written by {@link #toBytes()} of this or an older version.
     *
     * @throws LaunchSpecFormatException if the bytes are no LaunchSpec message, carry a format version newer
     *                                   than {@link #FORMAT_VERSION} or none, or hold an invalid spec; nothing
     *                                   else is thrown, whatever the bytes
     */
    public static LaunchSpec fromBytes(byte[] bytes) {
        return LaunchSpecCodec.decode(bytes);
    }

    /** Starts a spec of node {@code nodeId} in cluster {@code clusterId}; see {@link Builder} for defaults. */
    public static Builder builder(int nodeId, String clusterId) {
        return new Builder(nodeId, clusterId);
    }

    /**
     * The {@code server.properties} the executor writes for this spec in {@code sandbox} (relative log dirs
     * resolved against it): the owned keys in a fixed order, then the overrides in key order. For review, a
     * dry run, or starting Kafka by hand the way the executor does.
     */
    public String serverProperties(Path sandbox) {
        return ServerProperties.render(this, sandbox);
    }

    /** Whether the node has {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Builds a {@link LaunchSpec}. Defaults: no role and no ports (both must be given), bind host
     * {@code 0.0.0.0}, log dir {@code kafka-logs}, heap 1024 MB, {@link #DEFAULT_JVM_OPTIONS}, no overrides.
     * Advertised host, quorum and distribution must be given.
     */
    public static final class Builder {
        private final int nodeId;
        private final String clusterId;
        private final Set<Role> roles = EnumSet.noneOf(Role.class);
        private String bindHost = "0.0.0.0";
        private String advertisedHost;
        private OptionalInt brokerPort = OptionalInt.empty();
        private OptionalInt controllerPort = OptionalInt.empty();
        private final List<QuorumVoter> quorum = new ArrayList<>();
        private final List<String> logDirs = new ArrayList<>();
        private int heapMb = 1024;
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private String distribution;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Set<String> allowed = new LinkedHashSet<>();
        private boolean dynamicQuorum;

        private Builder(int nodeId, String clusterId) {
            this.nodeId = nodeId;
            this.clusterId = clusterId;
        }

        /** Adds roles. */
        public Builder roles(Role... more) {
            roles.addAll(List.of(more));
            return this;
        }

        /** The address listeners bind to. */
        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        /** The host clients reach the node on. */
        public Builder advertisedHost(String host) {
            this.advertisedHost = host;
            return this;
        }

        /** The broker listener's port (broker role). */
        public Builder brokerPort(int port) {
            this.brokerPort = OptionalInt.of(port);
            return this;
        }

        /** The controller listener's port (controller role). */
        public Builder controllerPort(int port) {
            this.controllerPort = OptionalInt.of(port);
            return this;
        }

        /** Adds a voter of the static controller quorum. */
        public Builder voter(int voterNodeId, String host, int port) {
            quorum.add(new QuorumVoter(voterNodeId, host, port));
            return this;
        }

        /** Adds voters of the controller quorum: in a {@link #dynamicQuorum dynamic} one that forms, with their directory ids. */
        public Builder voters(List<QuorumVoter> voters) {
            quorum.addAll(voters);
            return this;
        }

        /** Adds a log dir; giving one replaces the default. */
        public Builder logDir(String dir) {
            logDirs.add(dir);
            return this;
        }

        /** Heap in MB. */
        public Builder heapMb(int mb) {
            this.heapMb = mb;
            return this;
        }

        /** Replaces the JVM options; each element is one argument. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** The Kafka distribution folder (a path, or a {@code file:} URI). */
        public Builder distribution(String location) {
            this.distribution = location;
            return this;
        }

        /** Adds a {@code server.properties} entry. */
        public Builder override(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Adds {@code server.properties} entries. */
        public Builder overrides(Map<String, String> entries) {
            overrides.putAll(entries);
            return this;
        }

        /** Lets overrides set the owned key {@code key}. */
        public Builder allowOwnedOverride(String key) {
            allowed.add(key);
            return this;
        }

        /** A dynamic quorum (KIP-853): every voter with its directory id while it forms, none after; default a static quorum. */
        public Builder dynamicQuorum(boolean value) {
            dynamicQuorum = value;
            return this;
        }

        /** @throws IllegalArgumentException naming what is wrong or missing */
        public LaunchSpec build() {
            if (advertisedHost == null) {
                throw new IllegalArgumentException("advertised host of node " + nodeId + " is required: the host clients reach it on");
            }
            if (distribution == null) {
                throw new IllegalArgumentException("Kafka distribution of node " + nodeId + " is required: a folder with libs/*.jar");
            }
            List<String> dirs = logDirs.isEmpty() ? List.of("kafka-logs") : logDirs;
            return new LaunchSpec(nodeId, roles, clusterId, bindHost, advertisedHost, brokerPort, controllerPort, quorum,
                    dirs, heapMb, jvmOptions, distribution, new TreeMap<>(overrides), allowed, dynamicQuorum);
        }
    }
}
