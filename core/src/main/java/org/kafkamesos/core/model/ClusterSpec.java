package org.kafkamesos.core.model;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.kafkamesos.executor.LaunchSpec;

/**
 * The Kafka cluster as a whole.
 *
 * @param name         the cluster's name, which prefixes its task ids; letters, digits, '-' and '_'
 * @param mode         how the nodes find their controllers: KRaft with a dynamic quorum for a cluster created now, with a
 *                     static one for a cluster stored before dynamic quorums
 * @param controllers   how many brokers are also controllers; odd, {@code >= 1}; default 3
 * @param clusterId     the KRaft cluster id, generated once ({@link LaunchSpec#randomClusterId()}) and stored
 * @param distribution  where executors find the Kafka distribution (a folder or a URI the Mesos fetcher unpacks)
 * @param controllerIds the brokers that are the controllers, in id order: chosen once, the first {@code controllers}
 *                      brokers started (by id, when several start at once), then fixed, as a static quorum is; any ids
 *                      will do. Empty until brokers are started
 * @param quorumFormed  whether a dynamic quorum has formed: set once a controller first runs. Until then every controller
 *                      formats its storage as one of the initial voters, each named with the directory id chosen for it;
 *                      from then on a controller with new storage (replaced, added, or its data lost) joins the quorum as
 *                      an observer and is added as a voter once it has caught up
 */
public record ClusterSpec(String name, KafkaMode mode, int controllers, String clusterId, String distribution,
                          List<Integer> controllerIds, boolean quorumFormed) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Kafka's metadata modes. */
    public enum KafkaMode {
        /** KRaft with a static quorum ({@code controller.quorum.voters}, {@code kraft.version} 0). */
        KRAFT,
        /**
         * KRaft with a dynamic quorum (KIP-853, {@code kraft.version} 1): the nodes find it through
         * {@code controller.quorum.bootstrap.servers}, and its voters are known by node id and directory id.
         */
        KRAFT_DYNAMIC
    }

    public ClusterSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name must be 1-64 letters, digits, '-' or '_', got " + name);
        }
        Objects.requireNonNull(mode, "mode");
        if (controllers < 1 || controllers % 2 == 0) {
            throw new IllegalArgumentException("controllers must be an odd number >= 1 (a quorum needs a majority), got " + controllers);
        }
        if (clusterId == null || clusterId.length() != 22) {
            throw new IllegalArgumentException("cluster id must be 22 characters of URL-safe base64, got " + clusterId);
        }
        if (distribution == null || distribution.isBlank()) {
            throw new IllegalArgumentException("the Kafka distribution location must be given");
        }
        controllerIds = List.copyOf(new TreeSet<>(Objects.requireNonNull(controllerIds, "controllerIds")));
        if (controllerIds.size() > controllers || controllerIds.stream().anyMatch(id -> id < 0)) {
            throw new IllegalArgumentException("controller ids must be at most " + controllers + " broker ids >= 0, got "
                    + controllerIds);
        }
    }

    /** A cluster whose controllers are not chosen yet. */
    public ClusterSpec(String name, KafkaMode mode, int controllers, String clusterId, String distribution) {
        this(name, mode, controllers, clusterId, distribution, List.of());
    }

    /** A cluster whose quorum has not formed yet. */
    public ClusterSpec(String name, KafkaMode mode, int controllers, String clusterId, String distribution,
                       List<Integer> controllerIds) {
        this(name, mode, controllers, clusterId, distribution, controllerIds, false);
    }

    /** Whether every controller is chosen. */
    public boolean quorumChosen() {
        return controllerIds.size() == controllers;
    }

    /** The same cluster with {@code ids} as its controllers. */
    public ClusterSpec withControllerIds(Collection<Integer> ids) {
        return new ClusterSpec(name, mode, controllers, clusterId, distribution, List.copyOf(ids), quorumFormed);
    }

    /**
     * The same cluster with {@code count} controllers: growing keeps the chosen ones (the next brokers started are
     * chosen), shrinking keeps the {@code count} lowest ids.
     *
     * @throws IllegalArgumentException if {@code count} is not an odd number {@code >= 1}
     */
    public ClusterSpec withControllers(int count) {
        List<Integer> kept = controllerIds.size() > count ? controllerIds.subList(0, Math.max(0, count)) : controllerIds;
        return new ClusterSpec(name, mode, count, clusterId, distribution, kept, quorumFormed);
    }

    /** The same cluster with its dynamic quorum formed: controllers with new storage join it from now on. */
    public ClusterSpec withQuorumFormed() {
        return new ClusterSpec(name, mode, controllers, clusterId, distribution, controllerIds, true);
    }

    /** Whether a controller with new storage joins a quorum that has formed, rather than forming it. */
    public boolean controllersJoin() {
        return dynamicQuorum() && quorumFormed;
    }

    /** The controllers as text, such as {@code 0, 1, 2}, or what is missing while they are being chosen. */
    public String describeControllers() {
        String chosen = controllerIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        return quorumChosen() ? chosen : (chosen.isEmpty() ? "none chosen yet" : chosen) + " (" + (controllers - controllerIds.size())
                + " more: the next brokers started)";
    }

    /** A new KRaft cluster with a dynamic quorum and a freshly generated cluster id. */
    public static ClusterSpec create(String name, int controllers, String distribution) {
        return new ClusterSpec(name, KafkaMode.KRAFT_DYNAMIC, controllers, LaunchSpec.randomClusterId(), distribution);
    }

    /** Whether its quorum is dynamic (KIP-853). */
    public boolean dynamicQuorum() {
        return mode == KafkaMode.KRAFT_DYNAMIC;
    }

    /** Whether broker {@code id} is also a controller: one of {@link #controllerIds()}. */
    public boolean isController(int id) {
        return controllerIds.contains(id);
    }
}
