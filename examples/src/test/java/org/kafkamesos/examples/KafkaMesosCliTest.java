package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line's shape: mesos/kafka's top-level commands beside the groups, and help at any depth. */
class KafkaMesosCliTest {

    @Test
    void mesosKafkasTopLevelCommands_areThoseOfTheBrokerGroup() {
        CommandLine cli = KafkaMesosCli.commandLine();
        CommandLine broker = cli.getSubcommands().get("broker");

        for (String name : List.of("add", "clone", "update", "remove", "start", "stop", "restart", "list", "log", "status")) {
            assertThat(cli.getSubcommands()).as("top-level %s", name).containsKey(name);
            assertThat(cli.getSubcommands().get(name).getCommand().getClass())
                    .isEqualTo(broker.getSubcommands().get(name).getCommand().getClass());
        }
    }

    @Test
    void help_atAnyDepth_showsThatCommandsUsage() {
        Cli nested = Cli.run("help", "broker", "add");
        Cli top = Cli.run("help", "add");
        Cli root = Cli.run("help");

        assertThat(nested.exitCode()).isZero();
        assertThat(nested.out()).startsWith("Usage: kafka-mesos broker add").contains("--heap");
        assertThat(top.out()).startsWith("Usage: kafka-mesos add").contains("--heap");
        assertThat(root.out()).startsWith("Usage: kafka-mesos").contains("status");
    }

    @Test
    void quickstart_withAnotherNumberOfAgents_isRefusedBeforeAnythingStarts_sayingWhereThatOptionServes() {
        Cli cli = Cli.run("quickstart", "--local-agents", "0");

        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).contains("--local-agents: the quickstart runs 3 agents, one per broker, got 0")
                .contains("kafka-mesos scheduler --local-agents N");
    }

    @Test
    void help_ofAnUnknownCommand_isRefusedListingTheAcceptedOnes() {
        Cli cli = Cli.run("help", "broker", "bogus");

        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).contains("'bogus' is no command of 'kafka-mesos broker'; accepted: add, clone, update");
    }

    @Test
    void status_withoutAScheduler_saysItCannotReachIt() {
        Cli cli = Cli.run("status", "--api", "http://127.0.0.1:1");

        assertThat(cli.exitCode()).isEqualTo(BrokerCli.EXIT_FAILED);
        assertThat(cli.err()).startsWith("kafka-mesos status: cannot reach the scheduler at http://127.0.0.1:1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "add 0 --bind-address if:eth1        | kafka-mesos add: option --bind-address of mesos/kafka has no counterpart here: a broker "
            + "listens on the address of the agent",
        "broker update 0 --log4j-options=x   | kafka-mesos broker update: option --log4j-options of mesos/kafka has no counterpart "
            + "here: Kafka 4 logs through log4j2",
        "restart 0 --noWaitForReplication    | kafka-mesos restart: option --noWaitForReplication of mesos/kafka has no counterpart "
            + "here: a restart always waits",
        "topic rebalance *                   | kafka-mesos topic: 'topic rebalance' of mesos/kafka is not served here: a rebalance "
            + "here spreads the partitions of every topic at once, throttled: 'rebalance start --broker IDS --replicas N'",
        "topic realign                       | kafka-mesos topic: 'topic realign' of mesos/kafka is not served here",
    })
    void mesosKafkasOptionsAndCommandsWithoutCounterpart_areRefusedNamingOurs(String line, String message) {
        Cli cli = Cli.run(line.split(" "));

        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).startsWith(message);
    }

    @Test
    void mesosKafkasStopForce_andClone_areCommandLinesOfOurs() {
        CommandLine cli = KafkaMesosCli.commandLine();

        assertThat(cli.parseArgs("stop", "0..2", "--force").subcommand().matchedOptionValue("--force", false)).isTrue();
        assertThat(cli.parseArgs("broker", "clone", "3..5", "--source", "0").subcommand().subcommand()
                .matchedOptionValue("--source", "")).isEqualTo("0");
        assertThat(Cli.run("clone", "3").err()).contains("Missing required option: '--source=ID'");
    }
}
