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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mesos/kafka's quickstart as its README writes it, over the real command line and HTTP: a scheduler process started
 * with the shipped {@code kafka-mesos.properties}, then {@code add 1000..1002 --cpus 0.01 --heap 128 --mem 256},
 * {@code start 1000..1002}, {@code status}, {@code help} and {@code help <cmd>}; and its REST forms, each answered as
 * its {@code /api/broker/...} twin. Brokers 1000..1002 are a KRaft cluster of their own (they are the controllers,
 * as the first brokers started), which holds a topic of replication factor 3.
 */
class MesosKafkaQuickstartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("..", ConfigFile.FILE_NAME).toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Process scheduler;

    @AfterEach
    void stopTheScheduler() throws InterruptedException {
        if (scheduler != null) {
            scheduler.destroy(); // SIGTERM, as Ctrl-C: the scheduler stops the brokers and the local cluster
            if (!scheduler.waitFor(2, TimeUnit.MINUTES)) {
                scheduler.destroyForcibly();
            }
        }
    }

    @Test
    void theQuickstartAsWritten_runsThreeBrokers_andItsRestFormsAnswerAsTheirTwins() throws Exception {
        String api = "http://127.17.0.1:" + freePort();
        scheduler = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), KafkaMesosCli.class.getName(),
                "scheduler", "--config", SHIPPED.toString(), "--api", api, "--local-network", "17",
                "--work-dir", dir.resolve("work").toString(), "--storage", "file:" + dir.resolve("state"),
                "--distribution", LocalOptions.defaultDistribution().toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("scheduler.log").toFile())
                .start();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            assertThat(scheduler.isAlive()).as("the scheduler runs%s", log()).isTrue();
            return Cli.runIn(dir, "status", "--api", api).exitCode() == 0;
        });

        Cli add = Cli.runIn(dir, "add", "1000..1002", "--cpus", "0.01", "--heap", "128", "--mem", "256", "--api", api);
        Cli start = Cli.runIn(dir, "start", "1000..1002", "--api", api);
        Cli status = Cli.runIn(dir, "status", "--api", api);
        Cli help = Cli.runIn(dir, "help");
        Cli helpAdd = Cli.runIn(dir, "help", "add");

        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(start.exitCode()).as(start.out() + start.err() + log()).isZero();
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("3 of 3 brokers running").contains("controllers: 1000, 1001, 1002");
        assertThat(status.out().lines().filter(l -> l.matches("^100[012]\\s+running.*"))).hasSize(3);
        assertThat(help.out()).contains("add").contains("status");
        assertThat(helpAdd.out()).startsWith("Usage: kafka-mesos add").contains("--heap");

        JsonNode brokers = get(api, "/api/broker/list").path("brokers");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerTable.bootstrapServers(brokers)))) {
            admin.createTopics(List.of(new NewTopic("quickstart", 3, (short) 3))).all().get(1, TimeUnit.MINUTES);
        }
        TestRecords.produce(BrokerTable.bootstrapServers(brokers), "quickstart", 100);

        assertThat(get(api, "/api/brokers/status").path("brokers")).isEqualTo(get(api, "/api/broker/status").path("brokers"));
        assertThat(get(api, "/api/brokers/list?id=1000")).isEqualTo(get(api, "/api/broker/list?broker=1000"));
        assertThat(get(api, "/api/brokers/add?id=0&cpus=8&mem=43008").path("brokers").get(0).path("mem").asInt()).isEqualTo(43008);
        assertThat(get(api, "/api/brokers/start?id=0&timeout=0").path("status").asText()).isEqualTo("scheduled");
        assertThat(get(api, "/api/brokers/status").path("controllers")).extracting(JsonNode::asInt)
                .as("chosen once: broker 0, started later, is no controller").containsExactly(1000, 1001, 1002);
    }

    private String log() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("scheduler.log"));
        return "\nscheduler log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static JsonNode get(String api, String pathAndQuery) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
