package org.kafkamesos.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.Role;
import org.kafkamesos.executor.TaskState;
import org.kafkamesos.executor.TaskStatus;

/**
 * What the executor adds to Kafka's own start: the time from {@code ExecutorRuntime.launch} to the RUNNING
 * update of a combined broker+controller node, against a raw {@code java kafka.Kafka} started by hand with
 * the same argv, {@code server.properties} and distribution, on the same machine in the same run.
 *
 * <p>Each start is of a new single-node cluster (new sandbox, ports and cluster id, prepared before the
 * clock starts; the node is stopped and its sandbox deleted after it). Per start, in milliseconds:
 * <ul>
 * <li><b>raw to listening</b>: {@code ProcessBuilder.start()} of {@code kafka.Kafka} until its broker port
 *     accepts a TCP connection (tried every 10 ms);
 * <li><b>raw to ready</b>: the same start until an Admin client's {@code describeCluster} lists the node,
 *     registered and unfenced (what the executor waits for), polled every 20 ms;
 * <li><b>executor to RUNNING</b>: {@code launch} until the RUNNING update: rendering the config, checking
 *     log dir and ports, starting Kafka, and readiness checked every 100 ms (the runtime's default).
 * </ul>
 * Two storage modes: {@code formatted}, the log dir formatted beforehand (a restart: the executor finds
 * meta.properties and runs no tool); {@code fresh}, a first start, where the raw start runs
 * {@code kafka-storage format} first, as a person would, and the executor formats by itself.
 *
 * <p>Not a JMH class: each measurement is one start of a JVM taking seconds, and the machines here are
 * shared, so a raw and an executor start are measured back to back in every round (their order alternating)
 * rather than in trials minutes apart, and medians over the rounds are compared. Run, from any directory:
 * <pre>{@code
 * benchmarks/run-executor-benchmark.sh [rounds]     # default 7 rounds after 1 warm-up round
 * }</pre>
 * which builds if needed, runs {@code java -cp benchmarks/target/benchmarks.jar
 * org.kafkamesos.benchmarks.ExecutorStartupBenchmark benchmarks/results/executor-startup.json 7}, writes
 * every sample there and prints a markdown table. The Kafka distribution is {@code executor/target/kafka-dist}
 * (assembled by the build) or the folder given with {@code -Dkafka.dist=...}.
 */
public final class ExecutorStartupBenchmark {

    /** The node's heap, the same for raw and executor starts. */
    static final int HEAP_MB = 512;
    private static final String HOST = "127.0.0.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> STORAGE_MODES = List.of("formatted", "fresh");

    private final Path distribution;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final Map<String, CompletableFuture<TaskStatus>> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<TaskStatus>> ended = new ConcurrentHashMap<>();
    private final ExecutorRuntime runtime;
    private int launches;

    private ExecutorStartupBenchmark(Path distribution) {
        this.distribution = distribution;
        this.runtime = ExecutorRuntime.builder().javaExecutable(java).statusSink(status -> {
            if (status.state() == TaskState.RUNNING || status.state().isTerminal()) {
                future(running, status.taskId()).complete(status);
            }
            if (status.state().isTerminal()) {
                future(ended, status.taskId()).complete(status);
            }
        }).build();
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results/executor-startup.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dist = Path.of(System.getProperty("kafka.dist", "executor/target/kafka-dist")).toAbsolutePath();
        if (!Files.isDirectory(dist.resolve("libs"))) {
            throw new IllegalStateException("no Kafka distribution at " + dist + ": build the executor module"
                    + " (mvn -pl executor package -DskipTests) or pass -Dkafka.dist=<folder with libs/>");
        }
        ExecutorStartupBenchmark benchmark = new ExecutorStartupBenchmark(dist);
        try {
            Map<String, Map<String, List<Double>>> samples = benchmark.run(rounds);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("measured", Instant.now().toString());
            report.put("rounds", rounds);
            report.put("heapMb", HEAP_MB);
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            report.put("samplesMs", samples);
            Files.createDirectories(results.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.toFile(), report);
            System.out.println();
            System.out.print(table(samples));
        } finally {
            benchmark.runtime.close();
        }
    }

    /** storage mode -> measurement -> samples in ms, warm-up round left out. */
    private Map<String, Map<String, List<Double>>> run(int rounds) throws Exception {
        Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            for (String storage : STORAGE_MODES) {
                boolean executorFirst = round % 2 == 1;
                double[] raw = null;
                double executor = 0;
                for (int i = 0; i < 2; i++) {
                    if (executorFirst == (i == 0)) {
                        executor = executorStart(storage);
                    } else {
                        raw = rawStart(storage);
                    }
                }
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf(Locale.ROOT, "%-8s %-9s raw listening %6.0f ms, raw ready %6.0f ms, executor RUNNING %6.0f ms,"
                        + " load %s%n", label, storage, raw[0], raw[1], executor, loadAverage());
                if (round > 0) {
                    Map<String, List<Double>> s = samples.computeIfAbsent(storage, k -> new LinkedHashMap<>());
                    s.computeIfAbsent("rawToListening", k -> new ArrayList<>()).add(raw[0]);
                    s.computeIfAbsent("rawToReady", k -> new ArrayList<>()).add(raw[1]);
                    s.computeIfAbsent("executorToRunning", k -> new ArrayList<>()).add(executor);
                    s.computeIfAbsent("executorMinusRawReady", k -> new ArrayList<>()).add(executor - raw[1]);
                }
            }
        }
        return samples;
    }

    /** One raw start: {ms to listening, ms to ready}. */
    private double[] rawStart(String storage) throws Exception {
        Node node = prepare(storage);
        Process kafka = null;
        try {
            long started = System.nanoTime();
            if (storage.equals("fresh")) {
                format(node);
            }
            kafka = startRawKafka(node);
            awaitListening(kafka, node);
            double listening = (System.nanoTime() - started) / 1e6;
            awaitListed(node);
            double ready = (System.nanoTime() - started) / 1e6;
            return new double[] {listening, ready};
        } finally {
            if (kafka != null) {
                kafka.destroy();
                if (!kafka.waitFor(60, TimeUnit.SECONDS)) {
                    kafka.destroyForcibly().waitFor();
                }
            }
            delete(node.sandbox);
        }
    }

    /** One executor start: ms from launch to RUNNING. */
    private double executorStart(String storage) throws Exception {
        Node node = prepare(storage);
        String task = "bench-" + (++launches);
        try {
            long started = System.nanoTime();
            runtime.launch(task, node.spec, node.sandbox);
            TaskStatus status = future(running, task).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double ms = (System.nanoTime() - started) / 1e6;
            if (status.state() != TaskState.RUNNING) {
                throw new IllegalStateException("the executor did not get the node running: " + status.message());
            }
            return ms;
        } finally {
            runtime.kill(task);
            future(ended, task).get(90, TimeUnit.SECONDS);
            delete(node.sandbox);
        }
    }

    private static final class Node {
        final Path sandbox;
        final LaunchSpec spec;

        Node(Path sandbox, LaunchSpec spec) {
            this.sandbox = sandbox;
            this.spec = spec;
        }
    }

    /** A new single-node cluster, its server.properties written, formatted when {@code storage} is formatted. */
    private Node prepare(String storage) throws Exception {
        Path sandbox = Files.createTempDirectory("executor-startup-");
        int[] ports = freePorts();
        LaunchSpec spec = LaunchSpec.builder(1, LaunchSpec.randomClusterId())
                .roles(Role.BROKER, Role.CONTROLLER)
                .bindHost(HOST).advertisedHost(HOST)
                .brokerPort(ports[0]).controllerPort(ports[1])
                .voter(1, HOST, ports[1])
                .heapMb(HEAP_MB)
                .distribution(distribution.toString())
                .override("offsets.topic.replication.factor", "1")
                .override("transaction.state.log.replication.factor", "1")
                .build();
        Files.writeString(sandbox.resolve("server.properties"), spec.serverProperties(sandbox));
        Node node = new Node(sandbox, spec);
        if (storage.equals("formatted")) {
            format(node);
        }
        return node;
    }

    /** The argv the executor uses for a node, written out by hand. */
    private Process startRawKafka(Node node) throws IOException {
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-Xms" + HEAP_MB + "m", "-Xmx" + HEAP_MB + "m"));
        argv.addAll(LaunchSpec.DEFAULT_JVM_OPTIONS);
        argv.add("-Dkafka.logs.dir=" + node.sandbox);
        argv.add("-Dlog4j2.configurationFile=" + distribution.resolve("config/log4j2.xml"));
        argv.addAll(List.of("-cp", distribution.resolve("libs") + "/*", "kafka.Kafka",
                node.sandbox.resolve("server.properties").toString()));
        return new ProcessBuilder(argv).directory(node.sandbox.toFile())
                .redirectOutput(node.sandbox.resolve("kafka.stdout").toFile())
                .redirectError(node.sandbox.resolve("kafka.stderr").toFile())
                .start();
    }

    /** {@code kafka-storage format}, with the executor's options for the short-lived tool JVM. */
    private void format(Node node) throws Exception {
        List<String> argv = List.of(java.toString(), "-Xms256m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-Dkafka.logs.dir=" + node.sandbox,
                "-Dlog4j2.configurationFile=" + distribution.resolve("config/log4j2.xml"),
                "-cp", distribution.resolve("libs") + "/*", "kafka.tools.StorageTool", "format",
                "--cluster-id", node.spec.clusterId(), "--config", node.sandbox.resolve("server.properties").toString(),
                "--ignore-formatted");
        Process tool = new ProcessBuilder(argv).directory(node.sandbox.toFile())
                .redirectOutput(node.sandbox.resolve("kafka-storage.stdout").toFile())
                .redirectError(node.sandbox.resolve("kafka-storage.stderr").toFile())
                .start();
        if (!tool.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || tool.exitValue() != 0) {
            tool.destroyForcibly();
            throw new IllegalStateException("kafka-storage format failed; see " + node.sandbox);
        }
    }

    private static void awaitListening(Process kafka, Node node) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!kafka.isAlive()) {
                throw new IllegalStateException("Kafka exited with status " + kafka.exitValue() + "; see " + node.sandbox);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, node.spec.brokerPort().getAsInt()), 100);
                return;
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("Kafka did not listen within " + TIMEOUT.toSeconds() + " s");
    }

    private static void awaitListed(Node node) throws InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + node.spec.brokerPort().getAsInt());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get().stream().anyMatch(n -> n.id() == node.spec.nodeId())) {
                        return;
                    }
                } catch (ExecutionException notYet) {
                    // not serving yet
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("Kafka did not list the node within " + TIMEOUT.toSeconds() + " s");
    }

    /** Medians per storage mode, with the executor's overhead (median of the paired differences) and the ratio. */
    static String table(Map<String, Map<String, List<Double>>> samples) {
        StringBuilder out = new StringBuilder();
        out.append("| storage | raw start to listening (ms) | raw start to ready (ms) | executor launch to RUNNING (ms)"
                + " | executor - raw ready, paired (ms) | executor / raw listening | executor / raw ready |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, List<Double>>> e : samples.entrySet()) {
            double listening = median(e.getValue().get("rawToListening"));
            double ready = median(e.getValue().get("rawToReady"));
            double executor = median(e.getValue().get("executorToRunning"));
            double overhead = median(e.getValue().get("executorMinusRawReady"));
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %+,.0f | %.2f | %.2f |%n", e.getKey(),
                    listening, ready, executor, overhead, executor / listening, executor / ready));
        }
        return out.toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static <T> CompletableFuture<T> future(Map<String, CompletableFuture<T>> map, String key) {
        return map.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    private static int[] freePorts() {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
