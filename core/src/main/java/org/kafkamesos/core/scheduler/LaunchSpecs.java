package org.kafkamesos.core.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.QuorumVoter;
import org.kafkamesos.executor.Role;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.Volume;

/** Builds what the executor of a broker runs, from the broker, its placement and the cluster. */
final class LaunchSpecs {

    /** Where a broker's data lives in its sandbox, or on its persistent volume. */
    static final String DATA_DIR = "kafka-logs";
    /** The agent attribute that becomes the broker's {@code broker.rack}, for Kafka's rack-aware replica placement. */
    static final String RACK_ATTRIBUTE = "rack";

    private LaunchSpecs() {
    }

    /**
     * Where a controller listens: its host (checked when a launch spec names it) and the port it keeps; in a dynamic
     * quorum also the directory id it keeps.
     */
    record Controller(int id, String host, int port, Optional<String> directoryId) {
    }

    /**
     * @param attributes      the agent's attributes; its {@value #RACK_ATTRIBUTE} becomes {@code broker.rack}, unless the
     *                        broker's options set that
     * @param controllers     the host and port of every controller, this broker's included when it is one
     * @param volume          the persistent volume the broker's data lives on, if any: its {@value #DATA_DIR} folder
     *                        there holds {@code log.dirs} (and a controller's metadata log)
     */
    static LaunchSpec of(Broker broker, Assignment assignment, Optional<Volume> volume, Map<String, String> attributes,
                         ClusterSpec cluster, OrchestratorSettings settings, List<Controller> controllers) {
        boolean controller = cluster.isController(broker.id());
        boolean dedicated = controller && !broker.spec().role().servesAsBroker();
        LaunchSpec.Builder b = LaunchSpec.builder(broker.id(), cluster.clusterId())
                .roles(dedicated ? new Role[] {Role.CONTROLLER}
                        : controller ? new Role[] {Role.BROKER, Role.CONTROLLER} : new Role[] {Role.BROKER})
                .advertisedHost(assignment.hostname());
        if (!dedicated) {
            b.brokerPort(assignment.ports().get(0));
        }
        b.heapMb(Math.toIntExact(broker.spec().heapMb()))
                .distribution(cluster.distribution())
                .logDir(volume.map(v -> v.containerPath() + "/" + DATA_DIR).orElse(DATA_DIR));
        String rack = attributes.get(RACK_ATTRIBUTE);
        if (rack != null && !rack.isBlank()) {
            b.override("broker.rack", rack);
        }
        b.overrides(broker.spec().options());
        if (settings.bindToAgentHost()) {
            b.bindHost(assignment.hostname());
        }
        if (controller) {
            b.controllerPort(broker.controllerPort().orElseThrow(() -> new IllegalStateException("controller " + broker.id()
                    + " has no controller port")));
        }
        List<QuorumVoter> voters = new ArrayList<>();
        controllers.forEach(c -> voters.add(new QuorumVoter(c.id(), c.host(), c.port(), c.directoryId())));
        b.voters(voters).dynamicQuorum(cluster.dynamicQuorum());
        if (!broker.spec().jvmOptions().isEmpty()) {
            b.jvmOptions(broker.spec().jvmOptions());
        }
        return b.build();
    }
}
