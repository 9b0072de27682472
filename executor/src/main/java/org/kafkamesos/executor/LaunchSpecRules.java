package org.kafkamesos.executor;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The checks behind {@link LaunchSpec}'s compact constructor, each failing with a message that says what is accepted. */
final class LaunchSpecRules {

    /** Owned key -> the part of the spec that sets it, for messages. */
    private static final Map<String, String> OWNED = owned();

    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z0-9._-]+");

    private LaunchSpecRules() {
    }

    static Set<String> ownedKeys() {
        return Collections.unmodifiableSet(new TreeSet<>(OWNED.keySet()));
    }

    static boolean isOwned(String key) {
        return OWNED.containsKey(key);
    }

    static boolean isClusterId(String clusterId) {
        return CLUSTER_ID.matcher(clusterId).matches();
    }

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

    static void requireRolePort(int nodeId, boolean hasRole, String role, OptionalInt port) {
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

    static void requireQuorum(int nodeId, Set<Role> roles, OptionalInt controllerPort, List<QuorumVoter> quorum, boolean dynamic) {
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
        if (controller && self == null && !dynamic) {
            // in a dynamic quorum such a controller joins: it starts as an observer, and becomes a voter once added
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
        boolean forming = quorum.get(0).directoryId().isPresent();
        for (QuorumVoter v : quorum) {
            if (dynamic && v.directoryId().isPresent() != forming) {
                throw new IllegalArgumentException("the voters of the dynamic quorum of node " + nodeId + " " + quorum + " carry a"
                        + " directory id for some voters only: every voter has one while the quorum forms, and none once it has"
                        + " formed, when the nodes find the voters through the bootstrap servers");
            }
            if (!dynamic && v.directoryId().isPresent()) {
                throw new IllegalArgumentException("voter " + v + " of the static quorum of node " + nodeId + " has a directory"
                        + " id: a static quorum (controller.quorum.voters) has none");
            }
        }
    }

    static void requireLogDirs(List<String> logDirs) {
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

    static void requireJvmOptions(List<String> options) {
        for (String option : options) {
            requireNonBlank("JVM option", option);
            if (option.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("JVM option '" + option.replace('\0', '?') + "' contains a NUL character");
            }
            if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-XX:MaxHeapSize")
                    || option.startsWith("-XX:InitialHeapSize")) {
                throw new IllegalArgumentException("JVM option '" + option + "' sets the heap, which kafka-mesos sets from the heap of the spec (heapMb; --heap and heap in the CLI and HTTP API): set that instead");
            }
        }
    }

    static void requireDistribution(String distribution) {
        requireNonBlank("Kafka distribution", distribution);
        if (distribution.contains("://") && !distribution.startsWith("file:")) {
            throw new IllegalArgumentException("Kafka distribution '" + distribution + "' is a URI the executor cannot"
                    + " open: fetch the archive with the task's CommandInfo.URI (extract=true) and give the folder it"
                    + " unpacks into, relative to the sandbox (e.g. kafka_2.13-4.1.1), or an absolute path or file: URI");
        }
    }

    static void requireOverride(String key, String value, Set<String> allowed) {
        Objects.requireNonNull(value, () -> "value of override '" + key + "'");
        if (!CONFIG_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("override key '" + key + "' is not a Kafka config name: letters, digits,"
                    + " '.', '_' and '-' are accepted");
        }
        String setBy = OWNED.get(key);
        if (setBy != null && !allowed.contains(key)) {
            throw new IllegalArgumentException("override of '" + key + "' refused: kafka-mesos sets it itself (from the"
                    + " launch spec's " + setBy + "). Overrides may set any other key; the keys it sets are " + ownedKeys()
                    + (allowed.isEmpty() ? "" : ", and one of them may be overridden only when the spec names it in"
                    + " allowedOwnedOverrides"));
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
