package org.kafkamesos.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kafkamesos.core.local.LocalMesosCluster;
import picocli.CommandLine.Option;

/** The options of the local Mesos cluster, shared by {@code scheduler} and {@code quickstart}. */
final class LocalOptions {

    /** The folder of the assembled Kafka distribution, next to the examples jar (or classes). */
    static final String DISTRIBUTION_FOLDER = "kafka-dist";

    @Option(names = "--local-agents", paramLabel = "N", defaultValue = "3",
            description = "Agents of the local Mesos cluster, on addresses 127.0.0.1..N (see --local-network); default ${DEFAULT-VALUE}.")
    int agents;

    @Option(names = "--local-network", paramLabel = "N", defaultValue = "0",
            description = "The agents' loopback network: agents on 127.N.0.1.., so that two local clusters on one machine keep "
                    + "apart; default ${DEFAULT-VALUE} (127.0.0.1..).")
    int network;

    @Option(names = "--local-ports", paramLabel = "FROM-TO", defaultValue = "9092-9100",
            description = "The ports each local agent offers; default ${DEFAULT-VALUE}. 31000-32000 is what a stock Mesos agent offers.")
    String ports;

    @Option(names = "--work-dir", paramLabel = "PATH", defaultValue = ".kafka-mesos",
            description = "Where the local cluster keeps its agents' sandboxes and the brokers' data; default ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--distribution", paramLabel = "PATH",
            description = "The Kafka distribution folder the executors run (libs/*.jar); default the one the build "
                    + "assembled next to this program's jar.")
    Path distribution;

    /**
     * Checks the options of the local cluster.
     *
     * @throws IllegalArgumentException naming the option that was wrong
     */
    void check() {
        if (agents < 1 || agents > 254) {
            throw new IllegalArgumentException("--local-agents: must be 1 or more, at most 254; got " + agents);
        }
        if (network < 0 || network > 255) {
            throw new IllegalArgumentException("--local-network: must be 0..255, got " + network);
        }
        portRange();
    }

    /** The {@code --local-ports} range: {@code [from, to]}. */
    int[] portRange() {
        Matcher m = PORTS.matcher(ports.strip());
        if (m.matches()) {
            int from = Integer.parseInt(m.group(1));
            int to = Integer.parseInt(m.group(2));
            if (from >= 1 && from <= to && to <= 65535 && to - from >= 1) {
                return new int[] {from, to};
            }
        }
        throw new IllegalArgumentException("--local-ports: a range FROM-TO of at least 2 ports within 1..65535, such as 31000-32000; got '"
                + ports + "'");
    }

    private static final Pattern PORTS = Pattern.compile("([0-9]{1,5})-([0-9]{1,5})");

    /** Starts the local cluster under {@code folder} of the work dir, its options {@linkplain #check() checked}. */
    LocalMesosCluster start(String folder) {
        return start(folder, builder -> builder);
    }

    /** The same, with {@code more} set on the cluster's builder (an HTTP master, say). */
    LocalMesosCluster start(String folder, java.util.function.UnaryOperator<LocalMesosCluster.Builder> more) {
        check();
        Path dir = workDir.resolve(folder).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work folder " + dir, e);
        }
        int[] range = portRange();
        return more.apply(LocalMesosCluster.builder(dir).agents(agents, network, range[0], range[1])).build();
    }

    /** The distribution: {@code --distribution}, or the build's, which must exist. */
    String distribution() {
        Path dist = distribution != null ? distribution : defaultDistribution();
        if (!Files.isDirectory(dist.resolve("libs"))) {
            throw new IllegalArgumentException("--distribution: no Kafka distribution at " + dist + " (a folder with libs/*.jar): build the "
                    + "project with 'mvn -pl examples -am package -DskipTests', which assembles one, or pass --distribution");
        }
        return dist.toAbsolutePath().toString();
    }

    /** {@value #DISTRIBUTION_FOLDER} next to the jar (or the classes folder) this class was loaded from. */
    static Path defaultDistribution() {
        try {
            Path location = Path.of(LocalOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve(DISTRIBUTION_FOLDER);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of(DISTRIBUTION_FOLDER);
        }
    }
}
