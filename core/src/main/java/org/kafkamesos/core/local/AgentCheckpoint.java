package org.kafkamesos.core.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;

/**
 * An agent's checkpointed resources: its reservations and persistent volumes, kept in its work folder where a
 * Mesos agent keeps them ({@code meta/resources/resources_and_operations.state}), so that they outlive the agent
 * process: a local cluster started again on the same work folder recovers them, as a restarted agent does. Written
 * whole after every change (a temporary file, flushed to disk, renamed over the old one), as length-delimited
 * {@code Resource} messages.
 */
final class AgentCheckpoint {

    private final Path file;

    AgentCheckpoint(Path agentDir) {
        this.file = agentDir.resolve("meta").resolve("resources").resolve("resources_and_operations.state");
    }

    /**
     * The checkpointed resources, none if the agent never checkpointed.
     *
     * @throws LocalClusterException if the file cannot be read or is not a checkpoint
     */
    List<Protos.Resource> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Protos.Resource> resources = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Protos.Resource r;
            while ((r = Protos.Resource.parseDelimitedFrom(in)) != null) {
                resources.add(r);
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot read the agent checkpoint " + file + ": " + e.getMessage(), e);
        }
        return resources;
    }

    /** Replaces the checkpoint with {@code resources}. */
    void write(List<Protos.Resource> resources) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (Protos.Resource r : resources) {
                r.writeDelimitedTo(bytes);
            }
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LocalClusterException("cannot write the agent checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
