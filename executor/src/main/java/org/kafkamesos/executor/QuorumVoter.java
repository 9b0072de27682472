package org.kafkamesos.executor;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;

/**
 * One voter of a KRaft controller quorum: {@code id@host:port} as in a static quorum's
 * {@code controller.quorum.voters}, and in a dynamic quorum (KIP-853) also the directory id of its metadata log dir,
 * {@code id@host:port:directoryId} as {@code kafka-storage format --initial-controllers} takes it.
 *
 * @param nodeId      the controller's node id, {@code >= 0}
 * @param host        the host the controller listener is reached on
 * @param port        the controller listener's port, 1..65535
 * @param directoryId the directory id of its metadata log dir, a Kafka {@code Uuid} (22 characters of URL-safe base64,
 *                    none of Kafka's reserved ones); empty in a static quorum
 */
public record QuorumVoter(int nodeId, String host, int port, Optional<String> directoryId) {

    public QuorumVoter {
        if (nodeId < 0) {
            throw new IllegalArgumentException("quorum voter node id must be >= 0, got " + nodeId);
        }
        LaunchSpecRules.requireHost("host of quorum voter " + nodeId, host);
        LaunchSpecRules.requirePort("port of quorum voter " + nodeId, port);
        Objects.requireNonNull(directoryId, "directoryId");
        directoryId.ifPresent(id -> requireDirectoryId("directory id of quorum voter " + nodeId, id));
    }

    /** A voter of a static quorum. */
    public QuorumVoter(int nodeId, String host, int port) {
        this(nodeId, host, port, Optional.empty());
    }

    /** This voter as {@code controller.quorum.voters} lists it: {@code id@host:port}. */
    @Override
    public String toString() {
        return nodeId + "@" + host + ":" + port;
    }

    /** This voter as {@code --initial-controllers} lists it: {@code id@host:port:directoryId}. */
    public String initialController() {
        return this + ":" + directoryId.orElseThrow(() -> new IllegalStateException("voter " + this + " has no directory id"));
    }

    /**
     * A new directory id from {@code uuids}, drawn again while it gives one Kafka reserves or one that starts with
     * {@code -} (which a command line would take for an option), as Kafka's own {@code Uuid.randomUuid()} does.
     */
    public static String newDirectoryId(Supplier<UUID> uuids) {
        while (true) {
            UUID u = uuids.get();
            Uuid id = new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
            if (!Uuid.RESERVED.contains(id) && !id.toString().startsWith("-")) {
                return id.toString();
            }
        }
    }

    static void requireDirectoryId(String what, String text) {
        Uuid id;
        try {
            id = text.length() == 22 ? Uuid.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null || Uuid.RESERVED.contains(id) || text.startsWith("-")) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a directory id: 22 characters of URL-safe base64"
                    + " (a Kafka Uuid), not one Kafka reserves, not starting with '-', as QuorumVoter.newDirectoryId makes");
        }
    }
}
