package org.kafkamesos.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
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
import java.util.regex.Pattern;
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
 * @param controllerQuorum      the static controller quorum ({@code controller.quorum.voters}), which
 *                              lists this node exactly when it has the controller role
 * @param logDirs               Kafka's {@code log.dirs}; the first also holds the metadata log; default
 *                              {@code kafka-logs}
 * @param heapMb                JVM heap in MB ({@code -Xms} and {@code -Xmx}); default 1024
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
 */
public record LaunchSpec(int nodeId, Set<Role> roles, String clusterId, String bindHost, String advertisedHost,
                         OptionalInt brokerPort, OptionalInt controllerPort, List<QuorumVoter> controllerQuorum,
                         List<String> logDirs, int heapMb, List<String> jvmOptions, String distribution,
                         SortedMap<String, String> overrides, Set<String> allowedOwnedOverrides) {

    /** The wire format version {@link #toBytes()} writes and the newest {@link #fromBytes} accepts. */
    public static final int FORMAT_VERSION = 1;

    /** The JVM options of Kafka's own start script ({@code KAFKA_JVM_PERFORMANCE_OPTS}). */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");

    /** The name of the listener clients and brokers use. */
    public static final String BROKER_LISTENER = "BROKER";
    /** The name of the controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Owned key -> the part of the spec that sets it, for messages. */
    private static final Map<String, String> OWNED = owned();

    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z0-9._-]+");

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
        if (!CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("cluster id '" + clusterId + "' is not a Kafka cluster id: 22 characters of"
                    + " URL-safe base64 are accepted, as LaunchSpec.randomClusterId() or kafka-storage random-uuid make");
        }
        requireHost("bind host", bindHost);
        requireHost("advertised host", advertisedHost);
        requireRolePort(nodeId, roles.contains(Role.BROKER), "broker", brokerPort);
        requireRolePort(nodeId, roles.contains(Role.CONTROLLER), "controller", controllerPort);
        if (brokerPort.isPresent() && controllerPort.isPresent() && brokerPort.getAsInt() == controllerPort.getAsInt()) {
            throw new IllegalArgumentException("broker and controller ports of node " + nodeId + " are both "
                    + brokerPort.getAsInt() + ": each listener needs its own port");
        }
        controllerQuorum = List.copyOf(controllerQuorum);
        requireQuorum(nodeId, roles, controllerPort, controllerQuorum);
        logDirs = List.copyOf(logDirs);
        requireLogDirs(logDirs);
        if (heapMb < 1) {
            throw new IllegalArgumentException("heap must be >= 1 MB, got " + heapMb);
        }
        jvmOptions = List.copyOf(jvmOptions);
        requireJvmOptions(jvmOptions);
        requireDistribution(distribution);
        allowedOwnedOverrides = Collections.unmodifiableSet(new TreeSet<>(allowedOwnedOverrides));
        for (String key : allowedOwnedOverrides) {
            if (!OWNED.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' in allowedOwnedOverrides is not a key the launch spec"
                        + " sets, so overriding it needs no permission; owned keys are " + ownedKeys());
            }
        }
        overrides = Collections.unmodifiableSortedMap(new TreeMap<>(overrides));
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            requireOverride(e.getKey(), e.getValue(), allowedOwnedOverrides);
        }
    }

    /** The {@code server.properties} keys the executor sets from the spec, in key order. */
    public static Set<String> ownedKeys() {
        return Collections.unmodifiableSet(new TreeSet<>(OWNED.keySet()));
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

        /** Adds voters of the static controller quorum. */
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
                    dirs, heapMb, jvmOptions, distribution, new TreeMap<>(overrides), allowed);
        }
    }

    // ---- validation helpers, shared with the other value types of the package ----

    static void requireNonBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    static void requireHost(String what, String host) {
        requireNonBlank(what, host);
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(what + " '" + host + "' is not a host name or address: letters, digits,"
                    + " '.', '-', '_', and ':', '[', ']' for IPv6 are accepted");
        }
    }

    static void requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1..65535, got " + port);
        }
    }

    private static void requireRolePort(int nodeId, boolean hasRole, String role, OptionalInt port) {
        Objects.requireNonNull(port, role + "Port");
        if (hasRole && port.isEmpty()) {
            throw new IllegalArgumentException("node " + nodeId + " has the " + role + " role but no " + role + " port");
        }
        if (!hasRole && port.isPresent()) {
            throw new IllegalArgumentException("node " + nodeId + " has a " + role + " port (" + port.getAsInt()
                    + ") but not the " + role + " role");
        }
        port.ifPresent(p -> requirePort(role + " port of node " + nodeId, p));
    }

    private static void requireQuorum(int nodeId, Set<Role> roles, OptionalInt controllerPort, List<QuorumVoter> quorum) {
        if (quorum.isEmpty()) {
            throw new IllegalArgumentException("controller quorum of node " + nodeId + " is empty: every node needs the"
                    + " voters (nodeId@host:port) to find the controllers");
        }
        Set<Integer> ids = new HashSet<>();
        QuorumVoter self = null;
        for (QuorumVoter v : quorum) {
            if (!ids.add(v.nodeId())) {
                throw new IllegalArgumentException("controller quorum " + quorum + " lists node " + v.nodeId() + " twice");
            }
            if (v.nodeId() == nodeId) {
                self = v;
            }
        }
        boolean controller = roles.contains(Role.CONTROLLER);
        if (controller && self == null) {
            throw new IllegalArgumentException("node " + nodeId + " has the controller role but is not a voter of the"
                    + " controller quorum " + quorum);
        }
        if (!controller && self != null) {
            throw new IllegalArgumentException("node " + nodeId + " is a voter of the controller quorum " + quorum
                    + " but has no controller role");
        }
        if (self != null && self.port() != controllerPort.getAsInt()) {
            throw new IllegalArgumentException("node " + nodeId + " is voter " + self + " but its controller port is "
                    + controllerPort.getAsInt() + ": the two must match");
        }
    }

    private static void requireLogDirs(List<String> logDirs) {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("at least one log dir is required");
        }
        Set<String> seen = new HashSet<>();
        for (String dir : logDirs) {
            requireNonBlank("log dir", dir);
            if (dir.indexOf(',') >= 0 || dir.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("log dir '" + dir + "' contains a comma or a control character;"
                        + " Kafka's log.dirs is a comma-separated list");
            }
            if (!seen.add(dir)) {
                throw new IllegalArgumentException("log dir '" + dir + "' is given twice");
            }
        }
    }

    private static void requireJvmOptions(List<String> options) {
        for (String option : options) {
            requireNonBlank("JVM option", option);
            if (option.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("JVM option '" + option.replace('\0', '?') + "' contains a NUL character");
            }
            if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-XX:MaxHeapSize")
                    || option.startsWith("-XX:InitialHeapSize")) {
                throw new IllegalArgumentException("JVM option '" + option + "' sets the heap; set heapMb instead");
            }
        }
    }

    private static void requireDistribution(String distribution) {
        requireNonBlank("Kafka distribution", distribution);
        if (distribution.contains("://") && !distribution.startsWith("file:")) {
            throw new IllegalArgumentException("Kafka distribution '" + distribution + "' is a URI the executor cannot"
                    + " open: fetch the archive with the task's CommandInfo.URI (extract=true) and give the folder it"
                    + " unpacks into, relative to the sandbox (e.g. kafka_2.13-4.1.1), or an absolute path or file: URI");
        }
    }

    private static void requireOverride(String key, String value, Set<String> allowed) {
        Objects.requireNonNull(value, () -> "value of override '" + key + "'");
        if (!CONFIG_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("override key '" + key + "' is not a Kafka config name: letters, digits,"
                    + " '.', '_' and '-' are accepted");
        }
        String setBy = OWNED.get(key);
        if (setBy != null && !allowed.contains(key)) {
            throw new IllegalArgumentException("override of '" + key + "' refused: the executor sets it from the launch"
                    + " spec's " + setBy + ". Overrides may set any other key; the keys set from the spec are "
                    + ownedKeys() + ", and one of them may be overridden only when the spec names it in"
                    + " allowedOwnedOverrides");
        }
    }

    private static Map<String, String> owned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("node.id", "nodeId");
        owned.put("broker.id", "nodeId");
        owned.put("process.roles", "roles");
        owned.put("listeners", "bindHost and ports");
        owned.put("advertised.listeners", "advertisedHost and brokerPort");
        owned.put("listener.security.protocol.map", "listeners");
        owned.put("inter.broker.listener.name", "listeners");
        owned.put("controller.listener.names", "listeners");
        owned.put("controller.quorum.voters", "controllerQuorum");
        owned.put("controller.quorum.bootstrap.servers", "controllerQuorum");
        owned.put("log.dirs", "logDirs");
        owned.put("log.dir", "logDirs");
        owned.put("metadata.log.dir", "logDirs");
        return Collections.unmodifiableMap(owned);
    }
}
