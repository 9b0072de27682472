package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mesos over HTTP across processes: {@code kafka-mesos local-mesos} in one process, whose executors are processes of
 * their own fetched from the executor jar's URI and speaking the V1 executor API, {@code kafka-mesos scheduler
 * --master http://...} in another, three real brokers. The scheduler is killed with SIGKILL: the brokers keep serving
 * (records are produced and acknowledged while no scheduler runs), and a new scheduler on the same file store
 * re-subscribes as the same framework within its failover timeout, reconciles, finds the same three tasks running and
 * launches nothing. Then an executor's process is killed with SIGKILL: its Kafka process ends with it, Mesos reports
 * the task failed, and the scheduler relaunches the broker on its volume after its failover delay.
 */
class LocalMesosFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NETWORK = 20;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopTheProcesses() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy(); // SIGTERM, as Ctrl-C: local-mesos then ends its tasks
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theSchedulerKilled_brokersKeepServing_andANewSchedulerResubscribesAndLaunchesNothing() throws Exception {
        int masterPort = freePort();
        String master = "http://127.0.0.1:" + masterPort;
        Process mesos = start("local-mesos.log", "local-mesos", "--port", Integer.toString(masterPort), "--network",
                Integer.toString(NETWORK), "--work-dir", dir.resolve("work").toString());
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            assertThat(mesos.isAlive()).as("local-mesos runs%s", log("local-mesos.log")).isTrue();
            return whole("local-mesos.log").contains("local Mesos master at " + master);
        });
        String api = "http://127." + NETWORK + ".0.1:" + freePort();
        Process first = startScheduler("scheduler-1.log", master, api);
        awaitApi(first, api, "scheduler-1.log");

        Cli add = Cli.runIn(dir, "add", "0..2", "--cpus", "0.5", "--heap", "256", "--mem", "768", "--failover-delay", "2s",
                "--api", api);
        Cli started = Cli.runIn(dir, "start", "0..2", "--timeout", "3m", "--api", api);
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(started.exitCode()).as(started.out() + started.err() + log("scheduler-1.log")).isZero();
        Map<String, String> tasks = tasks(api);
        assertThat(tasks).hasSize(3);
        String bootstrap = BrokerTable.bootstrapServers(brokers(api));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("failover", 3, (short) 3))).all().get(1, TimeUnit.MINUTES);
        }
        TestRecords.produce(bootstrap, "failover", 200);

        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no failover stop, no goodbye to the master

        // no scheduler: the brokers serve on, and take acks=all writes
        TestRecords.produce(bootstrap, "failover", 300);
        assertThat(endOffsets(bootstrap)).isEqualTo(500);

        Process second = startScheduler("scheduler-2.log", master, api);
        awaitApi(second, api, "scheduler-2.log");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            Cli status = Cli.runIn(dir, "status", "--api", api);
            assertThat(status.out()).as(status.err()).contains("3 of 3 brokers running");
        });
        assertThat(tasks(api)).as("the same tasks, reconciled: nothing relaunched").isEqualTo(tasks);
        assertThat(whole("local-mesos.log")).contains("failed over to a new scheduler");
        assertThat(whole("scheduler-2.log")).contains("subscribed to the Mesos master at " + master);
        assertThat(whole("scheduler-1.log")).as("agents fetch from the scheduler").contains("agents fetch from this scheduler: ["
                + api + "/fetch/kafka-mesos-executor.jar, " + api + "/fetch/kafka-dist.zip]");
        assertThat(Files.list(dir.resolve("work")).count()).isPositive();
        assertThat(whole("local-mesos.log").lines().filter(l -> l.contains(" runs as process ")).count())
                .as("three executors in all: none launched after the failover").isEqualTo(3);
        TestRecords.produce(bootstrap, "failover", 100);
        assertThat(endOffsets(bootstrap)).isEqualTo(600);

        ProcessHandle executor = executorOf(tasks.get("1"));
        ProcessHandle kafka = executor.descendants().filter(p -> p.info().commandLine().orElse("").contains("kafka.Kafka"))
                .findFirst().orElseThrow();
        executor.destroyForcibly();

        kafka.onExit().get(1, TimeUnit.MINUTES); // the Kafka process does not outlive its executor
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Map<String, String> now = tasks(api);
            assertThat(now).containsKey("1");
            assertThat(now.get("1")).as("broker 1 relaunched as a new task").isNotEqualTo(tasks.get("1"));
            assertThat(Cli.runIn(dir, "status", "--api", api).out()).contains("3 of 3 brokers running");
        });
        assertThat(whole("local-mesos.log")).as("the agent saw its executor killed").contains("exited with status 137");
        TestRecords.produce(bootstrap, "failover", 100);
        assertThat(endOffsets(bootstrap)).isEqualTo(700);
    }

    /** The executor process of {@code taskId}: the pid its sandbox records, under the local cluster's work folder. */
    private ProcessHandle executorOf(String taskId) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("work"), 9)) {
            Path pidFile = files.filter(p -> p.getFileName().toString().equals("executor.pid")
                    && p.toString().contains("/executors/" + taskId + "/")).findFirst().orElseThrow();
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        }
    }

    /**
     * The scheduler as an operator runs it, from the packaged jar: agents fetch that jar and the build's Kafka
     * distribution from its API.
     */
    private Process startScheduler(String log, String master, String api) throws IOException {
        Process p = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar",
                executorJar().toString(), "scheduler", "--master", master, "--bind-to-agent-host", "--api", api,
                "--work-dir", dir.resolve("scheduler").toString(), "--storage", "file:" + dir.resolve("state")))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        processes.add(p);
        return p;
    }

    /** The jar the build packaged: the command line with the executor and everything they need. */
    private static Path executorJar() throws IOException {
        Path target = LocalOptions.defaultDistribution().getParent();
        try (java.util.stream.Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("kafka-mesos-examples-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst()
                    .orElseThrow(() -> new AssertionError("no packaged jar in " + target + ": run mvn verify, which packages it"));
        }
    }

    private void awaitApi(Process scheduler, String api, String log) {
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            assertThat(scheduler.isAlive()).as("the scheduler runs%s", log(log)).isTrue();
            return Cli.runIn(dir, "status", "--api", api).exitCode() == 0;
        });
    }

    private Process start(String log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), KafkaMesosCli.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
        processes.add(p);
        return p;
    }

    /** Broker id to task id, of the brokers with a task. */
    private static Map<String, String> tasks(String api) throws Exception {
        Map<String, String> tasks = new TreeMap<>();
        brokers(api).forEach(b -> {
            String task = b.path("task").path("id").asText("");
            if (!task.isEmpty()) {
                tasks.put(b.path("id").asText(), task);
            }
        });
        return tasks;
    }

    private static JsonNode brokers(String api) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/broker/list"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("brokers");
    }

    private static long endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = List.of(0, 1, 2).stream()
                    .collect(Collectors.toMap(p -> new TopicPartition("failover", p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(1, TimeUnit.MINUTES).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private String whole(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private String log(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file);
        return "\n" + name + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
