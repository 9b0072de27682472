package org.kafkamesos.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.local.LocalMesosCluster;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.mesos.KafkaFramework;
import org.kafkamesos.core.mesos.TaskInfoFactory;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.model.VolumePolicy;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.state.MemoryStateStore;

/**
 * What a broker's own volume saves when it is launched again: the relaunch of a broker holding about 1 GB of
 * replicas on its volume, against the relaunch of a broker holding the same replicas in its sandbox, which starts
 * empty and copies them all from its peers. Both are brokers of one cluster of three on a local Mesos cluster of
 * three agents (real Kafka processes), with one topic of replication factor 3, so that each broker holds every
 * partition: broker 1 on a volume of its own, broker 2 in its sandbox ({@code --volume none}).
 *
 * <p>Per relaunch, in seconds, from the restart command ({@code KafkaCluster.restart}, which stops the task and
 * launches a new one):
 * <ul>
 * <li><b>to RUNNING</b>: until the broker's new task is RUNNING (the executor says the broker is registered and
 *     unfenced);
 * <li><b>to in sync</b>: until the broker is in the ISR of every partition again, which for the sandbox broker
 *     means it has copied everything.
 * </ul>
 *
 * <p>Loopback copies replicas from the page cache at about a gigabyte a second, which no network between hosts does: a
 * fourth argument throttles every follower's fetches ({@code follower.replication.throttled.rate}, with
 * {@code follower.replication.throttled.replicas=*} on the topic) to that many MB/s, the bandwidth of such a link.
 *
 * <p>Not a JMH class, like {@code ExecutorStartupBenchmark}: each measurement takes seconds to minutes of real
 * processes on a shared machine, so the two relaunches are measured back to back in every round, their order
 * alternating, and medians over the rounds are compared. Run, from any directory:
 * <pre>{@code
 * benchmarks/run-relaunch-benchmark.sh [rounds] [megabytes] [link MB/s]     # default 3 rounds of 1024 MB, unthrottled
 * }</pre>
 * which builds if needed, runs {@code java -cp benchmarks/target/benchmarks.jar
 * org.kafkamesos.benchmarks.RelaunchBenchmark benchmarks/results/relaunch.json 3 1024}, writes every sample there
 * and prints a markdown table. The Kafka distribution is {@code executor/target/kafka-dist} or {@code -Dkafka.dist}.
 */
public final class RelaunchBenchmark {

    private static final String TOPIC = "payload";
    private static final int PARTITIONS = 3;
    private static final int RECORD_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int ON_VOLUME = 1;
    private static final int IN_SANDBOX = 2;

    private RelaunchBenchmark() {
    }

    /** One relaunch measured. */
    /**
     * One relaunch measured; {@code bytesCopied} is what the broker fetched from its peers: everything it holds for a
     * broker in its sandbox (a new sandbox starts empty), what it holds beyond what it held before for one on its volume.
     */
    record Sample(String mode, int round, double toRunningSeconds, double toInSyncSeconds, long bytesAtRunning, long bytesInSync,
                  long bytesCopied) {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results/relaunch.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int megabytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int linkMegabytesPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Path distribution = Path.of(System.getProperty("kafka.dist", "executor/target/kafka-dist")).toAbsolutePath();
        if (!Files.isDirectory(distribution.resolve("libs"))) {
            throw new IllegalArgumentException("no Kafka distribution at " + distribution + "; build the project, or pass -Dkafka.dist");
        }
        Path workDir = Files.createTempDirectory("relaunch-benchmark");
        List<Sample> samples = new ArrayList<>();
        try (LocalMesosCluster local = LocalMesosCluster.builder(workDir).agents(3, 16).build();
             KafkaFramework mesos = KafkaFramework.builder()
                     .cluster(KafkaCluster.builder().store(MemoryStateStore.create()).distribution(distribution.toString())
                             .settings(OrchestratorSettings.DEFAULT.withBindToAgentHost(true).withRole("kafka")).controllers(1)
                             .tick(Duration.ofSeconds(1)))
                     .framework(FrameworkSettings.builder("kafka", "kafka").build())
                     .tasks(TaskInfoFactory.builder("kafka", "kafka-mesos-executor.jar").build())
                     .driver(local::driver)
                     .build()
                     .start()) {
            KafkaCluster cluster = mesos.cluster();
            BrokerSpec onVolume = BrokerSpec.builder().cpus(1).memMb(2048).heapMb(768).diskMb(Math.max(4096, 3L * megabytes)).build();
            cluster.add("0..1", onVolume).join();
            cluster.add(Integer.toString(IN_SANDBOX), onVolume.toBuilder().volume(new VolumePolicy.Sandbox()).build()).join();
            cluster.start("*").join();
            List<Broker> running = cluster.await("*", b -> b.phase() == TaskPhase.RUNNING, TIMEOUT).join();
            String bootstrap = bootstrap(running);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("retention.ms", "-1"))))
                        .all().get(1, TimeUnit.MINUTES);
                long produced = produce(bootstrap, megabytes);
                System.out.printf(Locale.ROOT, "produced %d MB to %s (RF 3): every broker holds it%n", produced >> 20, TOPIC);
                awaitInSync(admin, 0);
                if (linkMegabytesPerSecond > 0) {
                    throttleFollowers(admin, linkMegabytesPerSecond);
                }
                for (int round = 0; round < rounds; round++) {
                    int[] order = round % 2 == 0 ? new int[] {ON_VOLUME, IN_SANDBOX} : new int[] {IN_SANDBOX, ON_VOLUME};
                    for (int id : order) {
                        Sample s = relaunch(cluster, admin, id, round);
                        samples.add(s);
                        System.out.printf(Locale.ROOT, "round %d %-10s to RUNNING %6.1f s (holding %5d MB), to in sync %6.1f s"
                                + " (%5d MB, %5d MB copied)%n", round, s.mode(), s.toRunningSeconds(), s.bytesAtRunning() >> 20,
                                s.toInSyncSeconds(), s.bytesInSync() >> 20, s.bytesCopied() >> 20);
                    }
                }
            }
            cluster.stop("*").join();
            cluster.await("*", b -> b.phase() == TaskPhase.NONE, Duration.ofMinutes(2)).join();
        } finally {
            deleteRecursively(workDir);
        }
        write(results, samples, megabytes, linkMegabytesPerSecond);
        System.out.print(table(samples, megabytes, linkMegabytesPerSecond));
    }

    /**
     * Kafka's replication throttle on every broker's follower fetches, at {@code megabytesPerSecond}: the bandwidth of a
     * network link between hosts, which loopback does not have.
     */
    private static void throttleFollowers(Admin admin, int megabytesPerSecond) throws Exception {
        Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<org.apache.kafka.clients.admin.AlterConfigOp>> ops =
                new LinkedHashMap<>();
        ops.put(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, TOPIC),
                List.of(set("follower.replication.throttled.replicas", "*")));
        for (int id = 0; id < 3; id++) {
            ops.put(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.BROKER,
                    Integer.toString(id)), List.of(set("follower.replication.throttled.rate",
                    Long.toString((long) megabytesPerSecond * 1024 * 1024))));
        }
        admin.incrementalAlterConfigs(ops).all().get(1, TimeUnit.MINUTES);
    }

    private static org.apache.kafka.clients.admin.AlterConfigOp set(String name, String value) {
        return new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry(name, value),
                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
    }

    private static Sample relaunch(KafkaCluster cluster, Admin admin, int id, int round) throws Exception {
        String before = cluster.list().join().get(id).task().orElseThrow().taskId();
        long held = bytesOn(admin, id);
        long start = System.nanoTime();
        cluster.restart(Integer.toString(id)).join();
        cluster.await(Integer.toString(id), b -> b.phase() == TaskPhase.RUNNING && !b.task().orElseThrow().taskId().equals(before),
                TIMEOUT).join();
        double toRunning = (System.nanoTime() - start) / 1e9;
        long atRunning = bytesOn(admin, id);
        awaitInSync(admin, id);
        double toInSync = (System.nanoTime() - start) / 1e9;
        long inSync = bytesOn(admin, id);
        return new Sample(id == ON_VOLUME ? "on volume" : "in sandbox", round, toRunning, toInSync, atRunning, inSync,
                id == ON_VOLUME ? Math.max(0, inSync - held) : inSync);
    }

    /** The bytes of the topic's replicas on broker {@code id}, as its log dirs report them. */
    private static long bytesOn(Admin admin, int id) throws Exception {
        long bytes = 0;
        for (var entry : admin.describeLogDirs(List.of(id)).allDescriptions().get(30, TimeUnit.SECONDS).get(id).entrySet()) {
            var dir = entry.getValue();
            for (var replica : dir.replicaInfos().entrySet()) {
                if (replica.getKey().topic().equals(TOPIC)) {
                    bytes += replica.getValue().size();
                }
            }
        }
        return bytes;
    }

    /** Until {@code id} (or every broker, for 0) is in the ISR of every partition. */
    private static void awaitInSync(Admin admin, int id) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
                boolean inSync = true;
                for (TopicPartitionInfo p : topic.partitions()) {
                    inSync &= id == 0 ? p.isr().size() == 3 : p.isr().stream().anyMatch(n -> n.id() == id);
                }
                if (inSync) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a broker is restarting: ask again
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("broker " + id + " did not get back in sync within " + TIMEOUT);
    }

    private static long produce(String bootstrap, int megabytes) throws Exception {
        byte[] value = new byte[RECORD_BYTES];
        new Random(42).nextBytes(value);
        long records = (long) megabytes * 1024 * 1024 / RECORD_BYTES;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, (int) (i % PARTITIONS), null, value)));
                if (sent.size() >= 2000) {
                    for (Future<RecordMetadata> f : sent) {
                        f.get(2, TimeUnit.MINUTES);
                    }
                    sent.clear();
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(2, TimeUnit.MINUTES);
            }
        }
        return records * RECORD_BYTES;
    }

    private static String bootstrap(List<Broker> brokers) {
        List<String> endpoints = new ArrayList<>();
        brokers.forEach(b -> endpoints.add(b.task().orElseThrow().hostname() + ":" + b.task().orElseThrow().ports().get(0)));
        return String.join(",", endpoints);
    }

    private static void write(Path results, List<Sample> samples, int megabytes, int link) throws IOException {
        Files.createDirectories(results.toAbsolutePath().getParent());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("measured", Instant.now().toString());
        json.put("megabytesPerBroker", megabytes);
        json.put("followerThrottleMegabytesPerSecond", link);
        json.put("samples", samples);
        json.put("medians", medians(samples));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.toFile(), json);
    }

    private static Map<String, double[]> medians(List<Sample> samples) {
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String mode : List.of("on volume", "in sandbox")) {
            List<Sample> of = samples.stream().filter(s -> s.mode().equals(mode)).toList();
            medians.put(mode, new double[] {median(of.stream().map(Sample::toRunningSeconds).toList()),
                    median(of.stream().map(Sample::toInSyncSeconds).toList()),
                    median(of.stream().map(s -> (double) (s.bytesCopied() >> 20)).toList())});
        }
        return medians;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String table(List<Sample> samples, int megabytes, int link) {
        Map<String, double[]> m = medians(samples);
        double[] volume = m.get("on volume");
        double[] sandbox = m.get("in sandbox");
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%nRelaunch of a broker holding %d MB, %s (medians of %d rounds)%n%n", megabytes,
                link > 0 ? "replication throttled to " + link + " MB/s" : "replication over loopback, unthrottled", samples.size() / 2));
        s.append("| relaunch | to RUNNING | to in sync | copied from its peers |\n|---|---:|---:|---:|\n");
        s.append(String.format(Locale.ROOT, "| on its volume | %.1f s | %.1f s | %.0f MB |%n", volume[0], volume[1], volume[2]));
        s.append(String.format(Locale.ROOT, "| in its sandbox (re-replicates) | %.1f s | %.1f s | %.0f MB |%n", sandbox[0], sandbox[1],
                sandbox[2]));
        s.append(String.format(Locale.ROOT, "| ratio sandbox / volume | %.2f | %.2f | |%n", sandbox[0] / volume[0], sandbox[1] / volume[1]));
        return s.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
