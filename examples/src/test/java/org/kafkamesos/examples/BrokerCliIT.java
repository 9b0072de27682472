package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code broker} commands against a scheduler's HTTP API over real HTTP, on a local Mesos cluster of one
 * agent that runs real Kafka brokers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerCliIT {

    private LocalScheduler scheduler;

    @BeforeAll
    void startScheduler(@TempDir Path dir) throws InterruptedException {
        scheduler = LocalScheduler.start(dir, 1, 12, config -> config.controllers(1));
    }

    @AfterAll
    void stopScheduler() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private Cli broker(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "broker";
        System.arraycopy(args, 0, full, 1, args.length);
        return scheduler.cli(full);
    }

    private JsonNode list(String ids) {
        return scheduler.brokers(ids);
    }

    @Test
    void everyCommand_takesABrokerFromAddedToRemoved() {
        Cli add = broker("add", "0", "--cpus", "1", "--mem", "1024", "--heap", "256", "--options", "log.retention.hours=24",
                "--failover-delay", "5s", "--stickiness-period", "1m");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("broker added:", "stopped");
        assertThat(list("0").get(0).path("options").asText()).isEqualTo("log.retention.hours=24");

        Cli update = broker("update", "0", "--jvm-options", "-XX:+UseG1GC", "--failover-max-tries", "3");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(list("0").get(0).path("jvmOptions").asText()).isEqualTo("-XX:+UseG1GC");

        Cli start = broker("start", "0", "--timeout", "2m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("broker 0: running at 127.12.0.1:", "started");
        String firstTask = list("0").get(0).path("task").path("id").asText();

        Cli log = broker("log", "0", "--name", "server.log", "--lines", "20");
        assertThat(log.exitCode()).as(log.err()).isZero();
        assertThat(log.out().lines().count()).isBetween(1L, 20L);

        Cli restart = broker("restart", "0", "--timeout", "2m");
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        JsonNode restarted = list("0").get(0);
        assertThat(restarted.path("state").asText()).isEqualTo("running");
        assertThat(restarted.path("task").path("id").asText()).isNotEqualTo(firstTask);

        Cli explain = broker("explain", "0");
        assertThat(explain.exitCode()).isZero();
        assertThat(explain.out()).startsWith("broker 0 (active): running on 127.12.0.1");

        Cli stop = broker("stop", "0", "--timeout", "2m");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(scheduler.local().process(restarted.path("task").path("id").asText())).isEmpty();

        Cli remove = broker("remove", "0");
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(remove.out()).contains("broker 0 removed");
        assertThat(broker("list").out()).doesNotContain("\n0 ");
    }

    @Test
    void badInput_isRefusedWithAClearMessage_andANonZeroExit_andChangesNothing() {
        assertThat(broker("add", "1", "--mem", "1024", "--heap", "256").exitCode()).isZero();
        JsonNode before = list("1");

        Cli unknownBroker = broker("start", "9", "--timeout", "0");
        assertThat(unknownBroker.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
        assertThat(unknownBroker.err()).startsWith("kafka-mesos broker start: ").contains("no broker matches '9'");

        Cli badIds = broker("stop", "1..", "--timeout", "0");
        assertThat(badIds.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
        assertThat(badIds.err()).startsWith("kafka-mesos broker stop: ").contains("1..");

        Cli badValue = broker("update", "1", "--cpus", "lots");
        assertThat(badValue.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
        assertThat(badValue.err()).startsWith("kafka-mesos broker update: ").contains("cpus", "lots");

        Cli badDuration = broker("update", "1", "--failover-delay", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
        assertThat(badDuration.err()).contains("soon");

        Cli unknownOption = broker("add", "2", "--cpu", "2");
        assertThat(unknownOption.exitCode()).isEqualTo(64);
        assertThat(unknownOption.err()).contains("Unknown options: '--cpu'", "Possible solutions: --cpus");

        Cli existing = broker("add", "1");
        assertThat(existing.exitCode()).isEqualTo(BrokerCli.EXIT_REFUSED);
        assertThat(existing.err()).startsWith("kafka-mesos broker add: ").contains("1");

        Cli unreachable = Cli.run("broker", "list", "--api", "http://127.12.0.1:1");
        assertThat(unreachable.exitCode()).isEqualTo(BrokerCli.EXIT_FAILED);
        assertThat(unreachable.err()).contains("cannot reach the scheduler at http://127.12.0.1:1/");

        assertThat(list("1")).isEqualTo(before);
    }

    @Test
    void explain_ofABrokerThatFitsNoAgent_saysWhyInOneParagraph() {
        assertThat(broker("add", "5", "--cpus", "64").exitCode()).isZero();
        assertThat(broker("start", "5", "--timeout", "0").exitCode()).isZero();

        String explanation = await().atMost(Duration.ofSeconds(30)).until(() -> broker("explain", "5").out(),
                out -> out.contains("cpus"));

        List<String> lines = explanation.strip().lines().toList();
        assertThat(lines.get(0)).as("one paragraph for the broker").startsWith("broker 5 (active): no task").contains("64");
        assertThat(lines.subList(1, lines.size())).as("then only where the quorum's voter changes stand")
                .allSatisfy(line -> assertThat(line).startsWith("quorum voters: "));
        assertThat(broker("stop", "5", "--timeout", "30s").exitCode()).isZero();
    }
}
