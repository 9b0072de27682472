package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kafkamesos.core.local.LocalMesosCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-mesos quickstart}: a scheduler on a local Mesos cluster of 3 agents in this process, 3 brokers
 * added and started through its HTTP API, a topic with replication factor 3, one record produced and
 * consumed; then it prints the bootstrap servers and the brokers, and keeps running until interrupted.
 *
 * <p>The scheduler keeps its state in a file store in the quickstart's folder under the work dir, and the agents
 * their reservations and volumes: run again, the quickstart brings back the same brokers on their volumes, with the
 * topic and the records of earlier runs, and says so. {@code --fresh} empties the folder first.
 */
@Command(name = "quickstart", description = "Run 3 Kafka brokers on a local Mesos cluster, with the scheduler's HTTP API, "
        + "until interrupted.")
final class QuickstartCommand implements Callable<Integer> {

    static final String TOPIC = "quickstart";
    static final int BROKERS = 3;
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    LocalOptions local;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "7000",
            description = "The HTTP API's port; 0 for any free one. Default ${DEFAULT-VALUE}.")
    int apiPort;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "5m",
            description = "How long the brokers may take to run; default ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--exit", description = "Stop everything once the record went through, instead of running until interrupted.")
    boolean exit;

    @Option(names = "--fresh", description = "Start afresh: forget the brokers, topics and records of earlier runs.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BrokerCli.parseDuration(timeout, spec);
        if (apiPort < 0 || apiPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--api-port must be 0..65535, got " + apiPort);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--local-agents") && local.agents != BROKERS) {
            throw new ParameterException(spec.commandLine(), "--local-agents: the quickstart runs " + BROKERS + " agents, one per"
                    + " broker, got " + local.agents + "; 'kafka-mesos scheduler --local-agents N' runs a local cluster of N");
        }
        local.agents = BROKERS;
        try {
            local.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path folder = local.workDir.resolve("quickstart").toAbsolutePath();
        if (fresh) {
            deleteRecursively(folder);
        }
        LocalMesosCluster cluster = local.start("quickstart");
        ExampleScheduler scheduler;
        try {
            scheduler = ExampleScheduler.start(new ExampleScheduler.Config()
                    .storage(Storage.parse("file:" + folder.resolve("state")))
                    .local(cluster)
                    .distribution(local.distribution())
                    .controllers(BROKERS)
                    .apiAddress(new InetSocketAddress("0.0.0.0", apiPort)));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            try {
                scheduler.close();
            } finally {
                cluster.close();
                stopped.countDown();
            }
        }, "kafka-mesos-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        String api = scheduler.apiUri().toString();
        out.println("scheduler running; HTTP API at " + api + " on a local Mesos cluster of " + BROKERS + " agents");
        JsonNode known = new ApiClient(scheduler.apiUri()).post("api/broker/list", Map.of(), CLIENT_TIMEOUT).path("brokers");
        int code = 0;
        if (known.isEmpty()) {
            code = cli("broker", "add", "0.." + (BROKERS - 1), "--cpus", "1", "--mem", "1536", "--heap", "512",
                    "--failover-delay", "10s", "--api", api);
        } else {
            out.println("the brokers of an earlier run are back (" + folder + "; --fresh starts afresh): each is launched on its "
                    + "volume, where its data is");
        }
        out.flush();
        if (code == 0) {
            code = cli("broker", "start", "*", "--timeout", timeout, "--api", api);
        }
        if (code != 0) {
            spec.commandLine().getErr().println("kafka-mesos quickstart: the brokers did not start; see above");
            return stop(shutdown, code);
        }
        JsonNode brokers = new ApiClient(scheduler.apiUri()).post("api/broker/list", Map.of(), CLIENT_TIMEOUT).path("brokers");
        String bootstrap = BrokerTable.bootstrapServers(brokers);
        out.println(BROKERS + " brokers running");
        out.println(roundTrip(bootstrap));
        out.println();
        out.println("bootstrap servers: " + bootstrap);
        out.print(BrokerTable.format(brokers));
        out.println();
        out.println("try: ./kafka-mesos.sh broker list --api " + api);
        out.flush();
        if (exit) {
            return stop(shutdown, 0);
        }
        out.println("Ctrl-C stops the brokers and the scheduler.");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Creates the topic unless an earlier run did, says what records earlier runs left in it, produces one record with
     * acks=all and consumes it; says what happened.
     */
    static String roundTrip(String bootstrap) throws ExecutionException, InterruptedException, TimeoutException {
        String earlier = "";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (admin.listTopics().names().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(TOPIC)) {
                earlier = earlierRecords(bootstrap);
            } else {
                admin.createTopics(List.of(new NewTopic(TOPIC, BROKERS, (short) BROKERS).configs(Map.of("min.insync.replicas", "2"))))
                        .all().get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        String value = "hello from kafka-mesos at " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(TOPIC, sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.offset() == sent.offset()) {
                        return earlier + "topic '" + TOPIC + "' (3 partitions, replication factor 3): produced and consumed '"
                                + r.value() + "' at partition " + r.partition() + ", offset " + r.offset();
                    }
                }
            }
        }
        throw new TimeoutException("the record produced to " + TOPIC + " was not consumed within " + CLIENT_TIMEOUT.toSeconds() + " s");
    }

    /** What earlier runs left in the topic: how many records, and the first and the last of them. */
    private static String earlierRecords(String bootstrap) {
        List<String> values = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = new java.util.ArrayList<>();
            consumer.partitionsFor(TOPIC, CLIENT_TIMEOUT).forEach(p -> partitions.add(
                    new org.apache.kafka.common.TopicPartition(TOPIC, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_TIMEOUT);
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            java.util.TreeMap<Long, String> byTime = new java.util.TreeMap<>();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    byTime.put(r.timestamp() * 1000 + byTime.size(), r.value());
                }
            }
            values.addAll(byTime.values());
        }
        if (values.isEmpty()) {
            return "topic '" + TOPIC + "' is still there, empty\n";
        }
        return "topic '" + TOPIC + "' is still there with " + values.size() + (values.size() == 1 ? " record" : " records")
                + " of earlier runs: the first '" + values.get(0) + "'" + (values.size() > 1 ? ", the last '"
                + values.get(values.size() - 1) + "'" : "") + "\n";
    }

    private int cli(String... args) {
        CommandLine commandLine = KafkaMesosCli.commandLine();
        commandLine.setOut(spec.commandLine().getOut());
        commandLine.setErr(spec.commandLine().getErr());
        return commandLine.execute(args);
    }

    private static int stop(Thread shutdown, int code) {
        Runtime.getRuntime().removeShutdownHook(shutdown);
        shutdown.run();
        return code;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
