package org.kafkamesos.core.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent as the master knows it: its resources (reserved ones and persistent volumes included, as operations left
 * them), the {@code SlaveInfo} its executors are told, and whether the master can reach it. Its reservations and
 * volumes are checkpointed in its work folder ({@link AgentCheckpoint}) and recovered when a cluster starts on the
 * same folder; a volume's data lives in {@code <agent>/volumes/roles/<role>/<persistence id>}, outside every sandbox,
 * as on a Mesos agent ({@code src/slave/paths.cpp}, a {@code /} in a role becoming a space). Mutable; touched only
 * under the master's lock ({@link MasterState}).
 */
final class AgentSlot {

    private static final Logger log = LoggerFactory.getLogger(AgentSlot.class);
    private static final int AGENT_PORT = 5051;

    final LocalAgent agent;
    final Protos.SlaveInfo info;
    /** False while the agent is cut off ({@link LocalMesosCluster#loseAgent}). */
    boolean reachable = true;
    private final Path dir;
    private final AgentCheckpoint checkpoint;
    /** Everything the agent has: what it was given, with reservations and volumes in place of the resources they took. */
    private AgentResources total;

    /**
     * @param dir the agent's work folder
     * @throws LocalClusterException if its checkpoint cannot be read, or names more than the agent has
     */
    AgentSlot(LocalAgent agent, Path dir) {
        this.agent = agent;
        this.dir = dir;
        this.checkpoint = new AgentCheckpoint(dir);
        AgentResources given = AgentResources.of(agent);
        Protos.SlaveInfo.Builder info = Protos.SlaveInfo.newBuilder()
                .setId(Protos.SlaveID.newBuilder().setValue(agent.agentId()))
                .setHostname(agent.hostname())
                .setPort(AGENT_PORT)
                .addAllResources(given.toProtos("*"));
        agent.attributes().forEach((name, value) -> info.addAttributes(Protos.Attribute.newBuilder().setName(name)
                .setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(value))));
        this.info = info.build();
        this.total = recovered(given);
    }

    /** The agent's resources with its checkpointed reservations and volumes in place. */
    private AgentResources recovered(AgentResources given) {
        List<Protos.Resource> checkpointed = checkpoint.read();
        if (checkpointed.isEmpty()) {
            return given;
        }
        AgentResources reserved = AgentResources.of(checkpointed);
        AgentResources underlying = AgentResources.of(checkpointed.stream()
                .map(r -> r.toBuilder().clearReservations().clearDisk().build()).toList());
        if (!given.contains(underlying)) {
            throw new LocalClusterException("agent " + agent.agentId() + " has checkpointed reservations and volumes "
                    + reserved + " that its resources " + given + " do not hold; give it its former resources, or remove "
                    + dir.resolve("meta") + " to start it afresh", null);
        }
        reserved.volumes().forEach((id, volume) -> {
            Path path = volumePath(volume);
            if (!Files.isDirectory(path)) {
                log.warn("agent {}: the data of volume {} ({}) is gone; the volume is recovered empty", agent.agentId(), id, path);
                createFolder(path);
            }
        });
        log.info("agent {} recovered its reservations and volumes: {}", agent.agentId(), reserved);
        return given.minus(underlying).plus(reserved);
    }

    AgentResources total() {
        return total;
    }

    /**
     * Replaces {@code outcome.consumed()} with {@code outcome.converted()}, checkpoints, and makes the folder of each
     * new volume and deletes the data of each volume destroyed.
     */
    void apply(OfferOperations.Outcome outcome) {
        AgentResources before = total;
        total = total.minus(outcome.consumed()).plus(outcome.converted());
        checkpoint.write(total.reserved().toProtos());
        outcome.converted().volumes().values().forEach(v -> createFolder(volumePath(v)));
        outcome.consumed().volumes().forEach((id, v) -> {
            if (!total.volumes().containsKey(id) && before.volumes().containsKey(id)) {
                deleteFolder(volumePath(v));
            }
        });
    }

    /** Where the data of {@code volume} lives. */
    Path volumePath(Protos.Resource volume) {
        return dir.resolve("volumes").resolve("roles").resolve(AgentResources.role(volume).replace('/', ' '))
                .resolve(volume.getDisk().getPersistence().getId());
    }

    private static void createFolder(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new LocalClusterException("cannot create the volume folder " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteFolder(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("the data of a destroyed volume could not be deleted from {}: {}", path, e.getMessage());
        }
    }
}
