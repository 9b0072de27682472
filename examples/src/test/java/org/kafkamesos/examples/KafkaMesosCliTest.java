package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's shape: mesos/kafka's top-level commands beside the groups, and help at any depth. */
class KafkaMesosCliTest {

    @Test
    void mesosKafkasTopLevelCommands_areThoseOfTheBrokerGroup() {
        CommandLine cli = KafkaMesosCli.commandLine();
        CommandLine broker = cli.getSubcommands().get("broker");

        for (String name : List.of("add", "update", "remove", "start", "stop", "restart", "list", "log", "status")) {
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
    void help_ofAnUnknownCommand_isRefusedListingTheAcceptedOnes() {
        Cli cli = Cli.run("help", "broker", "clone");

        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).contains("'clone' is no command of 'kafka-mesos broker'; accepted: add, update");
    }

    @Test
    void status_withoutAScheduler_saysItCannotReachIt() {
        Cli cli = Cli.run("status", "--api", "http://127.0.0.1:1");

        assertThat(cli.exitCode()).isEqualTo(BrokerCli.EXIT_FAILED);
        assertThat(cli.err()).startsWith("kafka-mesos status: cannot reach the scheduler at http://127.0.0.1:1");
    }
}
