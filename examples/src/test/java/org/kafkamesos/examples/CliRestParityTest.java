package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.http.HttpApi;
import org.kafkamesos.core.kafka.KafkaOperations;
import org.kafkamesos.state.MemoryStateStore;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "Every command available in the CLI is also available in the REST API", as mesos/kafka promised: every command of
 * the picocli tree that talks to the scheduler is run against a server that records what it asks for, and each path
 * it asked for is one the scheduler's real HTTP API serves.
 */
class CliRestParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> asked = new ConcurrentSkipListSet<>();
    private HttpServer recorder;
    private KafkaCluster cluster;
    private KafkaOperations operations;
    private ScheduledExecutorService polls;
    private HttpApi api;

    @BeforeEach
    void servers() throws IOException {
        recorder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        recorder.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = "{\"error\":\"recorded\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        recorder.start();
        MemoryStateStore store = MemoryStateStore.create();
        cluster = KafkaCluster.builder().store(store).distribution("/opt/kafka").controllers(1)
                .actions(actions -> { }).build();
        polls = Executors.newSingleThreadScheduledExecutor();
        operations = KafkaOperations.builder(cluster).store(store).scheduler(polls).build();
        api = HttpApi.builder(cluster).operations(operations).address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        api.start();
    }

    @AfterEach
    void stop() {
        recorder.stop(0);
        api.close();
        operations.close();
        polls.shutdownNow();
        cluster.close();
    }

    @Test
    void everyCommandThatTalksToTheScheduler_asksForAPathItsHttpApiServes() throws Exception {
        Map<String, List<String>> commands = new TreeMap<>();
        collect(KafkaMesosCli.commandLine(), commands);
        assertThat(commands).as("the walk found the broker, topic and rebalance commands")
                .containsKeys("kafka-mesos broker clone", "kafka-mesos status", "kafka-mesos topic partitions", "kafka-mesos rebalance cancel");

        Map<String, String> pathOf = new TreeMap<>();
        for (Map.Entry<String, List<String>> command : commands.entrySet()) {
            asked.clear();
            List<String> args = new ArrayList<>(command.getValue());
            args.addAll(List.of("--api", "http://127.0.0.1:" + recorder.getAddress().getPort()));
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertThat(cli.err()).as(command.getKey()).contains("recorded");
            assertThat(asked).as(command.getKey()).hasSize(1);
            pathOf.put(command.getKey(), asked.iterator().next());
        }

        for (Map.Entry<String, String> command : pathOf.entrySet()) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.uri().resolve(command.getValue()))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("error").asText()).as("%s asks for %s", command.getKey(), command.getValue())
                    .doesNotStartWith("no endpoint at").doesNotContain("is not served here");
        }
    }

    /** Every command below {@code cli} that is one request to the scheduler, with the arguments it cannot do without. */
    private static void collect(CommandLine cli, Map<String, List<String>> found) {
        if (cli.getCommand() instanceof ApiRequest) {
            List<String> path = List.of(cli.getCommandSpec().qualifiedName(" ").split(" "));
            List<String> args = new ArrayList<>(path.subList(1, path.size()));
            for (ArgSpec positional : cli.getCommandSpec().positionalParameters()) {
                if (positional.required()) {
                    args.add("0");
                }
            }
            for (OptionSpec option : cli.getCommandSpec().options()) {
                if (option.required()) {
                    args.addAll(List.of(option.longestName(), option.longestName().equals("--options") ? "retention.ms=1000" : "0"));
                }
            }
            if (cli.getCommandSpec().name().equals("update") && cli.getCommandSpec().findOption("--cpus") != null) {
                args.addAll(List.of("--cpus", "1")); // an update of nothing is refused before any request
            }
            found.put(cli.getCommandSpec().qualifiedName(" "), args);
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, found));
    }
}
