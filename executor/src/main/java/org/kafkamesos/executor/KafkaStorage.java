package org.kafkamesos.executor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Formats a node's KRaft storage with its cluster id, once per log dir, with Kafka's own tool
 * ({@code kafka-storage format}, run as a process from the distribution).
 *
 * <p>Idempotent: log dirs whose {@code meta.properties} already names this cluster and node are left as they
 * are, and when all are, no tool runs at all. A log dir of another cluster or node is an error before any
 * process starts; it is never reformatted, since that would throw its data away.
 */
final class KafkaStorage {

    static final String META_PROPERTIES = "meta.properties";
    /** Short-lived tool JVM: C1 only and the serial collector start faster. */
    private static final List<String> TOOL_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Djava.awt.headless=true");
    private static final int TOOL_HEAP_MB = 256;

    /** What {@link #format} did. */
    enum Outcome {
        /** Every log dir was formatted already; no tool ran. */
        ALREADY_FORMATTED,
        /** The tool formatted the log dirs that were not. */
        FORMATTED
    }

    private KafkaStorage() {
    }

    /**
     * The directory id that {@code kafka-storage format} wrote into the {@code meta.properties} of {@code logDir}
     * ({@code directory.id}), if any: for the first log dir, which holds the metadata log, the id the quorum knows this
     * node's storage by.
     */
    static java.util.Optional<String> directoryId(Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.exists(meta)) {
            return java.util.Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(p.getProperty("directory.id")).map(String::strip).filter(id -> !id.isEmpty());
    }

    /**
     * Checks every log dir's {@code meta.properties} against the spec.
     *
     * @return the log dirs that still need formatting
     * @throws LaunchFailure when a log dir belongs to another cluster or node, or cannot be read
     */
    static List<Path> unformatted(LaunchSpec spec, List<Path> logDirs) {
        List<Path> unformatted = new ArrayList<>();
        for (Path dir : logDirs) {
            Path meta = dir.resolve(META_PROPERTIES);
            if (!Files.exists(meta)) {
                unformatted.add(dir);
                continue;
            }
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                p.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new LaunchFailure("cannot read " + meta + ": " + e.getMessage(), e);
            }
            String clusterId = p.getProperty("cluster.id");
            if (!spec.clusterId().equals(clusterId)) {
                throw new LaunchFailure("log dir " + dir + " belongs to another cluster: its meta.properties has cluster.id "
                        + clusterId + ", this node is in cluster " + spec.clusterId() + ". The executor never reformats a"
                        + " log dir that holds data; give the node another log dir, or empty this one if its data is no"
                        + " longer needed");
            }
            String nodeId = p.getProperty("node.id");
            if (nodeId != null && !nodeId.equals(Integer.toString(spec.nodeId()))) {
                throw new LaunchFailure("log dir " + dir + " belongs to node " + nodeId + " of cluster " + clusterId
                        + ", not to node " + spec.nodeId() + "; the executor never reformats a log dir that holds data");
            }
        }
        return unformatted;
    }

    /**
     * Formats the log dirs that need it, running {@code kafka.tools.StorageTool format} with the node's
     * rendered {@code server.properties}; {@code onStart} receives the tool's process so that a kill can stop it.
     *
     * @throws LaunchFailure when a log dir belongs to another cluster or node, or the tool fails or times out
     */
    static Outcome format(LaunchSpec spec, List<Path> logDirs, Path serverProperties, KafkaDistribution dist, Path java,
                          Path sandbox, Duration timeout, long outputCapBytes, Consumer<KafkaProcess> onStart) {
        List<Path> todo = unformatted(spec, logDirs);
        if (todo.isEmpty()) {
            return Outcome.ALREADY_FORMATTED;
        }
        for (Path dir : todo) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new LaunchFailure("cannot create log dir " + dir + ": " + e.getMessage(), e);
            }
        }
        List<String> args = formatArguments(spec, serverProperties);
        Path out = sandbox.resolve("kafka-storage.stdout");
        Path err = sandbox.resolve("kafka-storage.stderr");
        KafkaProcess tool = KafkaProcess.start("kafka-storage-format-node-" + spec.nodeId(),
                dist.command(java, TOOL_HEAP_MB, TOOL_JVM_OPTIONS, sandbox, KafkaDistribution.STORAGE_TOOL_MAIN, args),
                sandbox, out, err, outputCapBytes);
        onStart.accept(tool);
        int code;
        try {
            code = tool.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            tool.stop(Duration.ZERO);
            throw new LaunchFailure("kafka-storage format did not finish within " + timeout.toSeconds() + " s"
                    + tails(out, err));
        } catch (InterruptedException e) {
            tool.stop(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new LaunchFailure("interrupted while formatting storage");
        } catch (ExecutionException e) {
            throw new LaunchFailure("kafka-storage format failed: " + e.getCause(), e.getCause());
        }
        if (code != 0) {
            throw new LaunchFailure("kafka-storage format failed with exit status " + KafkaProcess.describeExit(code)
                    + tails(out, err));
        }
        List<Path> stillUnformatted = unformatted(spec, logDirs);
        if (!stillUnformatted.isEmpty()) {
            throw new LaunchFailure("kafka-storage format exited with status 0 but left " + stillUnformatted
                    + " without meta.properties" + tails(out, err));
        }
        return Outcome.FORMATTED;
    }

    /**
     * The arguments of {@code kafka-storage format}. A controller of a dynamic quorum that is forming (the voters carry
     * their directory ids, and name this node) formats with {@code --initial-controllers}, every voter with its directory
     * id, and takes its own directory id from there; any other controller of a dynamic quorum (one the voters do not name,
     * or one of a quorum that has formed, whose voters carry no directory id) joins, with {@code --no-initial-controllers}
     * and a directory id of its own, as an observer until it is added as a voter (Kafka's KRaft operations docs,
     * "Provisioning Nodes"). Storage already formatted is kept either way. Brokers and the nodes of a static quorum need no
     * quorum argument.
     */
    static List<String> formatArguments(LaunchSpec spec, Path serverProperties) {
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", spec.clusterId(), "--config", serverProperties.toString(),
                "--ignore-formatted"));
        if (spec.dynamicQuorum() && spec.has(Role.CONTROLLER)) {
            if (spec.controllerQuorum().stream().anyMatch(v -> v.nodeId() == spec.nodeId() && v.directoryId().isPresent())) {
                args.add("--initial-controllers");
                args.add(spec.controllerQuorum().stream().map(QuorumVoter::initialController)
                        .collect(java.util.stream.Collectors.joining(",")));
            } else {
                args.add("--no-initial-controllers");
            }
        }
        return args;
    }

    private static String tails(Path out, Path err) {
        StringBuilder s = new StringBuilder();
        String stdout = LogTail.of(out, 20, LogTail.MAX_BYTES);
        String stderr = LogTail.of(err, 20, LogTail.MAX_BYTES);
        if (!stdout.isEmpty()) {
            s.append("\n--- last lines of kafka-storage stdout ---\n").append(stdout);
        }
        if (!stderr.isEmpty()) {
            s.append("\n--- last lines of kafka-storage stderr ---\n").append(stderr);
        }
        return s.toString();
    }
}
