package org.kafkamesos.executor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;

/**
 * Asks a node, over its own listeners, whether it serves: a broker is ready when the cluster metadata lists
 * it (registered and unfenced: {@code describeCluster} leaves fenced brokers out), a controller when the
 * quorum has a leader and that leader counts the node as a caught-up voter ({@code describeMetadataQuorum}
 * through {@code bootstrap.controllers}). A combined node must be both. In a dynamic quorum the node is known by its
 * node id and the directory id of its metadata log dir, and a controller that has joined as an observer and caught
 * up is ready too: it serves, and the scheduler makes it a voter (a voter of the same node id with another
 * directory id is the node's old storage, not this one).
 *
 * <p>Until a listener accepts TCP connections only a cheap connect is tried, so that the Admin clients
 * do not retry (and log) against a port nobody listens on yet.
 */
final class Readiness implements AutoCloseable {

    /** The result of one check: ready, or not yet and why. */
    record Check(boolean ready, String detail) {
        static Check notYet(String detail) {
            return new Check(false, detail);
        }
    }

    private final LaunchSpec spec;
    private final java.util.Optional<String> directoryId;
    private final Duration requestTimeout;
    private Admin brokerAdmin;
    private Admin controllerAdmin;

    /**
     * @param directoryId the directory id of the node's metadata log dir, as its {@code meta.properties} has it, if any
     */
    Readiness(LaunchSpec spec, java.util.Optional<String> directoryId, Duration requestTimeout) {
        this.spec = spec;
        this.directoryId = directoryId;
        this.requestTimeout = requestTimeout;
    }

    Check check() {
        if (spec.has(Role.CONTROLLER)) {
            Check controller = checkController();
            if (!controller.ready()) {
                return controller;
            }
        }
        if (spec.has(Role.BROKER)) {
            return checkBroker();
        }
        return new Check(true, "controller " + spec.nodeId() + " is a caught-up voter of the quorum");
    }

    private Check checkBroker() {
        int port = spec.brokerPort().getAsInt();
        if (brokerAdmin == null) {
            if (!accepts(port)) {
                return Check.notYet("broker listener " + spec.advertisedHost() + ":" + port + " does not accept connections yet");
            }
            brokerAdmin = admin(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, port, "broker");
        }
        try {
            Collection<Node> nodes = brokerAdmin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()))
                    .nodes().get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            if (nodes.stream().anyMatch(n -> n.id() == spec.nodeId())) {
                return new Check(true, "broker " + spec.nodeId() + " is registered and unfenced");
            }
            return Check.notYet("broker " + spec.nodeId() + " is not registered and unfenced yet (unfenced brokers: "
                    + nodes.stream().map(Node::idString).sorted().collect(Collectors.joining(",", "[", "]")) + ")");
        } catch (ExecutionException e) {
            return Check.notYet("describeCluster on " + spec.advertisedHost() + ":" + port + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            return Check.notYet("describeCluster on " + spec.advertisedHost() + ":" + port + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.notYet("interrupted");
        }
    }

    private Check checkController() {
        int port = spec.controllerPort().getAsInt();
        if (controllerAdmin == null) {
            if (!accepts(port)) {
                return Check.notYet("controller listener " + spec.advertisedHost() + ":" + port + " does not accept connections yet");
            }
            controllerAdmin = admin(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, port, "controller");
        }
        try {
            QuorumInfo quorum = controllerAdmin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(timeoutMs()))
                    .quorumInfo().get(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            if (quorum.leaderId() < 0) {
                return Check.notYet("the controller quorum has no leader yet");
            }
            QuorumInfo.ReplicaState self = quorum.voters().stream().filter(this::isSelf).findFirst().orElse(null);
            if (self == null && spec.dynamicQuorum()) {
                QuorumInfo.ReplicaState observer = quorum.observers().stream().filter(this::isSelf).findFirst().orElse(null);
                if (observer != null && observer.lastCaughtUpTimestamp().isPresent()) {
                    return new Check(true, "controller " + spec.nodeId() + " is a caught-up observer of the quorum (leader "
                            + quorum.leaderId() + "), to be added as a voter");
                }
                if (observer != null) {
                    return Check.notYet("controller " + spec.nodeId() + " fetches as an observer and has not caught up with leader "
                            + quorum.leaderId() + " yet");
                }
            }
            if (self == null) {
                return Check.notYet("controller " + spec.nodeId() + " is not among the quorum's voters "
                        + quorum.voters().stream().map(v -> Integer.toString(v.replicaId())).collect(Collectors.joining(",", "[", "]")));
            }
            if (self.lastCaughtUpTimestamp().isEmpty()) {
                return Check.notYet("controller " + spec.nodeId() + " has not caught up with leader " + quorum.leaderId() + " yet");
            }
            return new Check(true, "controller " + spec.nodeId() + " is a caught-up voter (leader " + quorum.leaderId() + ")");
        } catch (ExecutionException e) {
            // an Admin client that met the node before it knew its metadata version keeps failing
            // ("Direct-to-controller communication is not supported"): the next check starts a new one
            discardControllerAdmin();
            return Check.notYet("describeMetadataQuorum on " + spec.advertisedHost() + ":" + port + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            discardControllerAdmin();
            return Check.notYet("describeMetadataQuorum on " + spec.advertisedHost() + ":" + port + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.notYet("interrupted");
        }
    }

    /** Whether {@code r} is this node: its id, and in a dynamic quorum its directory id once known. */
    private boolean isSelf(QuorumInfo.ReplicaState r) {
        return r.replicaId() == spec.nodeId() && (!spec.dynamicQuorum() || directoryId.isEmpty()
                || directoryId.get().equals(r.replicaDirectoryId().toString()));
    }

    private void discardControllerAdmin() {
        if (controllerAdmin != null) {
            controllerAdmin.close(Duration.ZERO);
            controllerAdmin = null;
        }
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.advertisedHost(), port), (int) Math.min(1000, requestTimeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int timeoutMs() {
        return (int) requestTimeout.toMillis();
    }

    private Admin admin(String bootstrapKey, int port, String kind) {
        Properties p = new Properties();
        p.put(bootstrapKey, spec.advertisedHost() + ":" + port);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-mesos-readiness-" + kind + "-" + spec.nodeId());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(p);
    }

    @Override
    public void close() {
        for (Admin admin : new Admin[] {brokerAdmin, controllerAdmin}) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }
}
