package org.kafkamesos.executor;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kafka distribution folder: {@code libs/*.jar} with the Kafka server jars and their dependencies, and
 * optionally a log4j2 configuration in {@code config/}. An unpacked Kafka release has this shape, and so has
 * the folder the build assembles ({@code executor/target/kafka-dist}).
 */
final class KafkaDistribution {

    /** The main class of a Kafka node. */
    static final String KAFKA_MAIN = "kafka.Kafka";
    /** The main class behind {@code kafka-storage.sh}. */
    static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";

    private final Path home;
    private final Optional<Path> log4jConfig;

    private KafkaDistribution(Path home, Optional<Path> log4jConfig) {
        this.home = home;
        this.log4jConfig = log4jConfig;
    }

    /**
     * Finds the distribution {@code location} names (a path, relative to {@code sandbox} or absolute, or a
     * {@code file:} URI) and checks that it holds Kafka's jars.
     *
     * @throws LaunchFailure naming the location and what was expected there
     */
    static KafkaDistribution locate(String location, Path sandbox) {
        Path home = resolve(location, sandbox);
        Path libs = home.resolve("libs");
        if (!Files.isDirectory(libs)) {
            throw new LaunchFailure("Kafka distribution not found: " + home + " has no libs/ folder. Expected a folder"
                    + " with libs/*.jar: an unpacked Kafka release (kafka_2.13-4.1.1) or the folder the build assembles"
                    + " (executor/target/kafka-dist)");
        }
        try (Stream<Path> jars = Files.list(libs)) {
            List<String> kafkaJars = jars.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("kafka_[0-9.]+-.*\\.jar") && !name.contains("-test") && !name.contains("-sources"))
                    .sorted()
                    .collect(Collectors.toList());
            if (kafkaJars.isEmpty()) {
                throw new LaunchFailure("Kafka distribution " + home + " has a libs/ folder but no kafka_<scala>-<version>.jar"
                        + " in it, so kafka.Kafka cannot start from it");
            }
            if (kafkaJars.size() > 1) {
                throw new LaunchFailure("Kafka distribution " + home + " holds more than one Kafka version in libs/ "
                        + kafkaJars + "; a node would start from a mix of both. Keep one version per folder");
            }
        } catch (IOException e) {
            throw new LaunchFailure("Kafka distribution " + home + " cannot be read: " + e.getMessage(), e);
        }
        Optional<Path> config = Stream.of("log4j2.xml", "log4j2.yaml", "log4j2.properties")
                .map(name -> home.resolve("config").resolve(name))
                .filter(Files::isRegularFile)
                .findFirst();
        return new KafkaDistribution(home, config);
    }

    private static Path resolve(String location, Path sandbox) {
        try {
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : sandbox.resolve(location);
            return path.toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new LaunchFailure("Kafka distribution '" + location + "' is not a valid path or file: URI: " + e.getMessage(), e);
        }
    }

    Path home() {
        return home;
    }

    /** The JVM option that names log4j2's configuration file. */
    static final String LOG4J_CONFIG = "-Dlog4j2.configurationFile=";

    /** The log4j2 configuration passed to Kafka, if the distribution has one and the JVM options name none. */
    Optional<Path> log4jConfig() {
        return log4jConfig;
    }

    /**
     * The argv of a JVM running {@code mainClass} from this distribution: no shell, each element one argument.
     * The classpath is {@code libs/*}, which the java launcher expands itself, and the folder in {@code logsDir} (the
     * sandbox) that holds {@link ExecutorWatch}, the JVM's main, which runs {@code mainClass} and ends the JVM when
     * its executor is gone. The distribution's log4j2 configuration is passed unless {@code jvmOptions} name one.
     */
    List<String> command(Path java, int heapMb, List<String> jvmOptions, Path logsDir, String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.add("-Xms" + heapMb + "m");
        argv.add("-Xmx" + heapMb + "m");
        argv.addAll(jvmOptions);
        argv.add("-Dkafka.logs.dir=" + logsDir);
        if (jvmOptions.stream().noneMatch(option -> option.startsWith(LOG4J_CONFIG))) { // the spec's configuration wins
            log4jConfig.ifPresent(c -> argv.add(LOG4J_CONFIG + c));
        }
        argv.add("-cp");
        argv.add(home.resolve("libs") + "/*" + File.pathSeparator + ExecutorWatch.install(logsDir));
        argv.add(ExecutorWatch.class.getName());
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }
}
